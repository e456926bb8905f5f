package io.driftline.storage;

import io.driftline.change.ConfigChange;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link ConfigHistoryStore} of {@link InMemoryStorage}; guarded by the storage's monitor. */
final class InMemoryConfigHistoryStore implements ConfigHistoryStore {
  private final InMemoryStorage owner;
  private final Map<String, ConfigChange> changes = new HashMap<>();

  InMemoryConfigHistoryStore(InMemoryStorage owner) {
    this.owner = owner;
  }

  @Override
  public void write(ConfigChange change) {
    synchronized (owner) {
      owner.ensureOpen();
      changes.put(change.changeId(), change);
    }
  }

  @Override
  public Optional<ConfigChange> get(String changeId) {
    synchronized (owner) {
      owner.ensureOpen();
      return Optional.ofNullable(changes.get(changeId));
    }
  }

  @Override
  public List<ConfigChange> find(
      String clusterId,
      Optional<String> namespace,
      Optional<String> workloadName,
      long from,
      long to,
      int limit,
      int offset) {
    synchronized (owner) {
      owner.ensureOpen();
      return changes.values().stream()
          .filter(c -> c.clusterId().equals(clusterId))
          .filter(c -> namespace.map(c.namespace()::equals).orElse(true))
          .filter(c -> workloadName.map(c.workloadName()::equals).orElse(true))
          .filter(c -> c.changedAtMillis() >= from && c.changedAtMillis() < to)
          .sorted(
              Comparator.comparingLong(ConfigChange::changedAtMillis)
                  .reversed()
                  .thenComparing(ConfigChange::changeId))
          .skip(offset)
          .limit(limit)
          .toList();
    }
  }

  int size() {
    return changes.size();
  }
}
