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
import java.util.function.Function;
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
 * pull returns the rest and names the gap in {@link SourceBatch#warnings()}.
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
      pods = list("list pods", o -> client.pods().inAnyNamespace().list(o));
    } catch (ApiFailure f) {
      throw new SourceException(
          NAME + ": " + f.getMessage(),
          f.code() > 0 ? OptionalInt.of(f.code()) : OptionalInt.empty(),
          f);
    }
    Map<String, PodMetrics> podUsage = podUsage(warnings);
    Workloads workloads =
        new Workloads(
            optional(
                "list replicasets",
                o -> client.apps().replicaSets().inAnyNamespace().list(o),
                warnings));
    List<PodMetric> rows = new ArrayList<>();
    for (Pod pod : pods) {
      String namespace = pod.getMetadata().getNamespace();
      if (!PodRows.active(pod) || !request.includes(namespace)) continue;
      Optional<PodMetrics> usage =
          Optional.ofNullable(podUsage.get(namespace + "/" + pod.getMetadata().getName()));
      rows.add(PodRows.row(request.clusterId(), pod, workloads.of(pod), usage, now));
    }
    List<CapacitySnapshot> capacity = capacity(request.clusterId(), now, pods, warnings);
    List<ConfigChange> changes = configChanges(request, now, warnings);
    warnings.forEach(w -> LOG.warn("eks source, cluster {}: {}", request.clusterId(), w));
    return new SourceBatch(rows, capacity, changes, warnings);
  }

  private List<CapacitySnapshot> capacity(
      String clusterId, long now, List<Pod> pods, List<String> warnings) {
    List<Node> nodes = optional("list nodes", o -> client.nodes().list(o), warnings);
    if (nodes == null) return List.of();
    Map<String, NodeMetrics> usage = new HashMap<>();
    List<NodeMetrics> metrics =
        metrics(
            "nodes",
            () ->
                ApiLists.all(
                    "metrics.k8s.io list nodes",
                    settings.pageSize(),
                    o -> metricsClient.resources(NodeMetrics.class).list(o)),
            warnings);
    for (NodeMetrics m : metrics) usage.put(m.getMetadata().getName(), m);
    return NodeGroups.snapshot(
            clusterId, now, nodes, pods, usage, settings.nodeGroupLabel(), warnings)
        .map(List::of)
        .orElse(List.of());
  }

  private Map<String, PodMetrics> podUsage(List<String> warnings) {
    Map<String, PodMetrics> usage = new HashMap<>();
    List<PodMetrics> metrics =
        metrics(
            "pods",
            () ->
                ApiLists.all(
                    "metrics.k8s.io list pods",
                    settings.pageSize(),
                    o -> metricsClient.resources(PodMetrics.class).inAnyNamespace().list(o)),
            warnings);
    for (PodMetrics m : metrics) {
      usage.put(m.getMetadata().getNamespace() + "/" + m.getMetadata().getName(), m);
    }
    return usage;
  }

  private List<ConfigChange> configChanges(PullRequest request, long now, List<String> warnings) {
    List<HorizontalPodAutoscaler> hpas =
        optional(
            "list horizontalpodautoscalers",
            o -> client.autoscaling().v2().horizontalPodAutoscalers().inAnyNamespace().list(o),
            warnings);
    List<Deployment> deployments =
        optional(
            "list deployments",
            o -> client.apps().deployments().inAnyNamespace().list(o),
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

  /** A list the pull can do without: on failure a warning and {@code null}. */
  private <T extends HasMetadata> List<T> optional(
      String what, Function<ListOptions, KubernetesResourceList<T>> call, List<String> warnings) {
    try {
      return list(what, call);
    } catch (ApiFailure f) {
      warnings.add(
          f.getMessage() + (f.forbidden() ? " (see the RBAC rules in docs/sources.md)" : ""));
      return null;
    }
  }

  private <T extends HasMetadata> List<T> list(
      String what, Function<ListOptions, KubernetesResourceList<T>> call) throws ApiFailure {
    return ApiLists.all(what, settings.pageSize(), call);
  }

  /** Usage the pull can do without; an API that is absent or down leaves pods without usage. */
  private <T> List<T> metrics(String of, MetricsCall<T> call, List<String> warnings) {
    try {
      return call.get();
    } catch (ApiFailure f) {
      String consequence =
          of.equals("pods") ? "pods without cpu_cores and memory_bytes" : "nodes without usage";
      String hint =
          f.notServed()
              ? " (metrics.k8s.io is not served: is metrics-server installed and its APIService available?)"
              : f.forbidden() ? " (see the RBAC rules in docs/sources.md)" : "";
      warnings.add(f.getMessage() + ": " + consequence + hint);
      return List.of();
    }
  }

  @FunctionalInterface
  private interface MetricsCall<T> {
    List<T> get() throws ApiFailure;
  }

  @Override
  public void close() {
    if (metricsClient != client) metricsClient.close();
    client.close();
  }
}
