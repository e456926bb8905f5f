package io.driftline.server;

import io.driftline.storage.ForwardingStorageComponent;
import io.driftline.storage.InMemoryStorage;
import io.driftline.storage.StorageComponent;
import io.driftline.storage.WriteBatch;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * In-memory storage whose writes wait until the test {@link #release()}s them, so the ingest queue
 * fills up behind a commit in progress. {@link #awaitWriting()} returns once the writer is inside a
 * write. A held write gives up after 30 s, so a broken test cannot hang the build.
 */
public final class HeldStorage extends ForwardingStorageComponent {
  private final InMemoryStorage delegate = new InMemoryStorage();
  private final CountDownLatch writing = new CountDownLatch(1);
  private final CountDownLatch released = new CountDownLatch(1);

  public void awaitWriting() throws InterruptedException {
    if (!writing.await(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the storage writer never started a write");
    }
  }

  @Override
  protected StorageComponent delegate() {
    return delegate;
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
  public void close() {
    released.countDown();
    delegate.close();
  }
}
