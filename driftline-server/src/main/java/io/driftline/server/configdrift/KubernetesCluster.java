package io.driftline.server.configdrift;

import io.driftline.config.ResourceId;
import io.driftline.server.config.ConfigDriftSettings;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.File;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The live side of configuration drift: reads, applies and annotates objects through the Kubernetes
 * API (fabric8 kubernetes-client). Objects cross this boundary as plain trees (what {@link
 * io.driftline.config.ManifestDiffer} compares), in the API's JSON shape.
 *
 * <p>Needs (RBAC): {@code get, list} on the {@link KubeKind} kinds and on pods; {@code create,
 * patch} on them to provision and remediate; {@code create} on events; {@code get} on {@code
 * pods.metrics.k8s.io} for usage (optional).
 */
public final class KubernetesCluster implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(KubernetesCluster.class.getName());
  private final KubernetesClient client;
  private final KubernetesSerialization json;

  public KubernetesCluster(KubernetesClient client) {
    this.client = client;
    this.json = client.getKubernetesSerialization();
  }

  /** A client configured from the {@code kubernetes.*} keys; connects lazily. */
  public static KubernetesCluster connect(ConfigDriftSettings.Kubernetes s) {
    Config base;
    if (s.inCluster()) {
      // only the pod's service account: fabric8 then reads the token and CA from the pod
      System.setProperty(Config.KUBERNETES_AUTH_TRYKUBECONFIG_SYSTEM_PROPERTY, "false");
      base = Config.autoConfigure(null);
    } else if (s.kubeconfig().isPresent()) {
      base =
          Config.fromKubeconfig(
              s.context().orElse(null), new File(s.kubeconfig().get().toString()));
    } else {
      base = Config.autoConfigure(s.context().orElse(null));
    }
    ConfigBuilder b = new ConfigBuilder(base);
    s.masterUrl().ifPresent(b::withMasterUrl);
    b.withRequestTimeout((int) s.requestTimeout().toMillis());
    // fabric8 retries 10 times by default: an API answer should not wait that long behind it
    b.withRequestRetryBackoffLimit(2);
    return new KubernetesCluster(new KubernetesClientBuilder().withConfig(b.build()).build());
  }

  /** From this many namespaces of one kind on, one list call over all namespaces is cheaper. */
  static final int ALL_NAMESPACES_FROM = 8;

  /** Items per list page. */
  static final int PAGE = 500;

  private static final com.fasterxml.jackson.databind.ObjectMapper LIST_JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  /**
   * The live objects of these kinds in these namespaces, keyed by {@link ResourceId#toString()}.
   * Few namespaces: one list call per kind and namespace, which keeps unrelated objects out of
   * memory and works with namespace-scoped RBAC (Roles). Many: one call per kind over all
   * namespaces (a round trip per namespace costs more than skipping the unrelated objects), falling
   * back to per-namespace calls when that is forbidden.
   */
  public Map<String, Map<String, Object>> list(
      Map<KubeKind, ? extends java.util.Collection<String>> where) {
    Map<String, Map<String, Object>> out = new HashMap<>();
    for (var e : where.entrySet()) {
      KubeKind kind = e.getKey();
      java.util.Set<String> namespaces = new java.util.HashSet<>(e.getValue());
      if (namespaces.size() >= ALL_NAMESPACES_FROM) {
        try {
          stream(kind, Optional.empty(), namespaces, out);
          continue;
        } catch (KubernetesClientException ex) {
          if (ex.getCode() != 403) throw ex;
        }
      }
      for (String ns : namespaces) stream(kind, Optional.of(ns), namespaces, out);
    }
    return out;
  }

  /**
   * One list, read in chunks of {@value #PAGE} ({@code limit}/{@code continue}, as kubectl does)
   * and decoded item by item straight into trees: no typed objects, no whole list in memory.
   */
  private void stream(
      KubeKind kind,
      Optional<String> namespace,
      java.util.Set<String> wanted,
      Map<String, Map<String, Object>> out) {
    String next = "";
    do {
      String url =
          client.getMasterUrl().toString().replaceAll("/$", "")
              + kind.path(namespace)
              + "?limit="
              + PAGE
              + (next.isEmpty()
                  ? ""
                  : "&continue="
                      + java.net.URLEncoder.encode(next, java.nio.charset.StandardCharsets.UTF_8));
      next = page(kind, url, wanted, out);
    } while (!next.isEmpty());
  }

  /** Reads one page into {@code out}; returns the continue token, empty on the last page. */
  @SuppressWarnings("unchecked")
  private String page(
      KubeKind kind,
      String url,
      java.util.Set<String> wanted,
      Map<String, Map<String, Object>> out) {
    var http = client.getHttpClient();
    // a page is small (PAGE items); reading it whole is faster than fabric8's async stream bridge
    io.fabric8.kubernetes.client.http.HttpResponse<byte[]> response;
    try {
      response = http.sendAsync(http.newHttpRequestBuilder().uri(url).build(), byte[].class).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KubernetesClientException("interrupted listing " + url, e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new KubernetesClientException("cannot list " + url + ": " + e.getCause(), e.getCause());
    }
    String next = "";
    try (var parser = LIST_JSON.createParser(response.body())) {
      if (!response.isSuccessful()) {
        throw new KubernetesClientException(
            "listing " + url + " answered " + response.code(), response.code(), null);
      }
      if (parser.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
        throw new KubernetesClientException("listing " + url + " answered no JSON object");
      }
      while (parser.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        parser.nextToken();
        if (field.equals("items") && parser.currentToken().isStructStart()) {
          while (parser.nextToken() == com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
            Map<String, Object> tree = parser.readValueAs(Map.class);
            tree.putIfAbsent("kind", kind.kind());
            tree.putIfAbsent("apiVersion", kind.apiVersion());
            ResourceId id = ResourceId.of(tree);
            if (wanted.contains(id.namespace())) out.put(id.toString(), tree);
          }
        } else if (field.equals("metadata") && parser.currentToken().isStructStart()) {
          Map<String, Object> meta = parser.readValueAs(Map.class);
          Object token = meta.get("continue");
          next = token == null ? "" : token.toString();
        } else {
          parser.skipChildren();
        }
      }
    } catch (java.io.IOException e) {
      throw new KubernetesClientException("cannot read list " + url + ": " + e.getMessage(), e);
    }
    return next;
  }

  private void put(Map<String, Map<String, Object>> out, HasMetadata item, KubeKind kind) {
    Map<String, Object> tree = tree(item, kind);
    out.put(ResourceId.of(tree).toString(), tree);
  }

  /** The live object, empty when it does not exist. */
  public Optional<Map<String, Object>> get(KubeKind kind, String namespace, String name) {
    HasMetadata item = client.resources(kind.type()).inNamespace(namespace).withName(name).get();
    return Optional.ofNullable(item).map(i -> tree(i, kind));
  }

  /**
   * Server-side apply of the desired object as {@code fieldManager}, taking over conflicting fields
   * ({@code force}): afterwards the cluster holds what is desired. An object that does not exist is
   * created.
   */
  public Map<String, Object> apply(
      KubeKind kind, Map<String, Object> desired, String fieldManager) {
    HasMetadata object = json.convertValue(desired, kind.type());
    HasMetadata result;
    try {
      result =
          client.resource(object).fieldManager(fieldManager).forceConflicts().serverSideApply();
    } catch (KubernetesClientException e) {
      // an API server creates on apply. One without server-side apply (before 1.16, or fabric8's
      // mock) answers 415: then create, or apply on the client: the desired fields laid over the
      // live object, written back with its resourceVersion (a conflict fails, as apply would).
      if (e.getCode() != 404 && e.getCode() != 415) throw e;
      var named =
          client
              .resources(kind.type())
              .inNamespace(object.getMetadata().getNamespace())
              .withName(object.getMetadata().getName());
      HasMetadata existing = named.get();
      if (existing == null) {
        result = client.resource(object).create();
      } else {
        Map<String, Object> merged = tree(existing, kind);
        overlay(merged, desired);
        result = client.resource(json.convertValue(merged, kind.type())).update();
      }
    }
    return tree(result, kind);
  }

  /**
   * Records a core/v1 Event on the object (as {@code kubectl describe} shows it). Failures are
   * logged, not thrown: an event is a courtesy, the drift event is the record.
   */
  public void event(
      Map<String, Object> object, String type, String reason, String message, Instant at) {
    ResourceId id = ResourceId.of(object);
    @SuppressWarnings("unchecked")
    Map<String, Object> meta = (Map<String, Object>) object.getOrDefault("metadata", Map.of());
    String ts = at.toString();
    Event event =
        new EventBuilder()
            .withNewMetadata()
            .withName(id.name() + "." + UUID.randomUUID().toString().substring(0, 13))
            .withNamespace(id.namespace())
            .endMetadata()
            .withNewInvolvedObject()
            .withApiVersion(String.valueOf(object.get("apiVersion")))
            .withKind(id.kind())
            .withName(id.name())
            .withNamespace(id.namespace())
            .withUid(meta.get("uid") == null ? null : String.valueOf(meta.get("uid")))
            .endInvolvedObject()
            .withType(type)
            .withReason(reason)
            .withMessage(message.length() > 1024 ? message.substring(0, 1021) + "..." : message)
            .withNewSource()
            .withComponent("driftline")
            .endSource()
            .withReportingComponent("driftline")
            .withFirstTimestamp(ts)
            .withLastTimestamp(ts)
            .withCount(1)
            .build();
    try {
      client.v1().events().inNamespace(id.namespace()).resource(event).create();
    } catch (KubernetesClientException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot record event on " + id + ": " + e.getMessage());
    }
  }

  /** Pods of a namespace with all of these labels. */
  public List<Pod> pods(String namespace, Map<String, String> labels) {
    return client.pods().inNamespace(namespace).withLabels(labels).list().getItems();
  }

  /** Usage of these pods from metrics.k8s.io; empty when the metrics API does not answer. */
  public List<PodMetrics> usage(String namespace, Map<String, String> labels) {
    try {
      return client.top().pods().inNamespace(namespace).withLabels(labels).metrics().getItems();
    } catch (KubernetesClientException e) {
      return List.of();
    }
  }

  /** Persistent volume claims of a namespace whose names start with {@code prefix}. */
  public List<io.fabric8.kubernetes.api.model.PersistentVolumeClaim> claims(
      String namespace, String prefix) {
    return client.persistentVolumeClaims().inNamespace(namespace).list().getItems().stream()
        .filter(c -> c.getMetadata().getName().startsWith(prefix))
        .toList();
  }

  /** Events recorded in a namespace (what {@link #event} wrote, among others). */
  public List<Event> events(String namespace) {
    return client.v1().events().inNamespace(namespace).list().getItems();
  }

  /**
   * Lays {@code desired} over {@code live} as an apply would set it: maps field by field, lists of
   * named items item by item (by {@code name}, in the desired order, each laid over its live
   * counterpart so defaults stay), other lists replaced.
   */
  @SuppressWarnings("unchecked")
  static void overlay(Map<String, Object> live, Map<String, Object> desired) {
    for (var e : desired.entrySet()) {
      Object have = live.get(e.getKey());
      Object want = e.getValue();
      if (have instanceof Map<?, ?> hm && want instanceof Map<?, ?> wm) {
        overlay((Map<String, Object>) hm, (Map<String, Object>) wm);
      } else if (have instanceof List<?> hl && want instanceof List<?> wl && named(wl)) {
        List<Object> out = new java.util.ArrayList<>();
        for (Object w : wl) {
          Object name = ((Map<?, ?>) w).get("name");
          Map<String, Object> item =
              hl.stream()
                  .filter(h -> h instanceof Map<?, ?> m && name.equals(m.get("name")))
                  .map(h -> new java.util.LinkedHashMap<>((Map<String, Object>) h))
                  .findFirst()
                  .orElseGet(java.util.LinkedHashMap::new);
          overlay(item, (Map<String, Object>) w);
          out.add(item);
        }
        live.put(e.getKey(), out);
      } else {
        live.put(e.getKey(), want);
      }
    }
  }

  private static boolean named(List<?> items) {
    return !items.isEmpty()
        && items.stream().allMatch(i -> i instanceof Map<?, ?> m && m.get("name") != null);
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> tree(HasMetadata item, KubeKind kind) {
    Map<String, Object> tree = json.convertValue(item, Map.class);
    // lists leave apiVersion/kind out of their items
    tree.putIfAbsent("kind", kind.kind());
    tree.putIfAbsent("apiVersion", item.getApiVersion());
    return tree;
  }

  public KubernetesClient client() {
    return client;
  }

  @Override
  public void close() {
    client.close();
  }
}
