package io.driftline.workload;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One observation of one pod (row of {@code drift_telemetry_pod_metrics}): where it ran, when, and
 * whichever golden signals and resource figures the source knew.
 *
 * @param container empty when the observation covers the whole pod
 * @param values at least one signal; values are finite and non-negative
 */
public record PodMetric(
    String clusterId,
    String namespace,
    String podName,
    String workloadName,
    Optional<String> container,
    long epochMillis,
    Map<String, String> labels,
    Map<PodSignal, Double> values) {

  public PodMetric {
    requireName("cluster_id", clusterId);
    requireName("namespace", namespace);
    requireName("pod_name", podName);
    requireName("workload_name", workloadName);
    container.ifPresent(c -> requireName("container", c));
    labels = labels.isEmpty() ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(labels));
    if (values.isEmpty())
      throw new IllegalArgumentException("a pod metric needs at least one value");
    values.forEach(
        (signal, value) -> {
          if (!Double.isFinite(value) || value < 0) {
            throw new IllegalArgumentException(
                signal.field() + " must be finite and >= 0 but was " + value);
          }
        });
    values = Collections.unmodifiableMap(new EnumMap<>(values));
  }

  public Optional<Double> value(PodSignal signal) {
    return Optional.ofNullable(values.get(signal));
  }

  /** The workload's id as a detection service: {@code cluster/namespace/workload}. */
  public String workloadId() {
    return WorkloadId.of(clusterId, namespace, workloadName).text();
  }

  private static void requireName(String field, String value) {
    if (value == null || value.isEmpty())
      throw new IllegalArgumentException(field + " is required");
    if (value.indexOf('/') >= 0) {
      throw new IllegalArgumentException(field + " must not contain '/' but was " + value);
    }
  }
}
