package io.driftline.ingest;

import io.driftline.storage.CheckResult;
import io.driftline.storage.CheckpointStore;
import io.driftline.storage.InMemoryStorage;
import io.driftline.storage.SampleStore;
import io.driftline.storage.StorageComponent;
import io.driftline.storage.TransitionStore;
import io.driftline.storage.WriteBatch;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * Wraps an {@link InMemoryStorage} so a test can hold, fail or cut off writes. Closing the wrapper
 * does not close the storage behind it, so several ingestors can use the same storage in turn.
 */
final class TestStorage extends StorageComponent {
  private final InMemoryStorage delegate;
  private volatile Consumer<WriteBatch> beforeWrite = batch -> {};
  private volatile boolean killed;
  private volatile RuntimeException unreadable;
  final CountDownLatch checkpointWritten = new CountDownLatch(1);

  TestStorage(InMemoryStorage delegate) {
    this.delegate = delegate;
  }

  /** Runs before every write; may block or throw (a throw means nothing was written). */
  void beforeWrite(Consumer<WriteBatch> hook) {
    this.beforeWrite = hook;
  }

  /** From now on every write fails, as if the process died: storage stays as it is now. */
  void kill() {
    killed = true;
  }

  /**
   * From now on reading checkpoints fails with {@code failure}, as a file that cannot be opened.
   */
  void failReads(RuntimeException failure) {
    this.unreadable = failure;
  }

  @Override
  public void write(WriteBatch batch) {
    if (killed) throw new IllegalStateException("process is dead");
    beforeWrite.accept(batch);
    delegate.write(batch);
    if (batch.replayFrom().isPresent()) checkpointWritten.countDown();
  }

  @Override
  public SampleStore samples() {
    return delegate.samples();
  }

  @Override
  public TransitionStore transitions() {
    return delegate.transitions();
  }

  @Override
  public CheckpointStore checkpoints() {
    if (unreadable != null) throw unreadable;
    return delegate.checkpoints();
  }

  @Override
  public io.driftline.storage.PodMetricStore podMetrics() {
    return delegate.podMetrics();
  }

  @Override
  public io.driftline.storage.CapacityStore capacity() {
    return delegate.capacity();
  }

  @Override
  public io.driftline.storage.ConfigHistoryStore configHistory() {
    return delegate.configHistory();
  }

  @Override
  public io.driftline.storage.DriftEventStore driftEvents() {
    return delegate.driftEvents();
  }

  @Override
  public io.driftline.storage.RecommendationStore recommendations() {
    return delegate.recommendations();
  }

  @Override
  public io.driftline.storage.DesiredStateStore desiredState() {
    return delegate.desiredState();
  }

  @Override
  public io.driftline.storage.RemediationStore remediations() {
    return delegate.remediations();
  }

  @Override
  public CheckResult check() {
    return delegate.check();
  }

  @Override
  public long sizeBytes() {
    return delegate.sizeBytes();
  }

  @Override
  public void close() {}
}
