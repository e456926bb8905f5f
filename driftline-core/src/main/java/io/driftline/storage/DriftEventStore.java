package io.driftline.storage;

import io.driftline.drift.DriftCategory;
import io.driftline.drift.DriftEvent;
import java.util.List;
import java.util.Optional;

/** Drift events ({@code drift_events}), partitioned by cluster, env and drift date. */
public interface DriftEventStore {

  /** Stores an event; the same {@code drift_id} again replaces it. */
  void write(DriftEvent event);

  Optional<DriftEvent> get(String driftId);

  /** The event of this workload and category that is not resolved, if any (the newest). */
  Optional<DriftEvent> open(
      String clusterId, String namespace, String workloadName, DriftCategory category);

  /** Events matching every given filter, newest start first. */
  List<DriftEvent> find(DriftEventQuery query);
}
