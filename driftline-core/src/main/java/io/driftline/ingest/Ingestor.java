package io.driftline.ingest;

import io.driftline.detect.Detector;
import io.driftline.detect.DetectorSelector;
import io.driftline.health.GoldenSignals;
import io.driftline.health.ServiceHealth;
import io.driftline.health.ServiceSnapshot;
import io.driftline.health.Transition;
import io.driftline.storage.ServiceCheckpoint;
import io.driftline.storage.StorageComponent;
import io.driftline.storage.WriteBatch;
import io.driftline.telemetry.Sample;
import io.driftline.workload.PodMetric;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.LockSupport;

/**
 * The path of a sample: submit, group commit, acknowledge, detect. {@link #start()} restores the
 * detection state saved in storage and replays the samples committed after it, so a restart (even
 * after SIGKILL) continues exactly where the last commit left off.
 *
 * <p>{@code var ingestor = new Ingestor(storage, new ZScoreRulesDetector(ZScoreRules.DEFAULTS),
 * IngestSettings.DEFAULTS, Clock.systemUTC(), IngestObserver.NOOP); ingestor.start();
 * ingestor.submit(samples).join(); // durable now }
 */
public final class Ingestor implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Ingestor.class.getName());

  private final StorageComponent storage;
  private final DetectorSelector detectors;
  private final GoldenSignals golden;
  private final IngestSettings settings;
  private final ShardRouter router;
  private final TransitionListener listener;
  private final StorageWriter writer;
  private final Shard[] shards;
  private final ConcurrentMap<String, ServiceSnapshot> published = new ConcurrentHashMap<>();
  private final List<Thread> threads = new ArrayList<>();
  private boolean started;
  private boolean closed;

  public Ingestor(
      StorageComponent storage,
      Detector detector,
      IngestSettings settings,
      Clock clock,
      IngestObserver observer) {
    this(storage, detector, settings, clock, observer, TransitionListener.NONE);
  }

  /** As above, with a listener told about every committed transition. */
  public Ingestor(
      StorageComponent storage,
      Detector detector,
      IngestSettings settings,
      Clock clock,
      IngestObserver observer,
      TransitionListener listener) {
    this(storage, DetectorSelector.of(detector), settings, clock, observer, listener);
  }

  /** As above, with a detector chosen per metric. */
  public Ingestor(
      StorageComponent storage,
      DetectorSelector detectors,
      IngestSettings settings,
      Clock clock,
      IngestObserver observer,
      TransitionListener listener) {
    this(storage, detectors, GoldenSignals.OFF, settings, clock, observer, listener);
  }

  /** As above, with the multivariate detector over each service's golden signals (or OFF). */
  public Ingestor(
      StorageComponent storage,
      DetectorSelector detectors,
      GoldenSignals golden,
      IngestSettings settings,
      Clock clock,
      IngestObserver observer,
      TransitionListener listener) {
    this.golden = golden;
    this.storage = storage;
    this.detectors = detectors;
    this.settings = settings;
    this.listener = listener;
    this.router = new ShardRouter(settings.shards());
    this.writer = new StorageWriter(storage, settings, clock, observer, listener);
    this.shards = new Shard[settings.shards()];
    for (int i = 0; i < shards.length; i++) {
      shards[i] = new Shard(i, detectors, published, writer, observer, golden);
    }
  }

  /** Restores state from storage, replays what the last checkpoint missed, starts the threads. */
  public synchronized void start() {
    if (started) throw new IllegalStateException("already started");
    started = true;
    long replayFrom = storage.checkpoints().replayFrom();
    Map<String, ServiceHealth> services = new HashMap<>();
    long maxSeq = Math.max(replayFrom, storage.samples().maxSeq());
    for (ServiceCheckpoint checkpoint : storage.checkpoints().loadAll()) {
      maxSeq = Math.max(maxSeq, checkpoint.lastSeq());
      try {
        services.put(
            checkpoint.service(),
            ServiceHealth.decode(checkpoint.service(), detectors, golden, checkpoint.state()));
      } catch (IOException | RuntimeException e) {
        LOG.log(
            System.Logger.Level.WARNING,
            "cannot restore service "
                + checkpoint.service()
                + " ("
                + e.getMessage()
                + "); it learns its baseline again");
      }
    }
    List<Transition> replayed = new ArrayList<>();
    Set<ServiceHealth> advanced = new HashSet<>();
    long[] count = {0};
    storage
        .samples()
        .scanAfter(
            replayFrom,
            stored -> {
              String service = stored.sample().key().service();
              ServiceHealth health =
                  services.computeIfAbsent(service, s -> new ServiceHealth(s, detectors, golden));
              if (stored.seq() > health.lastSeq()) {
                health.accept(stored, replayed::add);
                advanced.add(health);
                count[0]++;
              }
            });
    if (!replayed.isEmpty()) {
      // idempotent: transitions already stored before the crash are kept as they are
      storage.write(new WriteBatch(List.of(), replayed, List.of(), OptionalLong.empty()));
      listener.committed(replayed);
    }
    for (ServiceHealth health : services.values()) {
      // a replayed service is ahead of its checkpoint: the next round must save it, or moving
      // replayFrom past these samples would lose them at the following restart
      shards[router.shardOf(health.service())].adopt(health, advanced.contains(health));
    }
    LOG.log(
        System.Logger.Level.INFO,
        "restored "
            + services.size()
            + " services, replayed "
            + count[0]
            + " samples after seq "
            + replayFrom);
    writer.start(shards, router, maxSeq + 1, count[0] == 0 ? replayFrom : -1);
    for (Shard shard : shards) shard.appliedUpTo(maxSeq);
    for (int i = 0; i < shards.length; i++) {
      threads.add(Thread.ofPlatform().name("driftline-shard-" + i).daemon().start(shards[i]));
    }
    threads.add(Thread.ofPlatform().name("driftline-writer").daemon().start(writer));
  }

  /**
   * Queues samples for the next group commit. The future completes once they are durable, or
   * exceptionally when the commit failed (then none of them was stored).
   *
   * @throws OverloadedException when the queue is full; nothing was queued
   */
  public CompletableFuture<Void> submit(List<Sample> samples) {
    return writer.submit(samples, List.of());
  }

  /**
   * Queues pod observations with the workload samples derived from them: both are written in the
   * same commit, so either all of them are stored or none.
   *
   * @throws OverloadedException when the queue is full; nothing was queued
   */
  public CompletableFuture<Void> submit(List<Sample> samples, List<PodMetric> podMetrics) {
    return writer.submit(samples, podMetrics);
  }

  /**
   * Completes when every sample submitted before this call has passed through detection and the
   * transitions it caused have been through a commit (stored, unless storage is failing).
   */
  public CompletableFuture<Void> sync() {
    return writer.sync();
  }

  /**
   * The service's state, reflecting every sample acknowledged before this call: a client that reads
   * right after its {@code 202} sees what its samples did. The shard that owns the service applies
   * a commit microseconds after it; this waits for that, up to {@link #READ_YOUR_WRITES_WAIT} when
   * detection is behind (then the answer is the latest state published).
   */
  public Optional<ServiceSnapshot> service(String service) {
    awaitApplied(shards[router.shardOf(service)], writer.committedSeq());
    return Optional.ofNullable(published.get(service));
  }

  /** All services, reflecting every sample acknowledged before this call (as {@link #service}). */
  public Collection<ServiceSnapshot> services() {
    long committed = writer.committedSeq();
    for (Shard shard : shards) awaitApplied(shard, committed);
    return published.values();
  }

  /** How long a read waits for detection to catch up with the commits acknowledged before it. */
  static final Duration READ_YOUR_WRITES_WAIT = Duration.ofMillis(250);

  private static void awaitApplied(Shard shard, long committed) {
    if (shard.appliedUpTo() >= committed) return;
    long deadline = System.nanoTime() + READ_YOUR_WRITES_WAIT.toNanos();
    for (int spins = 0; shard.appliedUpTo() < committed; spins++) {
      if (System.nanoTime() - deadline >= 0) return;
      if (spins < 100) Thread.onSpinWait();
      else LockSupport.parkNanos(20_000);
    }
  }

  /** Services known to detection, without waiting for it to catch up (for gauges). */
  public int serviceCount() {
    return published.size();
  }

  public long seriesCount() {
    long n = 0;
    for (ServiceSnapshot s : published.values()) n += s.series().size();
    return n;
  }

  /** Samples accepted and not yet committed. */
  public long queueDepth() {
    return writer.queuedSamples();
  }

  public IngestSettings settings() {
    return settings;
  }

  /** Commits what is queued, saves a final checkpoint and stops the threads. */
  @Override
  public synchronized void close() {
    if (!started || closed) return;
    closed = true;
    if (threads.isEmpty()) {
      // start() failed before the threads ran (storage unreadable): nothing is queued or running
      writer.refuse();
      return;
    }
    writer.stop();
    for (Thread t : threads) {
      try {
        t.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
