package io.driftline.storage;

import io.driftline.drift.DriftCategory;
import io.driftline.drift.DriftEvent;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link DriftEventStore} of {@link InMemoryStorage}; guarded by the storage's monitor. */
final class InMemoryDriftEventStore implements DriftEventStore {
  static final Comparator<DriftEvent> NEWEST_FIRST =
      Comparator.comparingLong(DriftEvent::startMillis)
          .reversed()
          .thenComparing(DriftEvent::driftId);

  private final InMemoryStorage owner;
  private final Map<String, DriftEvent> events = new HashMap<>();

  InMemoryDriftEventStore(InMemoryStorage owner) {
    this.owner = owner;
  }

  @Override
  public void write(DriftEvent event) {
    synchronized (owner) {
      owner.ensureOpen();
      events.put(event.driftId(), event);
    }
  }

  @Override
  public Optional<DriftEvent> get(String driftId) {
    synchronized (owner) {
      owner.ensureOpen();
      return Optional.ofNullable(events.get(driftId));
    }
  }

  @Override
  public Optional<DriftEvent> open(
      String clusterId, String namespace, String workloadName, DriftCategory category) {
    synchronized (owner) {
      owner.ensureOpen();
      return events.values().stream()
          .filter(DriftEvent::isOpen)
          .filter(
              e ->
                  e.clusterId().equals(clusterId)
                      && e.namespace().equals(namespace)
                      && e.workloadName().equals(workloadName)
                      && e.category() == category)
          .min(NEWEST_FIRST);
    }
  }

  @Override
  public List<DriftEvent> find(DriftEventQuery query) {
    synchronized (owner) {
      owner.ensureOpen();
      return events.values().stream()
          .filter(query::matches)
          .sorted(NEWEST_FIRST)
          .skip(query.offset())
          .limit(query.limit())
          .toList();
    }
  }

  int size() {
    return events.size();
  }
}
