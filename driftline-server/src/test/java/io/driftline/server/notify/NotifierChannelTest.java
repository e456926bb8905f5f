package io.driftline.server.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.drift.DriftCategory;
import io.driftline.drift.Severity;
import io.driftline.sources.SourceException;
import io.driftline.storage.InMemoryStorage;
import io.driftline.storage.StorageComponent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a channel sends when, run on the test thread ({@link NotifierChannel#runPending()}): one
 * firing per open event and severity, one resolution, nothing for other changes, drops counted and
 * healed by reconcile, and the dedup state kept across a restart.
 */
class NotifierChannelTest {
  static final Instant END = Instant.parse("2026-01-12T11:00:00Z");

  /** Our own SPI, recorded: what the channel asked the receiver to say. */
  static final class RecordingNotifier implements Notifier {
    final List<Notification> sent = new ArrayList<>();
    final List<List<Notification>> refreshed = new ArrayList<>();
    int failuresLeft;
    boolean refreshes;

    @Override
    public String name() {
      return "recording";
    }

    @Override
    public void send(Notification n) throws SourceException {
      if (failuresLeft > 0) {
        failuresLeft--;
        throw new SourceException("recording: POST http://127.0.0.1/x answered 503");
      }
      sent.add(n);
    }

    @Override
    public boolean refreshes() {
      return refreshes;
    }

    @Override
    public void refresh(List<Notification> firing) {
      refreshed.add(firing);
    }

    List<String> summary() {
      return sent.stream()
          .map(
              n ->
                  n.kind()
                      + " "
                      + n.event().driftId()
                      + " "
                      + n.event().severity().wire()
                      + n.previousSeverity().map(p -> " was " + p.wire()).orElse(""))
          .toList();
    }
  }

  final StorageComponent storage = new InMemoryStorage();
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final RecordingNotifier notifier = new RecordingNotifier();

  NotifierChannel channel(NotificationRoute route, DeliveryLog log, int capacity) {
    return new NotifierChannel(notifier, route, log, storage.driftEvents(), capacity, registry);
  }

  NotifierChannel channel() {
    return channel(NotificationRoute.EVERYTHING, DeliveryLog.inMemory(), 100);
  }

  /** Stores and offers, as the NotifyingStorage does. */
  void store(NotifierChannel channel, io.driftline.drift.DriftEvent e) {
    storage.driftEvents().write(e);
    channel.offer(e);
  }

  double counter(String name) {
    return registry.get(name).tag("notifier", "recording").counters().stream()
        .mapToDouble(c -> c.count())
        .sum();
  }

  @Test
  void anOpenEventIsToldOnceAtEachHigherSeverityAndOnceResolved() {
    var channel = channel();
    var open = TestEvents.open("ev-1", Severity.MINOR);
    store(channel, open);
    channel.runPending();
    store(channel, open.acknowledged("alice", END.toEpochMilli())); // no news for a receiver
    store(
        channel,
        open.withSignals(List.of("latency_p95_ms", "latency_p99_ms"), Severity.MINOR, 0.9, 8));
    channel.runPending();
    var major = TestEvents.escalated(open, Severity.MAJOR);
    store(channel, major);
    channel.runPending();
    store(channel, major); // the same state again
    channel.runPending();
    store(channel, TestEvents.resolved(major, END));
    channel.runPending();
    store(channel, TestEvents.resolved(major, END));
    channel.runPending();

    assertThat(notifier.summary())
        .containsExactly(
            "FIRING ev-1 minor", "FIRING ev-1 major was minor", "RESOLVED ev-1 major was major");
    assertThat(registry.get("driftline.notify.sent").tag("kind", "firing").counter().count())
        .isEqualTo(2);
  }

  @Test
  void changesOfAWaitingEventTakeOneQueueSlotAndTheNewestStateIsSent() {
    var channel = channel();
    var open = TestEvents.open("ev-1", Severity.MINOR);
    store(channel, open);
    store(channel, TestEvents.escalated(open, Severity.CRITICAL));
    assertThat(channel.queueDepth()).isEqualTo(1);
    channel.runPending();
    assertThat(notifier.summary()).containsExactly("FIRING ev-1 critical");
  }

  @Test
  void routingBySeverityAndCategorySendsAnEventOnceItQualifies() {
    var channel =
        channel(
            new NotificationRoute(Severity.MAJOR, Set.of(DriftCategory.LATENCY_DRIFT)),
            DeliveryLog.inMemory(),
            100);
    var minor = TestEvents.open("ev-1", Severity.MINOR);
    var cpu = TestEvents.open("ev-2", DriftCategory.CPU_MEMORY_DRIFT, Severity.CRITICAL, END);
    store(channel, minor);
    store(channel, cpu);
    channel.runPending();
    assertThat(notifier.sent).isEmpty();

    store(channel, TestEvents.escalated(minor, Severity.MAJOR));
    channel.runPending();
    store(channel, TestEvents.resolved(cpu, END));
    channel.runPending();
    assertThat(notifier.summary()).containsExactly("FIRING ev-1 major");
  }

  @Test
  void aResolutionOfAnEventNeverToldIsNotSent() {
    var channel = channel();
    store(channel, TestEvents.resolved(TestEvents.open("ev-1", Severity.MAJOR), END));
    channel.runPending();
    assertThat(notifier.sent).isEmpty();
  }

  @Test
  void aFullQueueDropsAndCountsAndReconcileDeliversWhatWasDropped() {
    var channel = channel(NotificationRoute.EVERYTHING, DeliveryLog.inMemory(), 2);
    for (int i = 1; i <= 5; i++) store(channel, TestEvents.open("ev-" + i, Severity.MAJOR));
    assertThat(counter("driftline.notify.dropped")).isEqualTo(3);
    channel.runPending();
    assertThat(notifier.sent).hasSize(2);

    channel.requestReconcile();
    channel.runPending();
    assertThat(notifier.sent)
        .extracting(n -> n.event().driftId())
        .containsExactlyInAnyOrder("ev-1", "ev-2", "ev-3", "ev-4", "ev-5");
  }

  @Test
  void aDeliveryThatFailedAfterItsRetriesIsDeliveredByTheNextReconcile() {
    var channel = channel();
    notifier.failuresLeft = 1;
    store(channel, TestEvents.open("ev-1", Severity.MAJOR));
    channel.runPending();
    assertThat(notifier.sent).isEmpty();
    assertThat(counter("driftline.notify.failed")).isEqualTo(1);

    channel.requestReconcile();
    channel.runPending();
    assertThat(notifier.summary()).containsExactly("FIRING ev-1 major");
  }

  @Test
  void afterARestartNothingToldIsRepeatedAndWhatResolvedMeanwhileIsResolved(@TempDir Path dir) {
    Path file = dir.resolve("notify").resolve("recording.json");
    var before = channel(NotificationRoute.EVERYTHING, DeliveryLog.persistent(file), 100);
    var stays = TestEvents.open("ev-1", Severity.MAJOR);
    var ends = TestEvents.open("ev-2", Severity.MINOR);
    store(before, stays);
    store(before, ends);
    before.runPending();
    assertThat(notifier.sent).hasSize(2);
    // down: ev-2 resolves and ev-3 opens without the channel seeing either
    storage.driftEvents().write(TestEvents.resolved(ends, END));
    storage.driftEvents().write(TestEvents.open("ev-3", Severity.CRITICAL));
    notifier.sent.clear();

    var after = channel(NotificationRoute.EVERYTHING, DeliveryLog.persistent(file), 100);
    after.requestReconcile(); // what AlertDelivery.start() does
    after.runPending();
    store(after, stays); // rewritten unchanged (a replay): still no news

    after.runPending();
    assertThat(notifier.summary())
        .containsExactlyInAnyOrder("RESOLVED ev-2 minor was minor", "FIRING ev-3 critical");
    assertThat(DeliveryLog.persistent(file).firingIds()).containsExactlyInAnyOrder("ev-1", "ev-3");
  }

  @Test
  void refreshResendsFiringEventsAsToldAndQueuesTheChangedOnes() {
    notifier.refreshes = true;
    var channel = channel();
    var a = TestEvents.open("ev-1", Severity.MINOR);
    var b = TestEvents.open("ev-2", Severity.MAJOR);
    store(channel, a);
    store(channel, b);
    channel.runPending();
    notifier.sent.clear();
    // changed behind the channel's back (e.g. a dropped change): refresh sends what was told
    storage.driftEvents().write(TestEvents.escalated(a, Severity.CRITICAL));
    storage.driftEvents().write(TestEvents.resolved(b, END));

    channel.requestRefresh();
    channel.runPending();

    assertThat(notifier.refreshed).hasSize(1);
    assertThat(notifier.refreshed.get(0))
        .extracting(n -> n.event().driftId() + " " + n.event().severity().wire())
        .containsExactly("ev-1 minor");
    assertThat(notifier.summary())
        .containsExactlyInAnyOrder(
            "FIRING ev-1 critical was minor", "RESOLVED ev-2 major was major");
  }

  @Test
  void offerNeverBlocksWhileTheReceiverIsBusy() {
    var channel = channel(NotificationRoute.EVERYTHING, DeliveryLog.inMemory(), 1);
    // nobody runs the channel: offers return at once and the surplus is counted
    for (int i = 0; i < 1_000; i++) channel.offer(TestEvents.open("ev-" + i, Severity.MAJOR));
    assertThat(channel.queueDepth()).isEqualTo(1);
    assertThat(counter("driftline.notify.dropped")).isEqualTo(999);
    assertThat(Optional.of(notifier.sent)).get().asList().isEmpty();
  }
}
