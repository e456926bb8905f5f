package io.driftline.storage.sqlite;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The one background thread of a SQLite file that does the work the group commits should not wait
 * for: sample compaction (asked for by the writer, at most one waiting at a time) and copying the
 * WAL into the database file about once a second ({@link SqliteDatabase#checkpointWal}).
 *
 * <p>Why a thread of its own: both used to run on the storage writer's thread, after a commit, and
 * every request queued behind them waited 100-170 ms (docs/benchmarks.md). Now the writer only
 * waits while a compaction holds the write lock for one of its short steps.
 */
final class SqliteMaintenance implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(SqliteMaintenance.class.getName());
  private static final long CHECKPOINT_EVERY_MILLIS = 1_000;
  private static final Runnable STOP = () -> {};

  private final SqliteDatabase db;
  private final LinkedBlockingQueue<Runnable> work = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean compactionWaiting;
  private volatile boolean started;

  SqliteMaintenance(SqliteDatabase db) {
    this.db = db;
    this.thread =
        Thread.ofPlatform().daemon().name("driftline-sqlite-maintenance").unstarted(this::run);
  }

  /** Runs {@code compaction} soon on the maintenance thread, unless one is already waiting. */
  void compact(Runnable compaction) {
    if (compactionWaiting) return;
    compactionWaiting = true;
    startOnce();
    work.add(
        () -> {
          compactionWaiting = false;
          compaction.run();
        });
  }

  /** Completes once everything asked for before this call has run; for tests. */
  CompletableFuture<Void> idle() {
    var done = new CompletableFuture<Void>();
    startOnce();
    work.add(() -> done.complete(null));
    return done;
  }

  /** Starts the thread if it is not running yet; the storage calls this on its first write. */
  void startOnce() {
    if (started) return;
    synchronized (this) {
      if (thread.getState() == Thread.State.NEW) thread.start();
      started = true;
    }
  }

  private void run() {
    long nextCheckpoint = System.nanoTime();
    while (true) {
      Runnable next;
      try {
        next = work.poll(CHECKPOINT_EVERY_MILLIS, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (next == STOP) return;
      try {
        if (next != null) next.run();
        if (next != null || System.nanoTime() - nextCheckpoint >= 0) {
          db.checkpointWal();
          nextCheckpoint =
              System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CHECKPOINT_EVERY_MILLIS);
        }
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "sqlite maintenance failed; retried later", e);
      }
    }
  }

  /** Lets the running step finish, then stops; the database is closed after this. */
  @Override
  public void close() {
    synchronized (this) {
      if (thread.getState() == Thread.State.NEW) return;
    }
    work.add(STOP);
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
