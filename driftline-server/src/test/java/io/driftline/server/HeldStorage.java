package io.driftline.server;

import io.driftline.storage.CheckResult;
import io.driftline.storage.CheckpointStore;
import io.driftline.storage.InMemoryStorage;
import io.driftline.storage.SampleStore;
import io.driftline.storage.StorageComponent;
import io.driftline.storage.TransitionStore;
import io.driftline.storage.WriteBatch;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * In-memory storage whose writes wait until the test {@link #release()}s them, so the ingest
 * queue fills up behind a commit in progress. {@link #awaitWriting()} returns once the writer is
 * inside a write. A held write gives up after 30 s, so a broken test cannot hang the build.
 */
public final class HeldStorage extends StorageComponent {
  private final InMemoryStorage delegate = new InMemoryStorage();
  private final CountDownLatch writing = new CountDownLatch(1);
  private final CountDownLatch released = new CountDownLatch(1);

  public void awaitWriting() throws InterruptedException {
    if (!writing.await(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the storage writer never started a write");
    }
  }

  public void release() {
    released.countDown();
  }

  @Override
  public void write(WriteBatch batch) {
    writing.countDown();
    try {
      if (!released.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("held write was never released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while held", e);
    }
    delegate.write(batch);
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
    return delegate.checkpoints();
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
  public void close() {
    released.countDown();
    delegate.close();
  }
}
