package io.driftline.storage;

import io.driftline.capacity.CapacitySnapshot;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** {@link CapacityStore} of {@link InMemoryStorage}; guarded by the storage's monitor. */
final class InMemoryCapacityStore implements CapacityStore {
  private final InMemoryStorage owner;
  private final Map<String, TreeMap<Long, CapacitySnapshot>> byCluster = new TreeMap<>();

  InMemoryCapacityStore(InMemoryStorage owner) {
    this.owner = owner;
  }

  @Override
  public void write(CapacitySnapshot snapshot) {
    synchronized (owner) {
      owner.ensureOpen();
      byCluster
          .computeIfAbsent(snapshot.clusterId(), c -> new TreeMap<>())
          .put(snapshot.epochMillis(), snapshot);
    }
  }

  @Override
  public List<String> clusters() {
    synchronized (owner) {
      return List.copyOf(byCluster.keySet());
    }
  }

  @Override
  public Optional<CapacitySnapshot> latest(String clusterId) {
    synchronized (owner) {
      owner.ensureOpen();
      var snapshots = byCluster.get(clusterId);
      return snapshots == null || snapshots.isEmpty()
          ? Optional.empty()
          : Optional.of(snapshots.lastEntry().getValue());
    }
  }

  @Override
  public List<CapacitySnapshot> range(String clusterId, long from, long to, int limit) {
    synchronized (owner) {
      owner.ensureOpen();
      var snapshots = byCluster.get(clusterId);
      if (snapshots == null || from >= to) return List.of();
      return snapshots.subMap(from, true, to, false).values().stream().limit(limit).toList();
    }
  }

  int size() {
    return byCluster.values().stream().mapToInt(Map::size).sum();
  }
}
