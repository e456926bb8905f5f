package io.driftline.sources.prometheus;

import io.driftline.capacity.CapacitySnapshot;
import io.driftline.capacity.NodeGroup;
import io.driftline.sources.PullRequest;
import io.driftline.sources.SourceBatch;
import io.driftline.sources.SourceException;
import io.driftline.sources.TelemetrySource;
import io.driftline.sources.http.SourceHttp;
import io.driftline.workload.PodMetric;
import io.driftline.workload.PodSignal;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Pulls pod golden signals and node capacity from a Prometheus server with {@code query_range}: one
 * PromQL query per {@link PodSignal} (see {@link PromQueries} for the defaults) and one per node
 * figure. The window is evaluated at multiples of {@code step} since the epoch, so pulling an
 * overlapping window again yields the same timestamps, which storage and the ingest deduplication
 * recognise.
 *
 * <p>Each container series (labels {@code namespace}, {@code pod}, optionally {@code container})
 * becomes pod rows of the request's cluster; its workload is the {@code workloadLabel} label when
 * present, else derived from the pod name ({@link WorkloadNames}). Series without {@code namespace}
 * and {@code pod} cannot be placed and are left out. Node series become one capacity snapshot per
 * {@code capacityStep}: nodes are grouped by their {@code instance_type} label (or the Kubernetes
 * well-known label as kube-state-metrics exports it), else all in one group {@code nodes}.
 */
public final class PrometheusSource implements TelemetrySource {
  private static final List<String> INSTANCE_TYPE_LABELS =
      List.of(
          "instance_type",
          "node_kubernetes_io_instance_type",
          "label_node_kubernetes_io_instance_type",
          "label_beta_kubernetes_io_instance_type");

  /**
   * What to ask: the server, the {@code Authorization} header value (basic or bearer; a secret),
   * the resolutions, the non-empty queries by signal and by capacity figure, the workload label.
   */
  public record Settings(
      URI url,
      Optional<String> authorization,
      Duration step,
      Duration capacityStep,
      Map<PodSignal, String> queries,
      Map<String, String> capacityQueries,
      String workloadLabel) {

    public Settings {
      Objects.requireNonNull(url, "url");
      requireWholeSeconds("step", step);
      requireWholeSeconds("capacity_step", capacityStep);
      queries = Map.copyOf(queries);
      capacityQueries = Map.copyOf(capacityQueries);
      for (String figure : capacityQueries.keySet()) {
        if (!PromQueries.CAPACITY_DEFAULTS.containsKey(figure)) {
          throw new IllegalArgumentException(
              "unknown capacity figure "
                  + figure
                  + "; known: "
                  + PromQueries.CAPACITY_DEFAULTS.keySet());
        }
      }
    }

    private static void requireWholeSeconds(String name, Duration d) {
      if (d.toMillis() < 1000 || d.toMillis() % 1000 != 0) {
        throw new IllegalArgumentException(
            name + " must be a whole number of seconds >= 1s but was " + d);
      }
    }
  }

  private final Settings settings;
  private final PromApi api;

  public PrometheusSource(Settings settings, SourceHttp http) {
    this.settings = settings;
    this.api = new PromApi(settings.url(), settings.authorization(), http);
  }

  @Override
  public String name() {
    return "prometheus";
  }

  @Override
  public SourceBatch pull(PullRequest request) throws SourceException {
    return new SourceBatch(podMetrics(request), capacity(request), List.of());
  }

  private record Pod(String namespace, String pod) {}

  private record Row(Pod pod, String container, long at) {}

  private List<PodMetric> podMetrics(PullRequest request) throws SourceException {
    long step = settings.step().toMillis();
    long first = alignUp(request.start().toEpochMilli(), step);
    long last = alignDown(request.end().toEpochMilli() - 1, step);
    if (first > last) return List.of();
    Map<Row, Map<PodSignal, Double>> rows = new LinkedHashMap<>();
    Map<Pod, String> workloads = new LinkedHashMap<>();
    for (PodSignal signal : PodSignal.values()) {
      String query = settings.queries().get(signal);
      if (query == null || query.isBlank()) continue;
      for (PromApi.Series s : api.queryRange(signal.field(), query, first, last, step)) {
        String namespace = label(s, "namespace");
        String name = label(s, "pod", "pod_name");
        if (namespace == null || name == null || !request.includes(namespace)) continue;
        Pod pod = new Pod(namespace, name);
        // a query that names the workload wins over the name derived from the pod
        String named = label(s, settings.workloadLabel());
        if (named != null) workloads.put(pod, named);
        else workloads.putIfAbsent(pod, WorkloadNames.fromPod(name));
        String container = label(s, "container", "container_name");
        forEachPoint(
            s,
            (at, value) ->
                rows.computeIfAbsent(
                        new Row(pod, container, at), r -> new EnumMap<>(PodSignal.class))
                    .put(signal, value));
      }
    }
    List<PodMetric> metrics = new ArrayList<>(rows.size());
    rows.forEach(
        (row, values) -> {
          String workload = workloads.get(row.pod());
          if (!valid(row.pod().namespace(), row.pod().pod(), workload, row.container())) return;
          metrics.add(
              new PodMetric(
                  request.clusterId(),
                  row.pod().namespace(),
                  row.pod().pod(),
                  workload,
                  Optional.ofNullable(row.container()),
                  row.at(),
                  Map.of(),
                  values));
        });
    return metrics;
  }

  private List<CapacitySnapshot> capacity(PullRequest request) throws SourceException {
    long step = settings.capacityStep().toMillis();
    long first = alignUp(request.start().toEpochMilli(), step);
    long last = alignDown(request.end().toEpochMilli() - 1, step);
    if (first > last) return List.of();
    // time -> node -> figure -> value; node -> instance type
    Map<Long, Map<String, Map<String, Double>>> byTime = new TreeMap<>();
    Map<String, String> instanceTypes = new TreeMap<>();
    for (var q : settings.capacityQueries().entrySet()) {
      if (q.getValue().isBlank()) continue;
      for (PromApi.Series s : api.queryRange(q.getKey(), q.getValue(), first, last, step)) {
        String node = label(s, "node", "instance");
        if (node == null) continue;
        for (String l : INSTANCE_TYPE_LABELS) {
          String type = s.labels().get(l);
          if (type != null && !type.isEmpty()) instanceTypes.putIfAbsent(node, type);
        }
        forEachPoint(
            s,
            (at, value) ->
                byTime
                    .computeIfAbsent(at, t -> new TreeMap<>())
                    .computeIfAbsent(node, n -> new LinkedHashMap<>())
                    .put(q.getKey(), value));
      }
    }
    List<CapacitySnapshot> snapshots = new ArrayList<>();
    byTime.forEach(
        (at, nodes) ->
            snapshots.add(
                new CapacitySnapshot(request.clusterId(), at, groups(nodes, instanceTypes))));
    return snapshots;
  }

  private static List<NodeGroup> groups(
      Map<String, Map<String, Double>> nodes, Map<String, String> instanceTypes) {
    Map<String, double[]> sums = new TreeMap<>();
    Map<String, Integer> counts = new TreeMap<>();
    List<String> figures = List.copyOf(PromQueries.CAPACITY_DEFAULTS.keySet());
    nodes.forEach(
        (node, values) -> {
          String type = instanceTypes.getOrDefault(node, "unknown");
          double[] sum = sums.computeIfAbsent(type, t -> new double[figures.size()]);
          values.forEach((figure, v) -> sum[figures.indexOf(figure)] += v);
          counts.merge(type, 1, Integer::sum);
        });
    List<NodeGroup> groups = new ArrayList<>();
    sums.forEach(
        (type, s) ->
            groups.add(
                new NodeGroup(
                    type.equals("unknown") ? "nodes" : type,
                    type,
                    counts.get(type),
                    s[figures.indexOf("allocatable_cpu_cores")],
                    s[figures.indexOf("allocatable_memory_bytes")],
                    s[figures.indexOf("requested_cpu_cores")],
                    s[figures.indexOf("requested_memory_bytes")],
                    s[figures.indexOf("used_cpu_cores")],
                    s[figures.indexOf("used_memory_bytes")],
                    java.util.OptionalLong.empty())));
    return groups;
  }

  private interface PointConsumer {
    void accept(long at, double value);
  }

  /** Points with a finite, non-negative value (a counter reset can make a rate briefly odd). */
  private static void forEachPoint(PromApi.Series s, PointConsumer each) {
    for (int part = 0; part < s.millis().size(); part++) {
      long[] at = s.millis().get(part);
      double[] values = s.values().get(part);
      for (int i = 0; i < at.length; i++) {
        if (Double.isFinite(values[i]) && values[i] >= 0) each.accept(at[i], values[i]);
      }
    }
  }

  private static String label(PromApi.Series s, String... names) {
    for (String n : names) {
      String v = s.labels().get(n);
      if (v != null && !v.isEmpty()) return v;
    }
    return null;
  }

  /** Kubernetes names never hold '/', Driftline's ids neither; a series that does is skipped. */
  private static boolean valid(String... names) {
    for (String name : names) {
      if (name != null && name.indexOf('/') >= 0) return false;
    }
    return true;
  }

  static long alignUp(long millis, long step) {
    return Math.floorDiv(millis + step - 1, step) * step;
  }

  static long alignDown(long millis, long step) {
    return Math.floorDiv(millis, step) * step;
  }
}
