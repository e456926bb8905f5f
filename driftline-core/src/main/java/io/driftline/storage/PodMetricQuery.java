package io.driftline.storage;

import java.util.Optional;

/**
 * Pod rows of one namespace of one cluster with {@code from <= time < to}, optionally of one pod or
 * one workload, skipping {@code offset} rows and returning at most {@code limit}.
 */
public record PodMetricQuery(
    String clusterId,
    String namespace,
    Optional<String> podName,
    Optional<String> workloadName,
    long fromMillis,
    long toMillis,
    int limit,
    int offset) {

  public PodMetricQuery {
    if (limit < 0) throw new IllegalArgumentException("limit must be >= 0 but was " + limit);
    if (offset < 0) throw new IllegalArgumentException("offset must be >= 0 but was " + offset);
  }

  public static PodMetricQuery pod(
      String cluster, String namespace, String pod, long from, long to, int limit, int offset) {
    return new PodMetricQuery(
        cluster, namespace, Optional.of(pod), Optional.empty(), from, to, limit, offset);
  }

  public static PodMetricQuery workload(
      String cluster,
      String namespace,
      String workload,
      long from,
      long to,
      int limit,
      int offset) {
    return new PodMetricQuery(
        cluster, namespace, Optional.empty(), Optional.of(workload), from, to, limit, offset);
  }
}
