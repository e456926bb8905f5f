package io.driftline.ingest;

import io.driftline.detect.DetectorSelector;
import io.driftline.health.GoldenSignals;
import io.driftline.health.ServiceHealth;
import io.driftline.health.ServiceSnapshot;
import io.driftline.health.Transition;
import io.driftline.storage.ServiceCheckpoint;
import io.driftline.telemetry.StoredSample;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;

/**
 * A single thread that owns the detection state of the services routed to it. It applies committed
 * samples in commit order, reports transitions to the writer, and publishes immutable snapshots for
 * readers. Nothing else touches its {@link ServiceHealth} objects.
 */
final class Shard implements Runnable {
  sealed interface Message {}

  /** This shard's samples of one commit, whose highest sequence number is {@code upTo}. */
  record Batch(List<StoredSample> samples, long submittedNanos, long upTo) implements Message {}

  /**
   * Save every service changed since the last barrier (or every service, when {@code all}); all
   * samples up to {@code seq} have been applied when a shard reaches it.
   */
  record Barrier(long seq, boolean all) implements Message {}

  record Sync(Runnable done) implements Message {}

  record Stop() implements Message {}

  private final int index;
  private final DetectorSelector detectors;
  private final BlockingQueue<Message> inbox = new ArrayBlockingQueue<>(4096);
  private final Map<String, ServiceHealth> services = new HashMap<>();
  private final Set<ServiceHealth> dirty = new LinkedHashSet<>();
  private final ConcurrentMap<String, ServiceSnapshot> published;
  private final StorageWriter writer;
  private final IngestObserver observer;
  private final GoldenSignals golden;

  /** Every commit up to this sequence number has been applied (its snapshots published). */
  private volatile long appliedUpTo;

  Shard(
      int index,
      DetectorSelector detectors,
      ConcurrentMap<String, ServiceSnapshot> published,
      StorageWriter writer,
      IngestObserver observer,
      GoldenSignals golden) {
    this.golden = golden;
    this.index = index;
    this.detectors = detectors;
    this.published = published;
    this.writer = writer;
    this.observer = observer;
  }

  /**
   * Adopts a service restored at start-up, before the thread runs; {@code unsaved} when replay
   * moved it past its stored checkpoint.
   */
  void adopt(ServiceHealth health, boolean unsaved) {
    services.put(health.service(), health);
    if (unsaved) dirty.add(health);
    published.put(health.service(), health.snapshot());
  }

  /** Called before the thread starts: commits up to {@code seq} are already reflected. */
  void appliedUpTo(long seq) {
    appliedUpTo = seq;
  }

  long appliedUpTo() {
    return appliedUpTo;
  }

  void send(Message message) {
    try {
      inbox.put(message);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while routing to shard " + index, e);
    }
  }

  @Override
  public void run() {
    while (true) {
      Message message;
      try {
        message = inbox.take();
      } catch (InterruptedException e) {
        return;
      }
      switch (message) {
        case Batch batch -> apply(batch);
        case Barrier barrier ->
            writer.checkpointPart(index, barrier.seq(), checkpoints(barrier.all()));
        case Sync sync -> sync.done().run();
        case Stop stop -> {
          return;
        }
      }
    }
  }

  private void apply(Batch batch) {
    if (batch.samples().isEmpty()) {
      appliedUpTo = batch.upTo();
      return;
    }
    List<Transition> transitions = new ArrayList<>();
    Set<ServiceHealth> touched = new LinkedHashSet<>();
    Consumer<Transition> sink = transitions::add;
    for (StoredSample stored : batch.samples()) {
      String service = stored.sample().key().service();
      ServiceHealth health =
          services.computeIfAbsent(service, s -> new ServiceHealth(s, detectors, golden));
      if (stored.seq() <= health.lastSeq()) continue; // already applied before a restart
      health.accept(stored, sink);
      touched.add(health);
    }
    for (ServiceHealth health : touched) published.put(health.service(), health.snapshot());
    appliedUpTo = batch.upTo();
    dirty.addAll(touched);
    if (!transitions.isEmpty()) writer.transitions(transitions);
    observer.detected(batch.samples().size(), System.nanoTime() - batch.submittedNanos());
  }

  private List<ServiceCheckpoint> checkpoints(boolean all) {
    var toSave = all ? services.values() : dirty;
    List<ServiceCheckpoint> saved = new ArrayList<>(toSave.size());
    for (ServiceHealth health : toSave) {
      saved.add(new ServiceCheckpoint(health.service(), health.lastSeq(), health.encode()));
    }
    dirty.clear();
    return saved;
  }
}
