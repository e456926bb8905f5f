package io.driftline.sources.kubernetes;

import io.driftline.capacity.CapacitySnapshot;
import io.driftline.change.ConfigChange;
import io.driftline.sources.PullRequest;
import io.driftline.sources.SourceBatch;
import io.driftline.sources.SourceException;
import io.driftline.sources.TelemetrySource;
import io.driftline.workload.PodMetric;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.NodeMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code eks} source: reads a Kubernetes (EKS or any) cluster's API as it is at the time of the
 * pull and maps it to Driftline's model: nodes to a capacity snapshot, pods (with {@code
 * metrics.k8s.io} usage) to pod metric rows, and changed Deployments and HPAs to config changes.
 *
 * <p>The Kubernetes API holds no history, so every pull is a snapshot stamped with the time it was
 * taken; the request's start and end select nothing, its namespaces filter the rows and changes.
 * Pods are the part a pull cannot do without (their failure fails the pull); nodes, ReplicaSets,
 * Deployments, HPAs and the metrics API are each optional: when one is forbidden or not served, the
 * pull returns the rest and names the gap in {@link SourceBatch#warnings()}. Where only some
 * namespaces may be read (a Role instead of a ClusterRole), a request naming namespaces reads them
 * one by one after the cluster-wide list is forbidden.
 *
 * <pre>{@code
 * KubernetesSource.create(config.eks()).ifPresent(registry::register);
 * }</pre>
 */
public final class KubernetesSource implements TelemetrySource {
  public static final String NAME = "eks";
  private static final Logger LOG = LoggerFactory.getLogger(KubernetesSource.class);

  private final KubernetesClient client;
  private final KubernetesClient metricsClient;
  private final KubernetesSourceSettings settings;
  private final Clock clock;
  private final SpecTracker specs = new SpecTracker();

  /**
   * @param metricsClient where {@code metrics.k8s.io} is read; usually {@code client} itself
   */
  public KubernetesSource(
      KubernetesClient client,
      KubernetesClient metricsClient,
      KubernetesSourceSettings settings,
      Clock clock) {
    this.client = client;
    this.metricsClient = metricsClient;
    this.settings = settings;
    this.clock = clock;
  }

  /**
   * The source of the settings' cluster, or empty when the settings configure none ({@code
   * sources.eks.in_cluster} false and no {@code sources.eks.kubeconfig}).
   *
   * @throws IllegalArgumentException when the settings name a cluster that cannot be configured (no
   *     service account in the pod, an unreadable kubeconfig, an unknown context)
   */
  public static Optional<TelemetrySource> create(KubernetesSourceSettings settings) {
    if (!settings.configured()) return Optional.empty();
    var config = KubernetesClients.config(settings, System.getenv());
    KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
    KubernetesClient metrics =
        settings
            .metricsEndpoint()
            .map(
                url ->
                    new KubernetesClientBuilder()
                        .withConfig(KubernetesClients.redirected(config, url.toString()))
                        .build())
            .orElse(client);
    return Optional.of(new KubernetesSource(client, metrics, settings, Clock.systemUTC()));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public SourceBatch pull(PullRequest request) throws SourceException {
    long now = clock.millis();
    List<String> warnings = new ArrayList<>();
    List<Pod> pods;
    try {
      pods = namespaced("list pods", in(client, Pod.class), request, warnings);
    } catch (ApiFailure f) {
      throw new SourceException(
          NAME + ": " + f.getMessage(),
          f.code() > 0 ? OptionalInt.of(f.code()) : OptionalInt.empty(),
          f);
    }
    List<PodMetric> rows = podRows(request, pods, now, warnings);
    List<CapacitySnapshot> capacity = capacity(request.clusterId(), now, pods, warnings);
    List<ConfigChange> changes = configChanges(request, now, warnings);
    warnings.forEach(w -> LOG.warn("eks source, cluster {}: {}", request.clusterId(), w));
    return new SourceBatch(rows, capacity, changes, warnings);
  }

  private List<PodMetric> podRows(
      PullRequest request, List<Pod> pods, long now, List<String> warnings) {
    Map<String, PodMetrics> usage = new HashMap<>();
    for (PodMetrics m :
        metrics(
            "pods",
            () ->
                namespaced(
                    "metrics.k8s.io list pods",
                    in(metricsClient, PodMetrics.class),
                    request,
                    warnings),
            warnings)) {
      usage.put(m.getMetadata().getNamespace() + "/" + m.getMetadata().getName(), m);
    }
    Workloads workloads =
        new Workloads(
            optional(
                () ->
                    namespaced("list replicasets", in(client, ReplicaSet.class), request, warnings),
                warnings));
    List<PodMetric> rows = new ArrayList<>();
    for (Pod pod : pods) {
      String namespace = pod.getMetadata().getNamespace();
      if (!PodRows.active(pod) || !request.includes(namespace)) continue;
      String key = namespace + "/" + pod.getMetadata().getName();
      try {
        rows.add(
            PodRows.row(
                request.clusterId(),
                pod,
                workloads.of(pod),
                Optional.ofNullable(usage.get(key)),
                now));
      } catch (IllegalArgumentException e) {
        warnings.add("pod " + key + " left out: " + e.getMessage());
      }
    }
    return rows;
  }

  private List<CapacitySnapshot> capacity(
      String clusterId, long now, List<Pod> pods, List<String> warnings) {
    List<Node> nodes =
        optional(
            () -> ApiLists.all("list nodes", settings.pageSize(), client.nodes()::list), warnings);
    if (nodes == null) return List.of();
    Map<String, NodeMetrics> usage = new HashMap<>();
    for (NodeMetrics m :
        metrics(
            "nodes",
            () ->
                ApiLists.all(
                    "metrics.k8s.io list nodes",
                    settings.pageSize(),
                    metricsClient.resources(NodeMetrics.class)::list),
            warnings)) {
      usage.put(m.getMetadata().getName(), m);
    }
    try {
      return NodeGroups.snapshot(
              clusterId, now, nodes, pods, usage, settings.nodeGroupLabel(), warnings)
          .map(List::of)
          .orElse(List.of());
    } catch (IllegalArgumentException e) {
      warnings.add("no capacity snapshot: " + e.getMessage());
      return List.of();
    }
  }

  private List<ConfigChange> configChanges(PullRequest request, long now, List<String> warnings) {
    List<HorizontalPodAutoscaler> hpas =
        optional(
            () ->
                namespaced(
                    "list horizontalpodautoscalers",
                    in(client, HorizontalPodAutoscaler.class),
                    request,
                    warnings),
            warnings);
    List<Deployment> deployments =
        optional(
            () -> namespaced("list deployments", in(client, Deployment.class), request, warnings),
            warnings);
    List<ConfigChange> changes = new ArrayList<>();
    Set<String> scaled = new HashSet<>();
    if (hpas != null) {
      Set<String> seen = new HashSet<>();
      for (HorizontalPodAutoscaler h : hpas) {
        String ns = h.getMetadata().getNamespace();
        String target = TrackedSpecs.scaledDeployment(h);
        if (target != null) scaled.add(SpecTracker.seenKey(ns, target));
        if (!request.includes(ns)) continue;
        seen.add(SpecTracker.seenKey(ns, h.getMetadata().getName()));
        changes.addAll(specs.observe(request.clusterId(), TrackedSpecs.of(h, now)));
      }
      specs.retain(request.clusterId(), TrackedSpecs.HPA, request::includes, seen);
    }
    if (deployments != null) {
      Set<String> seen = new HashSet<>();
      for (Deployment d : deployments) {
        String ns = d.getMetadata().getNamespace();
        if (!request.includes(ns)) continue;
        String key = SpecTracker.seenKey(ns, d.getMetadata().getName());
        seen.add(key);
        // without the HPAs, who set the replica count is unknown: leave replicas out
        boolean hpaScaled = hpas == null || scaled.contains(key);
        changes.addAll(specs.observe(request.clusterId(), TrackedSpecs.of(d, hpaScaled, now)));
      }
      specs.retain(request.clusterId(), TrackedSpecs.DEPLOYMENT, request::includes, seen);
    }
    return changes;
  }

  /** A list call of a namespaced resource; {@code namespace} null means all namespaces. */
  @FunctionalInterface
  interface Namespaced<T extends HasMetadata> {
    KubernetesResourceList<T> list(String namespace, ListOptions options);
  }

  @FunctionalInterface
  private interface Listing<T> {
    List<T> get() throws ApiFailure;
  }

  private static <T extends HasMetadata> Namespaced<T> in(KubernetesClient c, Class<T> type) {
    return (namespace, o) ->
        namespace == null
            ? c.resources(type).inAnyNamespace().list(o)
            : c.resources(type).inNamespace(namespace).list(o);
  }

  /**
   * All items across the cluster; when that is forbidden and the request names namespaces, the
   * items of each of them (with a warning, since capacity then counts their pods only).
   */
  private <T extends HasMetadata> List<T> namespaced(
      String what, Namespaced<T> call, PullRequest request, List<String> warnings)
      throws ApiFailure {
    try {
      return ApiLists.all(what, settings.pageSize(), o -> call.list(null, o));
    } catch (ApiFailure f) {
      if (!f.forbidden() || request.namespaces().isEmpty()) throw f;
      warnings.add(
          f.getMessage() + ": read the namespaces " + request.namespaces() + " one by one");
      List<T> items = new ArrayList<>();
      for (String ns : request.namespaces()) {
        items.addAll(ApiLists.all(what + " in " + ns, settings.pageSize(), o -> call.list(ns, o)));
      }
      return items;
    }
  }

  /** A list the pull can do without: on failure a warning and {@code null}. */
  private <T> List<T> optional(Listing<T> listing, List<String> warnings) {
    try {
      return listing.get();
    } catch (ApiFailure f) {
      warnings.add(
          f.getMessage() + (f.forbidden() ? " (see the RBAC rules in docs/sources.md)" : ""));
      return null;
    }
  }

  /** Usage the pull can do without; an API that is absent or down leaves pods without usage. */
  private <T> List<T> metrics(String of, Listing<T> listing, List<String> warnings) {
    try {
      return listing.get();
    } catch (ApiFailure f) {
      String consequence =
          of.equals("pods") ? "pods without cpu_cores and memory_bytes" : "nodes without usage";
      String hint =
          f.notServed()
              ? " (metrics.k8s.io is not served: is metrics-server installed and its APIService"
                  + " available?)"
              : f.forbidden() ? " (see the RBAC rules in docs/sources.md)" : "";
      warnings.add(f.getMessage() + ": " + consequence + hint);
      return List.of();
    }
  }

  @Override
  public void close() {
    if (metricsClient != client) metricsClient.close();
    client.close();
  }
}
