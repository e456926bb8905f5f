package io.driftline.storage.sqlite;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;

/**
 * The connections to one SQLite file: one write connection, used under a lock and always inside a
 * transaction, and a small pool of read connections. WAL mode lets readers see the last committed
 * state while a write is in progress, so queries never wait for a group commit.
 *
 * <p>The database of a storage comes with a second file beside it, {@link #chunks()} ({@code
 * <file>-chunks}), which holds the compacted samples and has its own write connection and lock: a
 * compaction writing chunks never holds the lock the ingest path's group commits take. Read
 * connections of the main file attach it as {@code chunks}, so one query can read both.
 *
 * <p>Nothing is opened until the first {@link #read} or {@link #write}; after {@link #close} every
 * call fails instead of quietly opening the file again.
 */
final class SqliteDatabase {
  private static final int BUSY_TIMEOUT_MILLIS = 5_000;
  private static final int IDLE_READERS = 4;
  private static final int WRITER_AUTOCHECKPOINT_PAGES = 10_000;

  /** The schema of the attached chunk file on read connections: {@code chunks.sample_chunks}. */
  static final String CHUNKS = "chunks";

  /** Work against one connection; SQL errors are turned into unchecked ones by the caller. */
  @FunctionalInterface
  interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
  }

  /** Brings a newly opened write connection's file to its schema. */
  @FunctionalInterface
  interface Migration {
    Connection migrate(Connection connection) throws SQLException;
  }

  private final Path file;
  private final Migration migration;
  private final SqliteDatabase chunks; // null for the chunk file itself
  // fair: the maintenance thread's short steps come one after another, and an unfair lock let it
  // take the lock again before the woken group commit could (measured: commits waited 30-60 ms)
  private final ReentrantLock writeLock = new ReentrantLock(true);
  private final Deque<Connection> idleReaders = new ArrayDeque<>(); // guarded by this
  private Connection writer; // guarded by this; used under writeLock
  private Connection checkpointer; // guarded by checkpointLock
  private final ReentrantLock checkpointLock = new ReentrantLock();
  private boolean closed; // guarded by this

  /** The main file of a storage and, beside it, its chunk file. */
  SqliteDatabase(Path file) {
    this.file = file;
    this.chunks = new SqliteDatabase(chunkFileOf(file), SqliteSchema::migrateChunks, null);
    this.migration = c -> SqliteSchema.migrate(c, chunks.file);
  }

  private SqliteDatabase(Path file, Migration migration, SqliteDatabase chunks) {
    this.file = file;
    this.migration = migration;
    this.chunks = chunks;
  }

  /** Where the compacted samples of {@code file} live: {@code driftline.db-chunks}. */
  static Path chunkFileOf(Path file) {
    return file.resolveSibling(file.getFileName() + "-chunks");
  }

  Path file() {
    return file;
  }

  /** The chunk file's database: its own write lock, attached as {@link #CHUNKS} on readers. */
  SqliteDatabase chunks() {
    if (chunks == null) throw new IllegalStateException(file + " is itself a chunk file");
    return chunks;
  }

  /** Runs {@code work} on a read connection; a single statement sees one committed state. */
  <T> T read(String operation, SqlWork<T> work) {
    Connection connection = borrowReader(operation);
    try {
      return work.run(connection);
    } catch (SQLException e) {
      throw failure(operation, e);
    } finally {
      giveBack(connection);
    }
  }

  /**
   * Runs {@code work} in one transaction on the write connection: all of it commits or none, and
   * the commit is durable when this returns (the WAL is fsynced).
   */
  <T> T write(String operation, SqlWork<T> work) {
    return write(operation, work, true);
  }

  /**
   * As {@link #write}, but the commit does not wait for an {@code fsync} ({@code PRAGMA synchronous
   * = NORMAL} for this transaction): for work that may be lost in a power cut without harm, such as
   * a compaction step, which the next compaction redoes. Order is kept: the WAL is appended in
   * commit order and the next durable commit fsyncs the whole file, so no durable commit can
   * survive a crash that an earlier deferred one did not; recovery stops at the first incomplete
   * frame (https://www.sqlite.org/wal.html, https://www.sqlite.org/pragma.html#pragma_synchronous).
   * The write lock is then held for the work alone, not for the disk's flush as well.
   */
  <T> T writeDeferringSync(String operation, SqlWork<T> work) {
    return write(operation, work, false);
  }

  private <T> T write(String operation, SqlWork<T> work, boolean durable) {
    writeLock.lock();
    try {
      Connection connection = writer(operation);
      try {
        if (!durable) synchronous(connection, "NORMAL");
        connection.setAutoCommit(false);
        T result = work.run(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(connection);
        throw e instanceof SQLException sql ? failure(operation, sql) : (RuntimeException) e;
      } finally {
        autoCommitQuietly(connection);
        if (!durable) fullSync(connection, operation);
      }
    } finally {
      writeLock.unlock();
    }
  }

  private static void synchronous(Connection connection, String mode) throws SQLException {
    try (Statement pragma = connection.createStatement()) {
      pragma.execute("PRAGMA synchronous = " + mode);
    }
  }

  /**
   * Back to FULL after a deferred write. If even that fails the connection is closed, so the next
   * write opens a fresh one with FULL instead of acknowledging commits that were never synced.
   */
  private void fullSync(Connection connection, String operation) {
    try {
      synchronous(connection, "FULL");
    } catch (SQLException e) {
      synchronized (this) {
        if (writer == connection) writer = null;
      }
      closeQuietly(connection);
      throw failure(operation + " (restoring synchronous=FULL)", e);
    }
  }

  /**
   * Copies committed WAL frames into the database file on a connection of its own ({@code PRAGMA
   * wal_checkpoint(PASSIVE)}), so that the group commits on the write connection do not pay for it:
   * a checkpoint runs beside writers and readers and never waits for them
   * (https://www.sqlite.org/wal.html#checkpointing). The chunk file's WAL is checkpointed too.
   * Returns the WAL frames not yet copied.
   */
  long checkpointWal() {
    long behind = checkpointThisWal();
    return chunks == null ? behind : behind + chunks.checkpointThisWal();
  }

  private long checkpointThisWal() {
    checkpointLock.lock();
    try {
      synchronized (this) {
        ensureOpen();
      }
      if (checkpointer == null) {
        writer("checkpointing the WAL"); // the writer creates the file and its schema first
        checkpointer = connect(readerConfig());
      }
      try (Statement pragma = checkpointer.createStatement();
          var row = pragma.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
        row.next();
        return Math.max(0, row.getLong(2) - row.getLong(3)); // frames in the WAL - checkpointed
      }
    } catch (SQLException e) {
      throw failure("checkpointing the WAL", e);
    } finally {
      checkpointLock.unlock();
    }
  }

  void close() {
    try {
      closeThis();
    } finally {
      if (chunks != null) chunks.closeThis();
    }
  }

  private void closeThis() {
    writeLock.lock();
    checkpointLock.lock();
    try {
      synchronized (this) {
        if (closed) return;
        closed = true;
        for (Connection reader : idleReaders) closeQuietly(reader);
        idleReaders.clear();
        if (checkpointer != null) closeQuietly(checkpointer);
        if (writer != null) closeQuietly(writer);
      }
    } finally {
      checkpointLock.unlock();
      writeLock.unlock();
    }
  }

  RuntimeException failure(String operation, SQLException e) {
    return new RuntimeException(operation + " failed on " + file + ": " + e.getMessage(), e);
  }

  private synchronized Connection writer(String operation) {
    ensureOpen();
    if (writer == null) {
      // the chunk file first: the main file's migration may move chunks into it
      if (chunks != null) {
        requireChunkFile(operation);
        chunks.writer(operation);
      }
      try {
        writer = migration.migrate(connect(writerConfig()));
        try (Statement pragma = writer.createStatement()) {
          // checkpoints run on their own connection (checkpointWal); the writer only steps in when
          // the WAL has grown far beyond that (about 40 MB), e.g. if nothing else checkpoints
          pragma.execute("PRAGMA wal_autocheckpoint = " + WRITER_AUTOCHECKPOINT_PAGES);
        }
      } catch (SQLException e) {
        throw failure("opening " + operation, e);
      }
    }
    return writer;
  }

  /**
   * Refuses a main file of version 4 or later whose chunk file is gone (copied without it, or
   * deleted): opening would start an empty chunk file beside it, and the compacted samples would be
   * missing without a word.
   */
  private void requireChunkFile(String operation) {
    if (!Files.exists(file) || Files.exists(chunks.file)) return;
    int version;
    try (Connection probe = connect(readerConfig())) {
      version = SqliteSchema.storedVersion(probe);
    } catch (SQLException e) {
      return; // not a Driftline file (yet): the migration reports what is wrong with it
    }
    if (version >= SqliteSchema.FIRST_VERSION_WITH_CHUNK_FILE) {
      throw new IllegalStateException(
          "opening "
              + operation
              + ": "
              + chunks.file
              + " is missing; it holds the compacted samples of "
              + file
              + " and must be kept (copied, moved, restored) together with it");
    }
  }

  private Connection borrowReader(String operation) {
    // the write connection creates the file and its schema before any reader connects
    writer(operation);
    synchronized (this) {
      ensureOpen();
      Connection idle = idleReaders.poll();
      if (idle != null) return idle;
    }
    try {
      return queryOnly(attachChunks(connect(readerConfig())));
    } catch (SQLException e) {
      throw failure("opening reader for " + operation, e);
    }
  }

  private void giveBack(Connection reader) {
    synchronized (this) {
      if (!closed && idleReaders.size() < IDLE_READERS) {
        idleReaders.push(reader);
        return;
      }
    }
    closeQuietly(reader);
  }

  private void ensureOpen() {
    if (closed) throw new IllegalStateException("sqlite storage is closed: " + file);
  }

  private Connection connect(SQLiteConfig config) throws SQLException {
    return config.createConnection("jdbc:sqlite:" + file);
  }

  /**
   * WAL with synchronous=FULL: each commit fsyncs the WAL, so an acknowledged write survives a
   * power loss or SIGKILL; NORMAL would only sync at checkpoints and could lose the last commits
   * (https://www.sqlite.org/pragma.html#pragma_synchronous). IMMEDIATE transactions take the write
   * lock at BEGIN, where the busy timeout applies, instead of failing on a later lock upgrade.
   */
  private static SQLiteConfig writerConfig() {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
    config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    return config;
  }

  private static SQLiteConfig readerConfig() {
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
    return config;
  }

  private Connection attachChunks(Connection reader) throws SQLException {
    if (chunks == null) return reader;
    try (PreparedStatement attach = reader.prepareStatement("ATTACH DATABASE ? AS " + CHUNKS)) {
      attach.setString(1, chunks.file.toString());
      attach.execute();
      return reader;
    } catch (SQLException e) {
      closeQuietly(reader);
      throw e;
    }
  }

  /** A read connection must never write, whatever SQL a store hands it. */
  private static Connection queryOnly(Connection reader) throws SQLException {
    try (Statement pragma = reader.createStatement()) {
      pragma.execute("PRAGMA query_only = true");
      return reader;
    } catch (SQLException e) {
      closeQuietly(reader);
      throw e;
    }
  }

  private static void rollbackQuietly(Connection connection) {
    try {
      connection.rollback();
    } catch (SQLException | RuntimeException ignored) {
      // the original failure is the one worth reporting; a closed connection has nothing to undo
    }
  }

  private static void autoCommitQuietly(Connection connection) {
    try {
      if (!connection.isClosed()) connection.setAutoCommit(true);
    } catch (SQLException ignored) {
      // a commit or rollback already ended the transaction; only the driver's flag is left behind
    }
  }

  private static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (SQLException ignored) {
      // closing is best effort: SQLite releases the file when the process ends anyway
    }
  }
}
