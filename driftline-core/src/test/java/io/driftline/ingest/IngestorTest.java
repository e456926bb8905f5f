package io.driftline.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftline.detect.ZScoreRules;
import io.driftline.detect.ZScoreRulesDetector;
import io.driftline.health.HealthState;
import io.driftline.health.ServiceSnapshot;
import io.driftline.health.Transition;
import io.driftline.storage.InMemoryStorage;
import io.driftline.storage.StorageComponent;
import io.driftline.storage.WriteBatch;
import io.driftline.telemetry.Sample;
import io.driftline.telemetry.SeriesKey;
import io.driftline.telemetry.StoredSample;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class IngestorTest {
  private static final long T0 = 1_700_000_000_000L;
  private static final List<String> SERVICES = List.of("checkout", "search", "auth", "cart");
  private static final IngestSettings SETTINGS =
      new IngestSettings(2, 100_000, 100, Duration.ofSeconds(1));

  /** Records 0..449 of every service: latency and payload, each series spiking once. */
  private static final List<List<Sample>> RECORDS = workload(450);

  private final InMemoryStorage storage = new InMemoryStorage();
  private final List<Ingestor> started = new ArrayList<>();

  @AfterEach
  void closeIngestors() {
    started.forEach(Ingestor::close);
  }

  @Test
  void submittedSamplesAreStoredWithAscendingSeqOnceTheFutureCompletes() {
    Ingestor ingestor = start(storage);
    var key = SeriesKey.of("checkout", "latency_ms");
    List<Sample> samples = new ArrayList<>();
    for (int i = 0; i < 30; i++) samples.add(new Sample(key, T0 + i, 100 + i));

    ingestor.submit(samples.subList(0, 10)).join();
    assertThat(storage.samples().count()).isEqualTo(10);
    ingestor.submit(samples.subList(10, 30)).join();

    List<StoredSample> stored = storage.samples().range(key, T0, T0 + 1000, 1000);
    assertThat(stored).extracting(StoredSample::sample).containsExactlyElementsOf(samples);
    assertThat(stored)
        .extracting(StoredSample::seq)
        .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 30).boxed().toList());
    assertThat(storage.samples().maxSeq()).isEqualTo(30);
    assertThat(ingestor.queueDepth()).isZero();
  }

  @Test
  void withAGroupCommitWindowConcurrentSubmissionsShareCommitsAndAllAreStored() throws Exception {
    var commits = new java.util.concurrent.atomic.AtomicInteger();
    IngestObserver counting =
        new IngestObserver() {
          @Override
          public void committed(int samples, long nanos) {
            commits.incrementAndGet();
          }
        };
    var settings =
        new IngestSettings(2, 100_000, 1_000, Duration.ofSeconds(1), Duration.ofMillis(20));
    Ingestor ingestor = start(storage, settings, counting);
    int threads = 8;
    int each = 50;
    var start = new java.util.concurrent.CountDownLatch(1);
    List<Thread> senders = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      var key = SeriesKey.of("svc-" + t, "latency_ms");
      senders.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      start.await();
                    } catch (InterruptedException e) {
                      return;
                    }
                    for (int i = 0; i < each; i++) {
                      ingestor.submit(List.of(new Sample(key, T0 + i, 100))).join();
                    }
                  }));
    }
    start.countDown();
    for (Thread sender : senders) sender.join();

    assertThat(storage.samples().count()).isEqualTo(threads * each);
    // with a 20 ms window, 8 callers waiting on their commits share them: far fewer commits than
    // the 400 submissions (one commit each without sharing)
    assertThat(commits.get()).isLessThan(threads * each / 2);
  }

  @Test
  void listenerHearsEveryCommittedTransitionByTheTimeSyncCompletesAndReplayedOnesAtStart() {
    List<Transition> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
    var doomed = new TestStorage(storage);
    Ingestor first = start(doomed, heard::addAll);
    submit(first, 0, 400);
    first.sync().join();

    assertThat(heard).isNotEmpty().containsExactlyInAnyOrderElementsOf(transitions(storage));
    crash(doomed, first); // no checkpoint yet: a restart replays every sample

    List<Transition> replayed = new java.util.concurrent.CopyOnWriteArrayList<>();
    start(storage, replayed::addAll);
    assertThat(replayed).containsExactlyInAnyOrderElementsOf(heard);
  }

  @Test
  void podMetricsCommitWithTheirSamplesOrNotAtAll() {
    var failing = new TestStorage(storage);
    Ingestor ingestor = start(failing, TransitionListener.NONE);
    var pod =
        new io.driftline.workload.PodMetric(
            "c",
            "n",
            "p",
            "w",
            java.util.Optional.empty(),
            T0,
            Map.of(),
            Map.of(io.driftline.workload.PodSignal.CPU_CORES, 1.0));
    var query = io.driftline.storage.PodMetricQuery.pod("c", "n", "p", 0, Long.MAX_VALUE, 10, 0);
    failing.beforeWrite(
        batch -> {
          if (!batch.podMetrics().isEmpty()) throw new IllegalStateException("disk full");
        });

    assertThatThrownBy(
            () ->
                ingestor
                    .submit(
                        io.driftline.workload.WorkloadSignals.samples(List.of(pod)), List.of(pod))
                    .join())
        .isInstanceOf(CompletionException.class);
    assertThat(storage.podMetrics().find(query)).isEmpty();
    assertThat(storage.samples().count()).isZero();

    failing.beforeWrite(batch -> {});
    ingestor
        .submit(io.driftline.workload.WorkloadSignals.samples(List.of(pod)), List.of(pod))
        .join();
    assertThat(storage.podMetrics().find(query)).containsExactly(pod);
    assertThat(storage.samples().series("c/n/w"))
        .containsExactly(SeriesKey.of("c/n/w", "cpu_cores"));
  }

  @Test
  void emptySubmissionCompletesAtOnce() {
    Ingestor ingestor = start(storage);
    assertThat(ingestor.submit(List.of())).isCompleted();
    assertThat(storage.samples().count()).isZero();
  }

  @Test
  void syncMakesDetectionStateVisible() {
    Ingestor ingestor = start(storage);
    submit(ingestor, 0, 120);
    ingestor.sync().join();

    assertThat(ingestor.services())
        .extracting(ServiceSnapshot::service)
        .containsExactlyInAnyOrderElementsOf(SERVICES);
    ServiceSnapshot checkout = ingestor.service("checkout").orElseThrow();
    assertThat(checkout.state()).isEqualTo(HealthState.STABLE);
    assertThat(checkout.sampleCount()).isEqualTo(120);
    assertThat(checkout.lastUpdatedMillis()).isEqualTo(T0 + 119_000);
    assertThat(checkout.series())
        .containsOnlyKeys(
            SeriesKey.of("checkout", "latency_ms"), SeriesKey.of("checkout", "payload_kb"));
    assertThat(ingestor.seriesCount()).isEqualTo(8);
    assertThat(ingestor.service("unknown")).isEmpty();
  }

  @Test
  void aReadAfterTheAcknowledgementSeesWhatTheAcknowledgedSamplesDid() throws Exception {
    var gate = new CountDownLatch(1);
    var zscore = new ZScoreRulesDetector(ZScoreRules.DEFAULTS);
    // detection of the value 999 waits for the gate: the shard is behind the commit until then
    io.driftline.detect.Detector gated =
        new io.driftline.detect.Detector() {
          @Override
          public String name() {
            return zscore.name();
          }

          @Override
          public io.driftline.detect.SeriesDetector create() {
            var inner = zscore.create();
            return new io.driftline.detect.SeriesDetector() {
              @Override
              public io.driftline.detect.Verdict update(long epochMillis, double value) {
                if (value == 999) await(gate);
                return inner.update(epochMillis, value);
              }

              @Override
              public io.driftline.detect.BaselineSnapshot snapshot() {
                return inner.snapshot();
              }

              @Override
              public void writeTo(java.io.DataOutput out) throws java.io.IOException {
                inner.writeTo(out);
              }
            };
          }

          @Override
          public io.driftline.detect.SeriesDetector restore(java.io.DataInput in)
              throws java.io.IOException {
            return zscore.restore(in);
          }
        };
    var ingestor = new Ingestor(storage, gated, SETTINGS, new TestClock(T0), IngestObserver.NOOP);
    ingestor.start();
    started.add(ingestor);
    var key = SeriesKey.of("checkout", "latency_ms");
    ingestor.submit(samples(key, 0, 3)).join();
    ingestor.sync().join();
    ingestor.submit(List.of(new Sample(key, T0 + 10_000, 999))).join(); // acknowledged

    long[] seen = {-1};
    Thread reader =
        Thread.ofPlatform()
            .start(() -> seen[0] = ingestor.service("checkout").orElseThrow().sampleCount());
    // the read must wait for detection, not answer with the state before the acknowledged sample
    while (reader.getState() != Thread.State.TIMED_WAITING
        && reader.getState() != Thread.State.TERMINATED) {
      Thread.onSpinWait();
    }
    gate.countDown();
    reader.join();

    assertThat(seen[0]).isEqualTo(4);
  }

  @Test
  void transitionsAreStored() {
    Ingestor ingestor = start(storage);
    submit(ingestor, 0, 200);
    syncTransitions(ingestor);

    var latency = SeriesKey.of("checkout", "latency_ms");
    List<Transition> trail = storage.transitions().forService("checkout", 100);
    assertThat(trail).extracting(Transition::rule).contains("baseline_ready", "severe");
    assertThat(trail)
        .filteredOn(t -> t.series().equals(latency))
        .last()
        .satisfies(
            t -> {
              assertThat(t.rule()).isEqualTo("baseline_ready");
              assertThat(t.to()).isEqualTo(HealthState.STABLE);
            });
    assertThat(trail)
        .isSortedAccordingTo(java.util.Comparator.comparingLong(Transition::seq).reversed());
    // the stored seq is the seq of the sample that caused the transition
    for (Transition t : trail) {
      var cause = storage.samples().range(t.series(), t.epochMillis(), t.epochMillis() + 1, 1);
      assertThat(cause).singleElement().extracting(StoredSample::seq).isEqualTo(t.seq());
    }
    assertThat(ingestor.service("checkout").orElseThrow().state())
        .isEqualTo(HealthState.DRIFT_DETECTED);
  }

  @Test
  void restartAfterCloseRestoresEqualSnapshots() {
    Ingestor first = start(new TestStorage(storage));
    submit(first, 0, 400);
    first.sync().join();
    Map<String, ServiceSnapshot> before = snapshots(first);
    first.close();
    List<Transition> trail = transitions(storage);

    Ingestor second = start(storage);

    assertThat(snapshots(second)).isEqualTo(before);
    assertThat(transitions(storage)).isEqualTo(trail);
    // new samples continue the sequence and the detection as if there had been no restart
    submit(second, 400, 450);
    syncTransitions(second);
    Reference reference = reference(450);
    assertThat(snapshots(second)).isEqualTo(reference.snapshots);
    assertThat(transitions(storage)).isEqualTo(reference.transitions);
    assertThat(storage.samples().maxSeq()).isEqualTo(450 * 8);
  }

  @Test
  void restartAfterCrashReplaysSamplesSinceTheCheckpointWithoutDuplicatingTransitions() {
    Ingestor first = start(new TestStorage(storage));
    submit(first, 0, 200);
    first.close(); // checkpoint at seq 1600

    var doomed = new TestStorage(storage);
    Ingestor second = start(doomed);
    submit(second, 200, 400);
    syncTransitions(second);
    Map<String, ServiceSnapshot> beforeCrash = snapshots(second);
    List<Transition> trailBeforeCrash = transitions(storage);
    crash(doomed, second);
    assertThat(storage.checkpoints().replayFrom()).isEqualTo(1600);

    Ingestor third = start(storage);

    assertThat(snapshots(third)).isEqualTo(beforeCrash);
    assertThat(transitions(storage)).isEqualTo(trailBeforeCrash);
    Reference reference = reference(400);
    assertThat(beforeCrash).isEqualTo(reference.snapshots);
    assertThat(trailBeforeCrash).isEqualTo(reference.transitions);
    assertThat(trailBeforeCrash).extracting(Transition::seq).anyMatch(seq -> seq > 1600);
  }

  @Test
  void aLargeCheckpointRoundIsSpreadOverSeveralCommitsAndSurvivesACrashHalfway() {
    // 3,000 services: their states are more than one commit may carry
    List<Sample> samples = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      samples.addAll(samples(SeriesKey.of("svc-" + i, "latency_ms"), 0, 3));
    }
    var doomed = new TestStorage(storage);
    List<WriteBatch> withStates = new java.util.concurrent.CopyOnWriteArrayList<>();
    doomed.beforeWrite(
        batch -> {
          if (!batch.checkpoints().isEmpty()) {
            withStates.add(batch);
            if (batch.replayFrom().isEmpty()) doomed.kill(); // dies after the first part
          }
        });
    Ingestor first = start(doomed);
    first.submit(samples).join();
    first.sync().join();
    Map<String, ServiceSnapshot> beforeCrash = snapshots(first);
    first.close(); // its final round: the first part is written, then the process "dies"
    started.remove(first);

    assertThat(withStates.size()).isEqualTo(1); // the part written before the "crash"
    var part = withStates.get(0).checkpoints();
    long bytes = 0;
    for (var state : part.subList(0, part.size() - 1)) bytes += state.state().length;
    assertThat(bytes).isLessThan(StorageWriter.MAX_CHECKPOINT_BYTES_PER_COMMIT);
    assertThat(withStates.get(0).checkpoints().size()).isLessThan(3000);
    assertThat(storage.checkpoints().loadAll().size()).isLessThan(3000);
    assertThat(storage.checkpoints().replayFrom()).isZero();

    Ingestor second = start(storage); // some services from their states, the rest replayed
    assertThat(snapshots(second)).isEqualTo(beforeCrash);
    second.close();
    assertThat(snapshots(start(storage))).isEqualTo(beforeCrash);
    assertThat(storage.checkpoints().replayFrom()).isEqualTo(9000);
  }

  @Test
  void restartAfterCrashWithTimedCheckpointContinuesExactly() throws InterruptedException {
    var clock = new TestClock(T0);
    var doomed = new TestStorage(storage);
    Ingestor first = start(doomed, clock);
    submit(first, 0, 150);
    first.sync().join();
    clock.advance(Duration.ofSeconds(2)); // the writer starts a checkpoint round on its next turn
    assertThat(doomed.checkpointWritten.await(30, TimeUnit.SECONDS)).isTrue();
    long checkpointed = storage.checkpoints().replayFrom();
    assertThat(checkpointed).isEqualTo(150 * 8);
    submit(first, 150, 300);
    syncTransitions(first);
    crash(doomed, first);

    Ingestor second = start(storage);
    submit(second, 300, 450);
    syncTransitions(second);

    Reference reference = reference(450);
    assertThat(snapshots(second)).isEqualTo(reference.snapshots);
    assertThat(transitions(storage)).isEqualTo(reference.transitions);
  }

  @Test
  void servicesReplayedAtStartSurviveTheNextRestart() {
    Ingestor first = start(new TestStorage(storage));
    submit(first, 0, 200);
    first.close(); // checkpoint at seq 1600

    var doomed = new TestStorage(storage);
    Ingestor second = start(doomed);
    submit(second, 200, 400);
    syncTransitions(second);
    Map<String, ServiceSnapshot> beforeCrash = snapshots(second);
    crash(doomed, second);

    // replays 1601..3200 for every service, then only checkout gets new samples
    var third = unstarted(storage, new TestClock(T0));
    third.start();
    List<Sample> checkoutOnly =
        RECORDS.subList(400, 450).stream()
            .flatMap(List::stream)
            .filter(s -> s.key().service().equals("checkout"))
            .toList();
    third.submit(checkoutOnly).join();
    third.sync().join();
    Map<String, ServiceSnapshot> beforeClose = snapshots(third);
    third.close();

    Ingestor fourth = start(storage);

    assertThat(snapshots(fourth)).isEqualTo(beforeClose);
    assertThat(snapshots(fourth).get("search")).isEqualTo(beforeCrash.get("search"));
  }

  @Test
  void submissionBeyondQueueCapacityIsRefusedAndNothingOfItIsKept() throws InterruptedException {
    var held = new CountDownLatch(1);
    var writing = new CountDownLatch(1);
    var blocking = new TestStorage(storage);
    blocking.beforeWrite(
        batch -> {
          writing.countDown();
          await(held);
        });
    var settings = new IngestSettings(2, 10, 100, Duration.ofSeconds(1));
    var overloads = new java.util.concurrent.atomic.AtomicInteger();
    IngestObserver observer =
        new IngestObserver() {
          @Override
          public void overloaded(int samples) {
            overloads.addAndGet(samples);
          }
        };
    Ingestor ingestor = start(blocking, settings, observer);
    var key = SeriesKey.of("checkout", "latency_ms");
    try {
      CompletableFuture<Void> first = ingestor.submit(samples(key, 0, 6));
      assertThat(writing.await(30, TimeUnit.SECONDS)).isTrue();
      CompletableFuture<Void> second = ingestor.submit(samples(key, 6, 4));
      assertThat(ingestor.queueDepth()).isEqualTo(10);

      assertThatThrownBy(() -> ingestor.submit(samples(key, 10, 1)))
          .isInstanceOf(OverloadedException.class)
          .hasMessageContaining("10 samples");
      assertThat(ingestor.queueDepth()).isEqualTo(10);
      assertThat(overloads).hasValue(1);

      held.countDown();
      CompletableFuture.allOf(first, second).join();
    } finally {
      held.countDown();
    }
    ingestor.sync().join();
    assertThat(storage.samples().count()).isEqualTo(10);
    assertThat(ingestor.queueDepth()).isZero();
    ingestor.submit(samples(key, 10, 1)).join();
    assertThat(storage.samples().count()).isEqualTo(11);
  }

  @Test
  void singleSubmissionLargerThanTheQueueIsAcceptedWhenTheQueueIsEmpty() {
    var settings = new IngestSettings(2, 10, 100, Duration.ofSeconds(1));
    Ingestor ingestor = start(new TestStorage(storage), settings, IngestObserver.NOOP);
    ingestor.submit(samples(SeriesKey.of("checkout", "latency_ms"), 0, 25)).join();
    assertThat(storage.samples().count()).isEqualTo(25);
  }

  @Test
  void failedStorageWriteFailsTheSubmissionAndStoresNothing() {
    var failing = new TestStorage(storage);
    var cause = new IllegalStateException("disk full");
    failing.beforeWrite(
        batch -> {
          if (!batch.samples().isEmpty()) throw cause;
        });
    var failures = new java.util.concurrent.atomic.AtomicInteger();
    IngestObserver observer =
        new IngestObserver() {
          @Override
          public void commitFailed(int samples, Throwable error) {
            failures.addAndGet(samples);
          }
        };
    Ingestor ingestor = start(failing, SETTINGS, observer);
    var key = SeriesKey.of("checkout", "latency_ms");

    CompletableFuture<Void> refused = ingestor.submit(samples(key, 0, 5));

    assertThatThrownBy(refused::join).isInstanceOf(CompletionException.class).hasCause(cause);
    ingestor.sync().join();
    assertThat(storage.samples().count()).isZero();
    assertThat(ingestor.service("checkout")).isEmpty();
    assertThat(ingestor.queueDepth()).isZero();
    assertThat(failures).hasValue(5);

    failing.beforeWrite(batch -> {});
    ingestor.submit(samples(key, 5, 3)).join();
    ingestor.sync().join();
    assertThat(storage.samples().range(key, 0, Long.MAX_VALUE, 10))
        .extracting(StoredSample::seq)
        .containsExactly(1L, 2L, 3L);
    assertThat(ingestor.service("checkout").orElseThrow().sampleCount()).isEqualTo(3);
  }

  @Test
  void closeReturnsWhenStorageFailsAtShutdown() throws Exception {
    var failing = new TestStorage(storage);
    Ingestor ingestor = start(failing);
    submit(ingestor, 0, 120);
    ingestor.sync().join();
    failing.beforeWrite(
        batch -> {
          throw new IllegalStateException("database is gone");
        });

    // the final checkpoint cannot be written: close gives up on it instead of retrying forever
    // (the timeout only guards the build against a hang; nothing waits on it)
    started.remove(ingestor);
    CompletableFuture.runAsync(ingestor::close).get(60, TimeUnit.SECONDS);

    assertThat(storage.checkpoints().loadAll()).isEmpty();
    assertThatThrownBy(() -> ingestor.submit(samples(SeriesKey.of("checkout", "x"), 0, 1)))
        .isInstanceOf(IllegalStateException.class);
    // nothing was lost: the samples are committed and a restart replays them
    Ingestor restarted = start(storage);
    assertThat(restarted.service("checkout").orElseThrow().sampleCount()).isEqualTo(120);
  }

  @Test
  void aStartThatCannotReadStorageFailsAndCloseDoesNotWaitForAWriterThatNeverRan()
      throws Exception {
    var unreadable = new TestStorage(storage);
    unreadable.failReads(new IllegalStateException("driftline.db-chunks is missing"));
    var ingestor = unstarted(unreadable, new TestClock(T0));

    assertThatThrownBy(ingestor::start).hasMessageContaining("driftline.db-chunks is missing");

    // the writer would wait 30 s for a thread that was never started (the bound is far below
    // that and far above what a close without threads takes)
    CompletableFuture.runAsync(ingestor::close).get(10, TimeUnit.SECONDS);
    assertThatThrownBy(() -> ingestor.submit(samples(SeriesKey.of("checkout", "x"), 0, 1)))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void startTwiceIsRefused() {
    Ingestor ingestor = start(storage);
    assertThatThrownBy(ingestor::start).isInstanceOf(IllegalStateException.class);
  }

  // --- helpers

  private record Reference(Map<String, ServiceSnapshot> snapshots, List<Transition> transitions) {}

  /** The same records through one ingestor that never stops. */
  private Reference reference(int records) {
    var fresh = new InMemoryStorage();
    Ingestor ingestor = start(fresh);
    submit(ingestor, 0, records);
    syncTransitions(ingestor);
    return new Reference(snapshots(ingestor), transitions(fresh));
  }

  /**
   * Storage stays as it is now, as after SIGKILL: the ingestor is abandoned without close (its idle
   * daemon threads can no longer write, and the clock they see never reaches another checkpoint).
   */
  private void crash(TestStorage storage, Ingestor ingestor) {
    storage.kill();
    started.remove(ingestor);
  }

  /** The default test ingestor (z-score rules, SETTINGS, no observer), not yet started. */
  private static Ingestor unstarted(StorageComponent storage, TestClock clock) {
    return new Ingestor(
        storage,
        new ZScoreRulesDetector(ZScoreRules.DEFAULTS),
        SETTINGS,
        clock,
        IngestObserver.NOOP);
  }

  private Ingestor start(StorageComponent storage) {
    return start(storage, SETTINGS, IngestObserver.NOOP);
  }

  private Ingestor start(StorageComponent storage, TransitionListener listener) {
    var ingestor =
        new Ingestor(
            storage,
            new ZScoreRulesDetector(ZScoreRules.DEFAULTS),
            SETTINGS,
            new TestClock(T0),
            IngestObserver.NOOP,
            listener);
    ingestor.start();
    started.add(ingestor);
    return ingestor;
  }

  private Ingestor start(StorageComponent storage, TestClock clock) {
    var ingestor = unstarted(storage, clock);
    ingestor.start();
    started.add(ingestor);
    return ingestor;
  }

  private Ingestor start(
      StorageComponent storage, IngestSettings settings, IngestObserver observer) {
    // a clock that never moves: checkpoints are written on close only
    var ingestor =
        new Ingestor(
            storage,
            new ZScoreRulesDetector(ZScoreRules.DEFAULTS),
            settings,
            new TestClock(T0),
            observer);
    ingestor.start();
    started.add(ingestor);
    return ingestor;
  }

  private static void submit(Ingestor ingestor, int fromRecord, int toRecord) {
    List<CompletableFuture<Void>> futures = new ArrayList<>();
    for (int i = fromRecord; i < toRecord; i += 10) {
      List<Sample> chunk =
          RECORDS.subList(i, Math.min(i + 10, toRecord)).stream().flatMap(List::stream).toList();
      futures.add(ingestor.submit(chunk));
    }
    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
  }

  /**
   * Waits until transitions of everything submitted are stored: the first sync passes detection,
   * which queues the transitions for the writer before the second sync, and the writer completes
   * the second only after committing what was queued before it.
   */
  private static void syncTransitions(Ingestor ingestor) {
    ingestor.sync().join();
    ingestor.sync().join();
  }

  private static Map<String, ServiceSnapshot> snapshots(Ingestor ingestor) {
    return ingestor.services().stream()
        .collect(Collectors.toMap(ServiceSnapshot::service, s -> s, (a, b) -> a, TreeMap::new));
  }

  private static List<Transition> transitions(InMemoryStorage storage) {
    List<Transition> all = new ArrayList<>();
    for (String service : SERVICES) all.addAll(storage.transitions().forService(service, 10_000));
    return all;
  }

  private static List<Sample> samples(SeriesKey key, int from, int count) {
    List<Sample> samples = new ArrayList<>();
    for (int i = from; i < from + count; i++) samples.add(new Sample(key, T0 + i * 1000L, 100 + i));
    return samples;
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("never released");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static List<List<Sample>> workload(int records) {
    Random random = new Random(1234);
    List<List<Sample>> all = new ArrayList<>();
    for (int i = 0; i < records; i++) {
      List<Sample> record = new ArrayList<>();
      long time = T0 + i * 1000L;
      for (int k = 0; k < SERVICES.size(); k++) {
        String service = SERVICES.get(k);
        double latency = 150 + 25 * random.nextGaussian();
        double payload = 40 + 4 * random.nextGaussian();
        if (i >= 150 + 20 * k && i < 156 + 20 * k) latency *= 5;
        if (i >= 330 + 20 * k && i < 336 + 20 * k) payload *= 5;
        record.add(new Sample(SeriesKey.of(service, "latency_ms"), time, latency));
        record.add(new Sample(SeriesKey.of(service, "payload_kb"), time, payload));
      }
      all.add(record);
    }
    return all;
  }
}
