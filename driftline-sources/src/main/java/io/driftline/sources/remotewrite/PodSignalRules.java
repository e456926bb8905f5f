package io.driftline.sources.remotewrite;

import io.driftline.sources.prometheus.WorkloadNames;
import io.driftline.workload.PodMetric;
import io.driftline.workload.PodSignal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which remote-write series are also pod rows: {@code metric=signal} rules, a metric optionally
 * narrowed by one label, e.g. {@code
 * kube_pod_container_resource_requests{resource=cpu}=cpu_request_cores}. Only gauges map directly;
 * a counter such as {@code container_cpu_usage_seconds_total} needs a rate, which a Prometheus
 * recording rule provides ({@code driftline:cpu_cores=cpu_cores}). A series becomes a row only when
 * it carries {@code namespace} and {@code pod} labels; the cluster is its {@code cluster} label or
 * the default, the workload its {@code workload} label or derived from the pod name.
 */
public final class PodSignalRules {
  private static final Pattern RULE =
      Pattern.compile(
          "([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{([a-zA-Z_][a-zA-Z0-9_]*)=([^}]*)\\})?=([a-z0-9_]+)");

  private record Rule(String metric, Optional<String> label, String value, PodSignal signal) {
    boolean matches(Map<String, String> labels) {
      return metric.equals(labels.get("__name__"))
          && label.map(l -> value.equals(labels.get(l))).orElse(true);
    }
  }

  private final List<Rule> rules;
  private final String defaultCluster;

  private PodSignalRules(List<Rule> rules, String defaultCluster) {
    this.rules = List.copyOf(rules);
    this.defaultCluster = defaultCluster;
  }

  /** Parses comma-separated rules; the message of a bad one names it. */
  public static PodSignalRules parse(String text, String defaultCluster) {
    List<Rule> rules = new ArrayList<>();
    for (String part : text.split(",")) {
      String rule = part.strip();
      if (rule.isEmpty()) continue;
      Matcher m = RULE.matcher(rule);
      if (!m.matches()) {
        throw new IllegalArgumentException(
            "pod signal rule '" + rule + "' is not metric=signal or metric{label=value}=signal");
      }
      PodSignal signal =
          PodSignal.ofField(m.group(4))
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "pod signal rule '" + rule + "' names no pod signal: " + m.group(4)));
      rules.add(new Rule(m.group(1), Optional.ofNullable(m.group(2)), m.group(3), signal));
    }
    return new PodSignalRules(rules, defaultCluster);
  }

  private record Key(
      String cluster, String namespace, String pod, String workload, String container, long at) {}

  /**
   * The pod rows of {@code series}: one per cluster, namespace, pod, container and time, holding
   * every matched signal; series without a rule, a namespace or a pod are left out, so are
   * non-finite or negative values and names holding '/'.
   */
  public List<PodMetric> podMetrics(List<RemoteWriteDecoder.Series> series) {
    Map<Key, Map<PodSignal, Double>> rows = new LinkedHashMap<>();
    for (RemoteWriteDecoder.Series s : series) {
      Map<String, String> l = s.labels();
      Optional<Rule> rule = rules.stream().filter(r -> r.matches(l)).findFirst();
      String namespace = l.get("namespace");
      String pod = l.get("pod");
      if (rule.isEmpty() || empty(namespace) || empty(pod)) continue;
      String cluster = empty(l.get("cluster")) ? defaultCluster : l.get("cluster");
      String workload = empty(l.get("workload")) ? WorkloadNames.fromPod(pod) : l.get("workload");
      String container = empty(l.get("container")) ? null : l.get("container");
      if (!valid(cluster, namespace, pod, workload, container)) continue;
      for (int i = 0; i < s.timestamps().length; i++) {
        double v = s.values()[i];
        if (!Double.isFinite(v) || v < 0) continue;
        rows.computeIfAbsent(
                new Key(cluster, namespace, pod, workload, container, s.timestamps()[i]),
                k -> new EnumMap<>(PodSignal.class))
            .put(rule.get().signal(), v);
      }
    }
    List<PodMetric> metrics = new ArrayList<>(rows.size());
    rows.forEach(
        (k, values) ->
            metrics.add(
                new PodMetric(
                    k.cluster(),
                    k.namespace(),
                    k.pod(),
                    k.workload(),
                    Optional.ofNullable(k.container()),
                    k.at(),
                    Map.of(),
                    values)));
    return metrics;
  }

  private static boolean empty(String s) {
    return s == null || s.isEmpty();
  }

  private static boolean valid(String... names) {
    for (String n : names) if (n != null && n.indexOf('/') >= 0) return false;
    return true;
  }
}
