package io.driftline.storage;

import io.driftline.health.Transition;
import io.driftline.telemetry.SeriesKey;
import io.driftline.telemetry.StoredSample;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Storage held in memory: for tests and for trying Driftline out. Passes the same contract suite as
 * the durable backends; nothing survives the process.
 */
public final class InMemoryStorage extends StorageComponent
    implements SampleStore, CheckpointStore {
  private final TreeMap<Long, StoredSample> samples = new TreeMap<>();
  // keyed by the series itself: its toString() is ambiguous when label values hold ", " or "="
  private final Map<TransitionId, Transition> transitions = new HashMap<>();
  private final Map<String, ServiceCheckpoint> checkpoints = new HashMap<>();
  private final InMemoryPodMetricStore podMetrics = new InMemoryPodMetricStore(this);
  private final InMemoryCapacityStore capacity = new InMemoryCapacityStore(this);
  private final InMemoryConfigHistoryStore configHistory = new InMemoryConfigHistoryStore(this);
  private final InMemoryDriftEventStore driftEvents = new InMemoryDriftEventStore(this);
  private final InMemoryRecommendationStore recommendations = new InMemoryRecommendationStore(this);
  private final InMemoryDesiredStateStore desiredState = new InMemoryDesiredStateStore(this);
  private final InMemoryRemediationStore remediations = new InMemoryRemediationStore(this);
  private long replayFrom;
  private boolean closed;

  private record TransitionId(SeriesKey series, long seq) {}

  @Override
  public synchronized void write(WriteBatch batch) {
    ensureOpen();
    for (StoredSample s : batch.samples()) samples.put(s.seq(), s);
    for (Transition t : batch.transitions()) {
      transitions.putIfAbsent(new TransitionId(t.series(), t.seq()), t);
    }
    for (ServiceCheckpoint c : batch.checkpoints()) checkpoints.put(c.service(), c);
    batch.replayFrom().ifPresent(seq -> replayFrom = seq);
    podMetrics.put(batch.podMetrics());
  }

  @Override
  public SampleStore samples() {
    return this;
  }

  @Override
  public TransitionStore transitions() {
    return transitionView;
  }

  @Override
  public CheckpointStore checkpoints() {
    return this;
  }

  @Override
  public PodMetricStore podMetrics() {
    return podMetrics;
  }

  @Override
  public CapacityStore capacity() {
    return capacity;
  }

  @Override
  public ConfigHistoryStore configHistory() {
    return configHistory;
  }

  @Override
  public DriftEventStore driftEvents() {
    return driftEvents;
  }

  @Override
  public RecommendationStore recommendations() {
    return recommendations;
  }

  @Override
  public DesiredStateStore desiredState() {
    return desiredState;
  }

  @Override
  public RemediationStore remediations() {
    return remediations;
  }

  @Override
  public synchronized List<StoredSample> range(SeriesKey key, long from, long to, int limit) {
    ensureOpen();
    return samples.values().stream()
        .filter(s -> s.sample().key().equals(key))
        .filter(s -> s.sample().epochMillis() >= from && s.sample().epochMillis() < to)
        .sorted(
            Comparator.comparingLong((StoredSample s) -> s.sample().epochMillis())
                .thenComparingLong(StoredSample::seq))
        .limit(limit)
        .toList();
  }

  @Override
  public void scanAfter(long seq, Consumer<StoredSample> each) {
    List<StoredSample> copy;
    synchronized (this) {
      ensureOpen();
      copy = new ArrayList<>(samples.tailMap(seq, false).values());
    }
    copy.forEach(each);
  }

  @Override
  public synchronized long maxSeq() {
    ensureOpen();
    return samples.isEmpty() ? 0 : samples.lastKey();
  }

  @Override
  public synchronized long count() {
    ensureOpen();
    return samples.size();
  }

  @Override
  public synchronized List<SeriesKey> series(String service) {
    ensureOpen();
    return samples.values().stream()
        .map(s -> s.sample().key())
        .filter(k -> k.service().equals(service))
        .distinct()
        .toList();
  }

  @Override
  public synchronized long deleteBefore(long epochMillis) {
    ensureOpen();
    int before = samples.size();
    samples.values().removeIf(s -> s.sample().epochMillis() < epochMillis);
    return before - samples.size();
  }

  private final TransitionStore transitionView =
      new TransitionStore() {
        @Override
        public List<Transition> forService(String service, int limit) {
          synchronized (InMemoryStorage.this) {
            ensureOpen();
            return transitions.values().stream()
                .filter(t -> t.series().service().equals(service))
                .sorted(Comparator.comparingLong(Transition::seq).reversed())
                .limit(limit)
                .toList();
          }
        }

        @Override
        public long deleteBefore(long epochMillis) {
          synchronized (InMemoryStorage.this) {
            ensureOpen();
            int before = transitions.size();
            transitions.values().removeIf(t -> t.epochMillis() < epochMillis);
            return before - transitions.size();
          }
        }
      };

  @Override
  public synchronized List<ServiceCheckpoint> loadAll() {
    ensureOpen();
    return List.copyOf(checkpoints.values());
  }

  @Override
  public synchronized long replayFrom() {
    ensureOpen();
    return replayFrom;
  }

  @Override
  public CheckResult check() {
    synchronized (this) {
      return closed ? new CheckResult(false, java.util.Optional.of("closed")) : CheckResult.OK;
    }
  }

  @Override
  public synchronized long sizeBytes() {
    return samples.size() * 64L
        + transitions.size() * 256L
        + podMetrics.size() * 256L
        + (capacity.size() + configHistory.size() + driftEvents.size() + recommendations.size())
            * 512L
        + (desiredState.size() + remediations.size()) * 2048L;
  }

  @Override
  public synchronized void close() {
    closed = true;
  }

  void ensureOpen() {
    if (closed) throw new IllegalStateException("storage is closed");
  }
}
