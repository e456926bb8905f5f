package io.driftline.ingest;

import io.driftline.health.Transition;
import io.driftline.storage.ServiceCheckpoint;
import io.driftline.storage.StorageComponent;
import io.driftline.storage.WriteBatch;
import io.driftline.telemetry.Sample;
import io.driftline.telemetry.StoredSample;
import io.driftline.workload.PodMetric;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one thread that writes to storage. It group-commits whatever has queued up (samples,
 * transitions, checkpoints) in one transaction, acknowledges the submitters only after the commit,
 * then hands the committed samples to the shards in commit order.
 *
 * <p>Checkpoints: every {@code checkpointInterval} the writer puts a barrier carrying the last
 * committed sequence number W into every shard's inbox. A shard reaches the barrier after it has
 * applied exactly the samples up to W, and answers with its changed services. Their states are
 * written with the next commits, about {@link #MAX_CHECKPOINT_BYTES_PER_COMMIT} each, and "replay
 * from W" with the last of them. On restart, samples after the last W are replayed, and each
 * service skips those it had already applied (a state written before its round's last commit is
 * therefore harmless: its service skips the samples it covers). A shard's transitions reach the
 * writer before its answer, so they are committed no later than its states.
 */
final class StorageWriter implements Runnable {
  private static final System.Logger LOG = System.getLogger(StorageWriter.class.getName());
  private static final int STOP_TIMEOUT_SECONDS = 30;
  private static final long MAX_BACKOFF_MILLIS = 5_000;

  private sealed interface Item {}

  private record Submission(
      List<Sample> samples, List<PodMetric> podMetrics, long nanos, CompletableFuture<Void> done)
      implements Item {}

  private record Transitions(List<Transition> transitions) implements Item {}

  private record CheckpointPart(int shard, long seq, List<ServiceCheckpoint> services)
      implements Item {}

  private record Sync(CompletableFuture<Void> done) implements Item {}

  /** Second half of a sync: every shard is past it; completes once their transitions commit. */
  private record Flush(CompletableFuture<Void> done) implements Item {}

  private record Stop() implements Item {}

  private final StorageComponent storage;
  private final IngestSettings settings;
  private final Clock clock;
  private final IngestObserver observer;
  private final TransitionListener listener;
  private final LinkedBlockingQueue<Item> queue = new LinkedBlockingQueue<>();
  private final AtomicLong queuedSamples = new AtomicLong();
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();
  private volatile boolean accepting = true;

  /** The highest sequence number committed; set before the submitters are told. */
  private volatile long committedSeq;

  private Shard[] shards;
  private ShardRouter router;
  private long nextSeq;
  private long lastCheckpointMillis;
  private long checkpointedSeq;
  // an open checkpoint round: its barrier seq, parts received, states gathered
  private long roundSeq = -1;
  private boolean saveAllNextRound;
  private int consecutiveFailures;
  private long lastCommitStartNanos;
  private int lastCommitSubmissions;
  private int roundParts;
  // states answered by the shards and not yet written: a few at a time, with the next commits
  private final java.util.ArrayDeque<ServiceCheckpoint> roundStates = new java.util.ArrayDeque<>();
  // answers of the shards so far; written once all have answered, in service order
  private final List<ServiceCheckpoint> roundAnswers = new ArrayList<>();

  /**
   * Detector state written per commit at most, about: a round's states are spread over several
   * commits so no group commit waits behind megabytes of checkpoints (1,000 services of the default
   * detector are several MB).
   */
  static final int MAX_CHECKPOINT_BYTES_PER_COMMIT = 128 * 1024;

  StorageWriter(
      StorageComponent storage,
      IngestSettings settings,
      Clock clock,
      IngestObserver observer,
      TransitionListener listener) {
    this.storage = storage;
    this.settings = settings;
    this.clock = clock;
    this.observer = observer;
    this.listener = listener;
  }

  void start(Shard[] shards, ShardRouter router, long nextSeq, long checkpointedSeq) {
    this.shards = shards;
    this.router = router;
    this.nextSeq = nextSeq;
    this.committedSeq = nextSeq - 1;
    this.checkpointedSeq = checkpointedSeq;
    this.lastCheckpointMillis = clock.millis();
  }

  CompletableFuture<Void> submit(List<Sample> samples, List<PodMetric> podMetrics) {
    if (samples.isEmpty() && podMetrics.isEmpty()) return CompletableFuture.completedFuture(null);
    if (!accepting) throw new IllegalStateException("ingest is shutting down");
    long depth = queuedSamples.addAndGet(samples.size());
    if (depth > settings.queueCapacity() && depth != samples.size()) {
      queuedSamples.addAndGet(-samples.size());
      observer.overloaded(samples.size());
      throw new OverloadedException(
          "ingest queue is full (" + settings.queueCapacity() + " samples); retry later");
    }
    var done = new CompletableFuture<Void>();
    queue.add(
        new Submission(List.copyOf(samples), List.copyOf(podMetrics), System.nanoTime(), done));
    return done;
  }

  CompletableFuture<Void> sync() {
    var done = new CompletableFuture<Void>();
    queue.add(new Sync(done));
    return done;
  }

  void transitions(List<Transition> transitions) {
    queue.add(new Transitions(transitions));
  }

  void checkpointPart(int shard, long seq, List<ServiceCheckpoint> services) {
    queue.add(new CheckpointPart(shard, seq, services));
  }

  long queuedSamples() {
    return queuedSamples.get();
  }

  /** Stops accepting, for a writer whose thread never ran: there is nothing to commit. */
  void refuse() {
    accepting = false;
  }

  /** Stops accepting, commits everything queued, saves a final checkpoint, stops the shards. */
  void stop() {
    accepting = false;
    queue.add(new Stop());
    try {
      stopped.get(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "storage writer did not stop within "
              + STOP_TIMEOUT_SECONDS
              + "s; committed samples are replayed at the next start");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void run() {
    boolean stopping = false;
    boolean finalRoundStarted = false;
    List<Item> items = new ArrayList<>();
    try {
      while (!stopping || roundSeq >= 0) {
        // states still to write: go on committing without waiting for new work
        Item first = roundStates.isEmpty() ? queue.poll(200, TimeUnit.MILLISECONDS) : queue.poll();
        if (first != null) {
          items.add(first);
          awaitGroup();
          drainUpTo(items, settings.maxCommitSamples());
        }
        for (Item item : items) if (item instanceof Stop) stopping = true;
        commit(items);
        items.clear();
        backOffAfterFailures();
        // while stopping, one round only: if storage fails it, restart replays from the last one
        if (roundSeq < 0 && !(stopping && finalRoundStarted) && checkpointDue(stopping)) {
          startRound();
          finalRoundStarted = stopping;
        }
      }
      for (Shard shard : shards) shard.send(new Shard.Stop());
      for (Item late : queue) {
        if (late instanceof Submission s) {
          s.done().completeExceptionally(new IllegalStateException("ingest is shutting down"));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      stopped.complete(null);
    }
  }

  /**
   * After a failed commit, waits 100 ms, doubling up to 5 s, so an unavailable storage is not
   * hammered by the retried audit records. New submissions wait in the queue meanwhile (bounded by
   * queue_capacity: beyond it they are refused with 503).
   */
  private void backOffAfterFailures() throws InterruptedException {
    if (consecutiveFailures == 0) return;
    long wait = Math.min(MAX_BACKOFF_MILLIS, 100L << Math.min(consecutiveFailures - 1, 16));
    Thread.sleep(wait);
  }

  /**
   * Group commit pacing: when the last commit carried submissions of several callers (they arrive
   * concurrently) and began less than {@code groupCommitWindow} ago, waits for the rest of the
   * window so that the submissions arriving meanwhile share this commit's {@code fsync}. A lone
   * caller sending one request after the other never waits (the last commit carried one
   * submission), like PostgreSQL's {@code commit_delay} that applies only with {@code
   * commit_siblings} active. At 10,000 requests/s this halves the commits per second, and with them
   * the {@code fsync}s, the shards' wake-ups and the writer's CPU (docs/benchmarks.md).
   */
  private void awaitGroup() {
    long wait =
        groupWaitNanos(
            settings.groupCommitWindow().toNanos(),
            lastCommitSubmissions,
            lastCommitStartNanos,
            System.nanoTime(),
            queuedSamples.get(),
            settings.maxCommitSamples());
    if (wait > 0) java.util.concurrent.locks.LockSupport.parkNanos(wait);
  }

  /** How long the next commit waits for company (see {@link #awaitGroup}); 0: commit now. */
  static long groupWaitNanos(
      long windowNanos,
      int lastCommitSubmissions,
      long lastCommitStartNanos,
      long nowNanos,
      long queuedSamples,
      int maxCommitSamples) {
    if (windowNanos == 0 || lastCommitSubmissions < 2 || queuedSamples >= maxCommitSamples) {
      return 0;
    }
    return Math.max(0, lastCommitStartNanos + windowNanos - nowNanos);
  }

  private void drainUpTo(List<Item> items, int maxSamples) {
    int samples = items.get(0) instanceof Submission s ? s.samples().size() : 0;
    Item next;
    while (samples < maxSamples && (next = queue.poll()) != null) {
      items.add(next);
      if (next instanceof Submission s) samples += s.samples().size();
    }
  }

  private boolean checkpointDue(boolean stopping) {
    long committed = nextSeq - 1;
    if (committed <= checkpointedSeq) return false;
    return stopping
        || clock.millis() - lastCheckpointMillis >= settings.checkpointInterval().toMillis();
  }

  private void startRound() {
    roundSeq = nextSeq - 1;
    roundParts = 0;
    roundStates.clear();
    roundAnswers.clear();
    for (Shard shard : shards) shard.send(new Shard.Barrier(roundSeq, saveAllNextRound));
    saveAllNextRound = false;
  }

  private void commit(List<Item> items) {
    List<StoredSample> samples = new ArrayList<>();
    List<Submission> submissions = new ArrayList<>();
    List<PodMetric> podMetrics = new ArrayList<>();
    List<Transition> transitions = new ArrayList<>();
    List<Sync> syncs = new ArrayList<>();
    List<Flush> flushes = new ArrayList<>();
    boolean roundComplete = false;
    long seq = nextSeq;
    for (Item item : items) {
      switch (item) {
        case Submission s -> {
          submissions.add(s);
          podMetrics.addAll(s.podMetrics());
          for (Sample sample : s.samples()) samples.add(new StoredSample(seq++, sample));
        }
        case Transitions t -> transitions.addAll(t.transitions());
        case CheckpointPart p -> {
          if (p.seq() == roundSeq) {
            roundAnswers.addAll(p.services());
            if (++roundParts == shards.length) {
              // in key order, a slice updates neighbouring rows of the checkpoint table (a few
              // pages) instead of one page per service scattered over the whole table
              roundAnswers.sort(java.util.Comparator.comparing(ServiceCheckpoint::service));
              roundStates.addAll(roundAnswers);
              roundAnswers.clear();
            }
          }
        }
        case Sync s -> syncs.add(s);
        case Flush f -> flushes.add(f);
        case Stop s -> {}
      }
    }
    List<ServiceCheckpoint> states = new ArrayList<>();
    for (long bytes = 0; bytes < MAX_CHECKPOINT_BYTES_PER_COMMIT && !roundStates.isEmpty(); ) {
      ServiceCheckpoint state = roundStates.poll();
      states.add(state);
      bytes += state.state().length;
    }
    roundComplete = roundSeq >= 0 && roundParts == shards.length && roundStates.isEmpty();
    var batch =
        new WriteBatch(
            samples,
            transitions,
            states,
            roundComplete ? OptionalLong.of(roundSeq) : OptionalLong.empty(),
            podMetrics);
    if (!submissions.isEmpty()) {
      lastCommitStartNanos = System.nanoTime();
      lastCommitSubmissions = submissions.size();
    }
    if (!batch.isEmpty() && !write(batch, submissions)) {
      syncs.forEach(s -> s.done().complete(null));
      flushes.forEach(f -> f.done().complete(null));
      return;
    }
    notifyListener(transitions);
    flushes.forEach(f -> f.done().complete(null));
    nextSeq = seq;
    if (roundComplete) {
      checkpointedSeq = roundSeq;
      lastCheckpointMillis = clock.millis();
      roundSeq = -1;
    }
    // committed samples leave the queue before anyone is told, so a caller that saw its future
    // complete never sees its own samples counted as queued
    queuedSamples.addAndGet(-samples.size());
    if (!samples.isEmpty()) committedSeq = seq - 1;
    for (Submission s : submissions) s.done().complete(null);
    dispatch(samples, submissions, seq - 1);
    for (Sync s : syncs) forwardSync(s.done());
  }

  private void notifyListener(List<Transition> committed) {
    if (committed.isEmpty()) return;
    try {
      listener.committed(committed);
    } catch (RuntimeException e) {
      LOG.log(
          System.Logger.Level.ERROR,
          "transition listener failed on " + committed.size() + " committed transitions",
          e);
    }
  }

  private boolean write(WriteBatch batch, List<Submission> submissions) {
    long start = System.nanoTime();
    try {
      storage.write(batch);
      observer.committed(batch.samples().size(), System.nanoTime() - start);
      consecutiveFailures = 0;
      return true;
    } catch (RuntimeException e) {
      LOG.log(
          System.Logger.Level.ERROR,
          "storage write failed; refusing " + batch.samples().size() + " samples",
          e);
      observer.commitFailed(batch.samples().size(), e);
      consecutiveFailures++;
      for (Submission s : submissions) {
        queuedSamples.addAndGet(-s.samples().size());
        s.done().completeExceptionally(e);
      }
      // audit records are retried with the next commit
      if (!batch.transitions().isEmpty()) queue.add(new Transitions(batch.transitions()));
      if (!batch.checkpoints().isEmpty() || batch.replayFrom().isPresent()) {
        // the shards forgot what was dirty when they answered: the next round saves everything
        roundSeq = -1;
        roundStates.clear();
        roundAnswers.clear();
        saveAllNextRound = true;
      }
      return false;
    }
  }

  long committedSeq() {
    return committedSeq;
  }

  /**
   * Hands each shard its part of the commit; every shard hears of every commit (an empty part, if
   * need be), so that "applied up to {@code upTo}" means the same on all of them.
   */
  private void dispatch(List<StoredSample> samples, List<Submission> submissions, long upTo) {
    if (samples.isEmpty()) return;
    long submitted = submissions.get(0).nanos();
    List<List<StoredSample>> perShard = new ArrayList<>(shards.length);
    for (int i = 0; i < shards.length; i++) perShard.add(new ArrayList<>());
    for (StoredSample s : samples) perShard.get(router.shardOf(s.sample().key().service())).add(s);
    for (int i = 0; i < shards.length; i++) {
      shards[i].send(new Shard.Batch(perShard.get(i), submitted, upTo));
    }
  }

  private void forwardSync(CompletableFuture<Void> done) {
    var remaining = new AtomicInteger(shards.length);
    for (Shard shard : shards) {
      shard.send(
          new Shard.Sync(
              () -> {
                if (remaining.decrementAndGet() == 0) queue.add(new Flush(done));
              }));
    }
  }
}
