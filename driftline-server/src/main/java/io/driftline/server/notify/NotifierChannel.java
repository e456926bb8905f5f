package io.driftline.server.notify;

import io.driftline.drift.DriftEvent;
import io.driftline.drift.DriftStatus;
import io.driftline.drift.Severity;
import io.driftline.sources.SourceException;
import io.driftline.storage.DriftEventQuery;
import io.driftline.storage.DriftEventStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds one {@link Notifier} from its own bounded queue on its own thread, so a slow or failing
 * receiver delays neither ingestion nor the other receivers.
 *
 * <p>The queue holds the newest version of each waiting event: a second change of an event still
 * waiting replaces the first and takes no room. When {@code capacity} distinct events wait, a new
 * one is dropped and counted ({@code driftline_notify_dropped_total}); {@link #requestReconcile()}
 * later compares the event store with the {@link DeliveryLog} and delivers what was dropped or
 * failed, so a drop delays a notification but does not lose it.
 *
 * <p>Decisions, per event: open, routed and not yet told at this severity or higher: send firing;
 * resolved and told firing before: send resolved; anything else (signals changed, acknowledged, the
 * same state again): nothing.
 */
final class NotifierChannel implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NotifierChannel.class);
  private static final int RECONCILE_LIMIT = 10_000;

  private final Notifier notifier;
  private final NotificationRoute route;
  private final DeliveryLog log;
  private final DriftEventStore store;
  private final int capacity;
  private final Counter firingSent;
  private final Counter resolvedSent;
  private final Counter failed;
  private final Counter dropped;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition work = lock.newCondition();
  private final LinkedHashMap<String, DriftEvent> pending = new LinkedHashMap<>();
  private boolean refreshDue;
  private boolean reconcileDue;
  private boolean closed;
  private Thread worker;

  NotifierChannel(
      Notifier notifier,
      NotificationRoute route,
      DeliveryLog log,
      DriftEventStore store,
      int capacity,
      MeterRegistry registry) {
    if (capacity < 1)
      throw new IllegalArgumentException("capacity must be >= 1 but was " + capacity);
    this.notifier = notifier;
    this.route = route;
    this.log = log;
    this.store = store;
    this.capacity = capacity;
    String name = notifier.name();
    this.firingSent = sent(registry, name, "firing");
    this.resolvedSent = sent(registry, name, "resolved");
    this.failed =
        Counter.builder("driftline.notify.failed")
            .description("notifications that failed after all retries (retried on reconcile)")
            .tag("notifier", name)
            .register(registry);
    this.dropped =
        Counter.builder("driftline.notify.dropped")
            .description("event changes dropped because the notifier's queue was full")
            .tag("notifier", name)
            .register(registry);
    Gauge.builder("driftline.notify.queue.depth", this, NotifierChannel::queueDepth)
        .description("events waiting for delivery")
        .tag("notifier", name)
        .register(registry);
  }

  private static Counter sent(MeterRegistry registry, String name, String kind) {
    return Counter.builder("driftline.notify.sent")
        .description("notifications delivered")
        .tag("notifier", name)
        .tag("kind", kind)
        .register(registry);
  }

  String name() {
    return notifier.name();
  }

  /** Queues the event's newest state; never blocks (beyond a short lock), never throws. */
  void offer(DriftEvent event) {
    lock.lock();
    try {
      if (closed) return;
      if (!pending.containsKey(event.driftId()) && pending.size() >= capacity) {
        dropped.increment();
        return;
      }
      pending.put(event.driftId(), event);
      work.signal();
    } finally {
      lock.unlock();
    }
  }

  /** Asks the worker to re-send what fires (Alertmanager expires alerts not refreshed). */
  void requestRefresh() {
    flag(true, false);
  }

  /** Asks the worker to compare the store with the log and deliver what is missing. */
  void requestReconcile() {
    flag(false, true);
  }

  private void flag(boolean refresh, boolean reconcile) {
    lock.lock();
    try {
      refreshDue |= refresh;
      reconcileDue |= reconcile;
      work.signal();
    } finally {
      lock.unlock();
    }
  }

  int queueDepth() {
    lock.lock();
    try {
      return pending.size();
    } finally {
      lock.unlock();
    }
  }

  void start() {
    worker = Thread.ofPlatform().daemon().name("driftline-notify-" + name()).start(this::loop);
  }

  private void loop() {
    while (awaitWork()) {
      try {
        runPending();
      } catch (RuntimeException e) {
        // a bug or an unwritable log must not end delivery for good; the next change retries
        LOG.error("{} notifier: {}", name(), e.toString());
      }
    }
  }

  private boolean awaitWork() {
    lock.lock();
    try {
      while (!closed && pending.isEmpty() && !refreshDue && !reconcileDue) work.await();
      return !closed;
    } catch (InterruptedException e) {
      return false;
    } finally {
      lock.unlock();
    }
  }

  /** Does everything asked for so far, on the calling thread (the worker, or a test). */
  void runPending() {
    boolean reconcile;
    boolean refresh;
    lock.lock();
    try {
      reconcile = reconcileDue;
      refresh = refreshDue;
      reconcileDue = false;
      refreshDue = false;
    } finally {
      lock.unlock();
    }
    if (reconcile) reconcile();
    if (refresh) refresh();
    for (DriftEvent next = takePending(); next != null; next = takePending()) deliver(next);
  }

  private DriftEvent takePending() {
    lock.lock();
    try {
      Iterator<Map.Entry<String, DriftEvent>> it = pending.entrySet().iterator();
      if (!it.hasNext() || closed) return null;
      DriftEvent next = it.next().getValue();
      it.remove();
      return next;
    } finally {
      lock.unlock();
    }
  }

  private void deliver(DriftEvent e) {
    Optional<Severity> told = log.firing(e.driftId());
    if (e.isOpen()) {
      if (!route.accepts(e)) return;
      if (told.isPresent() && told.get().compareTo(e.severity()) >= 0) return;
      if (send(new Notification(e, Notification.Kind.FIRING, told))) {
        log.fired(e.driftId(), e.severity());
        firingSent.increment();
      }
    } else if (told.isPresent()) {
      if (send(new Notification(e, Notification.Kind.RESOLVED, told))) {
        log.resolved(e.driftId());
        resolvedSent.increment();
      }
    }
  }

  private boolean send(Notification n) {
    try {
      notifier.send(n);
      return true;
    } catch (SourceException e) {
      failed.increment();
      LOG.warn(
          "{} notification of drift event {} ({}) failed, retried on the next reconcile: {}",
          name(),
          n.event().driftId(),
          n.kind().name().toLowerCase(java.util.Locale.ROOT),
          e.getMessage());
      return false;
    }
  }

  /** Re-sends, as they were told, the events still firing; queues the ones that changed. */
  private void refresh() {
    if (!notifier.refreshes()) return;
    List<Notification> firing = new ArrayList<>();
    for (String id : log.firingIds()) {
      Optional<DriftEvent> current = store.get(id);
      Severity told = log.firing(id).orElseThrow();
      if (current.isEmpty()) {
        log.resolved(id); // deleted: nothing left to describe; Alertmanager lets it expire
      } else if (current.get().isOpen()) {
        DriftEvent e = current.get();
        firing.add(
            Notification.firing(
                e.withSignals(e.signals(), told, e.confidenceScore(), e.sourceSeq())));
        if (e.severity() != told) offer(e);
      } else {
        offer(current.get());
      }
    }
    try {
      notifier.refresh(firing);
    } catch (SourceException e) {
      failed.increment();
      LOG.warn("{} refresh of {} firing alerts failed: {}", name(), firing.size(), e.getMessage());
    }
  }

  /** Delivers what the log says is missing: resolutions of told events, open events not told. */
  private void reconcile() {
    for (String id : log.firingIds()) {
      Optional<DriftEvent> current = store.get(id);
      if (current.isEmpty()) log.resolved(id);
      else if (!current.get().isOpen()) deliver(current.get());
    }
    for (DriftStatus status : List.of(DriftStatus.OPEN, DriftStatus.ACKNOWLEDGED)) {
      var query =
          new DriftEventQuery(
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              Optional.of(status),
              Optional.empty(),
              Optional.empty(),
              RECONCILE_LIMIT,
              0);
      for (DriftEvent e : store.find(query)) deliver(e);
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      work.signalAll();
    } finally {
      lock.unlock();
    }
    if (worker != null) {
      try {
        // a notification in flight finishes and is logged, so a restart does not repeat it;
        // only a receiver that does not answer is cut off
        worker.join(2_000);
        if (worker.isAlive()) {
          worker.interrupt();
          worker.join(5_000);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
