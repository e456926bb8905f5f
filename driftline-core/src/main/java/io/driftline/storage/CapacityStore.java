package io.driftline.storage;

import io.driftline.capacity.CapacitySnapshot;
import java.util.List;
import java.util.Optional;

/**
 * Cluster capacity snapshots ({@code drift_cluster_capacity_snapshots}), partitioned by cluster and
 * day. A snapshot is identified by cluster and time: writing it again replaces it.
 */
public interface CapacityStore {

  void write(CapacitySnapshot snapshot);

  Optional<CapacitySnapshot> latest(String clusterId);

  /** Every cluster that has a snapshot, sorted. */
  List<String> clusters();

  /** Snapshots with {@code from <= time < to}, oldest first, at most {@code limit}. */
  List<CapacitySnapshot> range(String clusterId, long fromMillis, long toMillis, int limit);
}
