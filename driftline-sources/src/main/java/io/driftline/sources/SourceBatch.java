package io.driftline.sources;

import io.driftline.capacity.CapacitySnapshot;
import io.driftline.change.ConfigChange;
import io.driftline.workload.PodMetric;
import java.util.List;

/**
 * What one pull produced, in Driftline's model: pod golden signals (which also feed detection as
 * workload series), capacity snapshots and configuration changes. Any part may be empty.
 *
 * @param warnings gaps of a pull that still succeeded, for the ingest response and the log (e.g.
 *     "metrics.k8s.io is not served: pods without usage"); never contains a secret
 */
public record SourceBatch(
    List<PodMetric> podMetrics,
    List<CapacitySnapshot> capacity,
    List<ConfigChange> configChanges,
    List<String> warnings) {

  public static final SourceBatch EMPTY = new SourceBatch(List.of(), List.of(), List.of());

  public SourceBatch {
    podMetrics = List.copyOf(podMetrics);
    capacity = List.copyOf(capacity);
    configChanges = List.copyOf(configChanges);
    warnings = List.copyOf(warnings);
  }

  /** A batch without warnings. */
  public SourceBatch(
      List<PodMetric> podMetrics,
      List<CapacitySnapshot> capacity,
      List<ConfigChange> configChanges) {
    this(podMetrics, capacity, configChanges, List.of());
  }

  public static SourceBatch ofPodMetrics(List<PodMetric> podMetrics) {
    return new SourceBatch(podMetrics, List.of(), List.of());
  }

  /** Rows of every kind together. */
  public int size() {
    return podMetrics.size() + capacity.size() + configChanges.size();
  }
}
