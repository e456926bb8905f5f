package io.driftline.server.notify;

import io.driftline.drift.DriftCategory;
import io.driftline.drift.DriftEvent;
import io.driftline.storage.DriftEventQuery;
import io.driftline.storage.DriftEventStore;
import io.driftline.storage.ForwardingStorageComponent;
import io.driftline.storage.StorageComponent;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A storage component that tells a listener about every drift event after it is stored, whoever
 * wrote it: the {@code DriftTracker} (detection, API status changes, client-posted events) or any
 * other component of the server. Following the store rather than the tracker's methods means new
 * kinds of events (configuration drift, capacity risk) are delivered without touching delivery.
 *
 * <p>The listener runs on the writing thread, so it must only queue (see {@link AlertDelivery}).
 */
public final class NotifyingStorage extends ForwardingStorageComponent {
  private final StorageComponent delegate;
  private final DriftEventStore events;

  public NotifyingStorage(StorageComponent delegate, Consumer<DriftEvent> stored) {
    this.delegate = delegate;
    this.events = new NotifyingEventStore(delegate, stored);
  }

  @Override
  protected StorageComponent delegate() {
    return delegate;
  }

  @Override
  public DriftEventStore driftEvents() {
    return events;
  }

  private record NotifyingEventStore(StorageComponent storage, Consumer<DriftEvent> stored)
      implements DriftEventStore {
    @Override
    public void write(DriftEvent event) {
      storage.driftEvents().write(event);
      stored.accept(event);
    }

    @Override
    public Optional<DriftEvent> get(String driftId) {
      return storage.driftEvents().get(driftId);
    }

    @Override
    public Optional<DriftEvent> open(
        String clusterId, String namespace, String workloadName, DriftCategory category) {
      return storage.driftEvents().open(clusterId, namespace, workloadName, category);
    }

    @Override
    public List<DriftEvent> find(DriftEventQuery query) {
      return storage.driftEvents().find(query);
    }
  }
}
