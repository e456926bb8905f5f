package io.driftline.storage;

import io.driftline.workload.PodMetric;
import java.util.List;

/**
 * Pod observations ({@code drift_telemetry_pod_metrics}). Writes go through {@link
 * StorageComponent#write} with the samples derived from them, so both commit together. A row is
 * identified by cluster, namespace, pod, container and time: writing it again replaces it.
 */
public interface PodMetricStore {

  /** Rows matching the query, oldest first (then by pod and container). */
  List<PodMetric> find(PodMetricQuery query);

  /** Deletes rows older than {@code epochMillis}; returns how many. */
  long deleteBefore(long epochMillis);
}
