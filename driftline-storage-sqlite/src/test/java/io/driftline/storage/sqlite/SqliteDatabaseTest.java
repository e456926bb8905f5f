package io.driftline.storage.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The write connection's durability: FULL for every write except the deferred ones; the chunk file
 * beside the main one.
 */
class SqliteDatabaseTest {
  private static final int FULL = 2;
  private static final int NORMAL = 1;

  @TempDir Path dir;
  SqliteDatabase db;

  @BeforeEach
  void open() {
    db = new SqliteDatabase(dir.resolve("driftline.db"));
  }

  @AfterEach
  void close() {
    db.close();
  }

  private static int synchronous(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet row = s.executeQuery("PRAGMA synchronous")) {
      row.next();
      return row.getInt(1);
    }
  }

  @Test
  void aDeferredWriteRunsWithNormalAndTheNextWriteWithFullAgain() {
    assertThat(db.<Integer>write("first", SqliteDatabaseTest::synchronous)).isEqualTo(FULL);
    assertThat(
            db.<Integer>writeDeferringSync(
                "deferred",
                c -> {
                  try (Statement s = c.createStatement()) {
                    s.execute("INSERT INTO meta (key, value) VALUES ('probe', 1)");
                  }
                  return synchronous(c);
                }))
        .isEqualTo(NORMAL);
    assertThat(db.<Integer>write("after", SqliteDatabaseTest::synchronous)).isEqualTo(FULL);
    assertThat(single("SELECT value FROM meta WHERE key = 'probe'")).isEqualTo(1L);
  }

  @Test
  void aFailedDeferredWriteIsRolledBackAndLeavesFull() {
    assertThatThrownBy(
            () ->
                db.writeDeferringSync(
                    "failing",
                    c -> {
                      try (Statement s = c.createStatement()) {
                        s.execute("INSERT INTO meta (key, value) VALUES ('half', 1)");
                        s.execute("INSERT INTO no_such_table VALUES (1)");
                      }
                      return null;
                    }))
        .hasMessageContaining("failing failed");
    assertThat(db.<Integer>write("after", SqliteDatabaseTest::synchronous)).isEqualTo(FULL);
    assertThat(single("SELECT COUNT(*) FROM meta WHERE key = 'half'")).isZero();
  }

  @Test
  void aWriteToTheChunkFileDoesNotHoldTheMainFilesWriteLock() throws Exception {
    var chunkWriteOpen = new CountDownLatch(1);
    var finishChunkWrite = new CountDownLatch(1);
    // threads of their own: the common pool may have a single thread on a small machine
    var threads = Executors.newVirtualThreadPerTaskExecutor();
    var chunkWrite =
        CompletableFuture.runAsync(
            () ->
                db.chunks()
                    .write(
                        "a long compaction step",
                        c -> {
                          try (Statement s = c.createStatement()) {
                            s.execute("INSERT INTO meta (key, value) VALUES ('compacted_upto', 7)");
                          }
                          chunkWriteOpen.countDown();
                          try {
                            finishChunkWrite.await();
                          } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                          }
                          return null;
                        }),
            threads);
    try {
      assertThat(chunkWriteOpen.await(30, TimeUnit.SECONDS)).isTrue();

      // with one lock for both files this would wait for the chunk write, which waits for us
      CompletableFuture.supplyAsync(
              () ->
                  db.write(
                      "a group commit",
                      c -> {
                        try (Statement s = c.createStatement()) {
                          return s.executeUpdate(
                              "INSERT INTO sample_batches VALUES (1, 1, 1000, 1000, 1, x'00')");
                        }
                      }),
              threads)
          .get(30, TimeUnit.SECONDS);

      assertThat(single("SELECT COUNT(*) FROM sample_batches")).isEqualTo(1L);
      assertThat(single("SELECT COUNT(*) FROM chunks.meta WHERE key = 'compacted_upto'"))
          .isZero(); // not committed yet
    } finally {
      finishChunkWrite.countDown();
    }
    chunkWrite.get(30, TimeUnit.SECONDS);
    threads.close();
    assertThat(single("SELECT value FROM chunks.meta WHERE key = 'compacted_upto'")).isEqualTo(7L);
  }

  @Test
  void theChunkFileLivesBesideTheMainFile() {
    db.write("opening", c -> null);

    assertThat(db.chunks().file()).isEqualTo(dir.resolve("driftline.db-chunks"));
    assertThat(db.chunks().file()).exists();
    assertThat(single("SELECT COUNT(*) FROM chunks.sample_chunks")).isZero();
    assertThat(single("SELECT COUNT(*) FROM sqlite_master WHERE name = 'sample_chunks'")).isZero();
  }

  /** The first column of the first row of {@code sql}, or -1 without a row. */
  private long single(String sql) {
    return db.<Long>read(
        sql,
        c -> {
          try (Statement s = c.createStatement();
              ResultSet row = s.executeQuery(sql)) {
            return row.next() ? row.getLong(1) : -1L;
          }
        });
  }
}
