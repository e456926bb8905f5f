package io.driftline.storage.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.storage.WriteBatch;
import io.driftline.telemetry.Sample;
import io.driftline.telemetry.SeriesKey;
import io.driftline.telemetry.StoredSample;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log + chunks layout: what compaction moves, and the upgrade of a version 1 file. */
class SqliteSampleLayoutTest {
  private static final SeriesKey A = new SeriesKey("checkout", "latency_ms", Map.of());
  private static final SeriesKey B = new SeriesKey("checkout", "errors", Map.of("zone", "a"));

  @TempDir Path dir;

  private static List<StoredSample> samples(long firstSeq, int n) {
    List<StoredSample> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long seq = firstSeq + i;
      out.add(new StoredSample(seq, new Sample(seq % 2 == 0 ? A : B, 1_000L * seq, seq)));
    }
    return out;
  }

  private static WriteBatch withReplayFrom(List<StoredSample> samples, long replayFrom) {
    return new WriteBatch(samples, List.of(), List.of(), OptionalLong.of(replayFrom));
  }

  private static long rows(Path file, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement();
        ResultSet row = s.executeQuery(sql)) {
      row.next();
      return row.getLong(1);
    }
  }

  @Test
  void compactionMovesOnlySamplesUpToReplayFromAndKeepsEveryReadWhole() throws Exception {
    Path file = dir.resolve("driftline.db");
    try (SqliteStorage storage = new SqliteStorage(file, 10, false, false)) {
      storage.write(withReplayFrom(samples(1, 6), 4));
      storage.write(withReplayFrom(samples(7, 6), 8)); // 12 appended: compacts seq <= 8

      assertThat(rows(file, "SELECT COUNT(*) FROM sample_log")).isEqualTo(4);
      assertThat(rows(file, "SELECT COALESCE(SUM(n), 0) FROM sample_chunks")).isEqualTo(8);
      assertThat(rows(file, "SELECT COUNT(*) FROM sample_chunks")).isEqualTo(2); // one per series

      List<Long> scanned = new ArrayList<>();
      storage.samples().scanAfter(0, s -> scanned.add(s.seq()));
      assertThat(scanned).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L);
      List<Long> replayed = new ArrayList<>();
      storage.samples().scanAfter(8, s -> replayed.add(s.seq()));
      assertThat(replayed).containsExactly(9L, 10L, 11L, 12L);

      assertThat(storage.samples().range(A, 0, Long.MAX_VALUE, 100))
          .extracting(StoredSample::seq)
          .containsExactly(2L, 4L, 6L, 8L, 10L, 12L);
      assertThat(storage.samples().range(B, 3_000, 9_000, 100))
          .extracting(s -> s.sample().value())
          .containsExactly(3.0, 5.0, 7.0);
      assertThat(storage.samples().maxSeq()).isEqualTo(12);
      assertThat(storage.samples().count()).isEqualTo(12);

      assertThat(storage.samples().deleteBefore(5_000)).isEqualTo(4);
      assertThat(storage.samples().range(A, 0, Long.MAX_VALUE, 100))
          .extracting(StoredSample::seq)
          .containsExactly(6L, 8L, 10L, 12L);
      assertThat(storage.samples().count()).isEqualTo(8);
    }
    try (SqliteStorage reopened = SqliteStorage.create(file)) {
      assertThat(reopened.samples().maxSeq()).isEqualTo(12);
      assertThat(reopened.samples().series("checkout")).containsExactlyInAnyOrder(A, B);
    }
  }

  @Test
  void aBacklogIsCompactedAFewRowsAtATimeOldestFirst() throws Exception {
    Path file = dir.resolve("driftline.db");
    try (SqliteStorage storage = new SqliteStorage(file, 2, false, false)) {
      storage.write(withReplayFrom(samples(1, 10), 10)); // 10 appended: moves at most 4

      assertThat(rows(file, "SELECT COUNT(*) FROM sample_log")).isEqualTo(6);
      assertThat(rows(file, "SELECT MIN(seq) FROM sample_log")).isEqualTo(5);

      storage.write(withReplayFrom(samples(11, 2), 12)); // 2 more: the next 4 oldest move

      assertThat(rows(file, "SELECT MIN(seq) FROM sample_log")).isEqualTo(9);
      List<Long> all = new ArrayList<>();
      storage.samples().scanAfter(0, s -> all.add(s.seq()));
      assertThat(all).hasSize(12).isSorted();
    }
  }

  @Test
  void logRowsLeftBehindByACompactionAreIgnoredByReadsAndDeletedByTheNext() throws Exception {
    Path file = dir.resolve("driftline.db");
    try (SqliteStorage storage = new SqliteStorage(file, 6, false, false)) {
      storage.write(withReplayFrom(samples(1, 6), 6)); // compacts seq 1..6
      assertThat(rows(file, "SELECT value FROM meta WHERE key = 'compacted_upto'")).isEqualTo(6);
      // a crash between the chunk insert and the log delete leaves copies of rows in the log
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
          Statement s = c.createStatement()) {
        s.execute("INSERT INTO sample_log VALUES (2, 2, 2000, 2.0), (5, 1, 5000, 5.0)");
      }

      List<Long> scanned = new ArrayList<>();
      storage.samples().scanAfter(0, s -> scanned.add(s.seq()));
      assertThat(scanned).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
      assertThat(storage.samples().range(A, 0, Long.MAX_VALUE, 100))
          .extracting(StoredSample::seq)
          .containsExactly(2L, 4L, 6L);
      assertThat(storage.samples().count()).isEqualTo(6);

      storage.write(withReplayFrom(samples(7, 6), 12)); // the next compaction
      assertThat(rows(file, "SELECT COUNT(*) FROM sample_log")).isZero();
      assertThat(rows(file, "SELECT COALESCE(SUM(n), 0) FROM sample_chunks")).isEqualTo(12);
      assertThat(storage.samples().count()).isEqualTo(12);
    }
  }

  @Test
  void chunksOfACompactionThatStoppedHalfwayAreIgnoredByReadsAndReplacedByTheNext()
      throws Exception {
    Path file = dir.resolve("driftline.db");
    try (SqliteStorage storage = new SqliteStorage(file, 6, false, false)) {
      storage.write(withReplayFrom(samples(1, 6), 6)); // compacts seq 1..6
      storage.write(withReplayFrom(samples(7, 2), 6)); // 7 and 8 stay in the log
      // a compaction that inserted a chunk of 8 (series A) and stopped before moving the mark
      var orphan = new SampleChunk.Builder();
      orphan.add(8, 8_000, 8.0);
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
          java.sql.PreparedStatement insert =
              c.prepareStatement(
                  "INSERT INTO sample_chunks (series_id, min_seq, max_seq, min_ts, max_ts, n, data)"
                      + " SELECT id, 8, 8, 8000, 8000, 1, ? FROM series WHERE metric = 'latency_ms'")) {
        insert.setBytes(1, orphan.bytes());
        assertThat(insert.executeUpdate()).isEqualTo(1);
      }

      assertThat(storage.samples().range(A, 0, Long.MAX_VALUE, 100))
          .extracting(StoredSample::seq)
          .containsExactly(2L, 4L, 6L, 8L);
      List<Long> scanned = new ArrayList<>();
      storage.samples().scanAfter(0, s -> scanned.add(s.seq()));
      assertThat(scanned).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
      assertThat(storage.samples().count()).isEqualTo(8);

      storage.write(withReplayFrom(samples(9, 4), 12)); // the next compaction moves 7..12
      assertThat(rows(file, "SELECT COUNT(*) FROM sample_log")).isZero();
      assertThat(rows(file, "SELECT COALESCE(SUM(n), 0) FROM sample_chunks")).isEqualTo(12);
      assertThat(storage.samples().range(A, 0, Long.MAX_VALUE, 100))
          .extracting(StoredSample::seq)
          .containsExactly(2L, 4L, 6L, 8L, 10L, 12L);
    }
  }

  @Test
  void theServiceCompactsOnItsMaintenanceThread() throws Exception {
    Path file = dir.resolve("driftline.db");
    try (SqliteStorage storage = new SqliteStorage(file, 10, false, true)) {
      storage.write(withReplayFrom(samples(1, 12), 8));
      storage.maintenanceIdle().get(30, java.util.concurrent.TimeUnit.SECONDS);

      assertThat(rows(file, "SELECT COUNT(*) FROM sample_log")).isEqualTo(4);
      assertThat(rows(file, "SELECT COALESCE(SUM(n), 0) FROM sample_chunks")).isEqualTo(8);
      List<Long> scanned = new ArrayList<>();
      storage.samples().scanAfter(0, s -> scanned.add(s.seq()));
      assertThat(scanned).hasSize(12).isSorted().doesNotHaveDuplicates();
    }
  }

  @Test
  void aBacklogBeyondOneCompactionIsCompactedAfterTheWritesStop() throws Exception {
    Path file = dir.resolve("driftline.db");
    // one compaction moves at most 2 x 10 rows (x 4 catching up): 500 rows need many, and only the
    // first is asked for by a write
    try (SqliteStorage storage = new SqliteStorage(file, 10, false, true)) {
      storage.write(withReplayFrom(samples(1, 500), 500));
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
      while (rows(file, "SELECT COUNT(*) FROM sample_log") > 0 && System.nanoTime() < deadline) {
        storage.maintenanceIdle().get(30, java.util.concurrent.TimeUnit.SECONDS);
      }

      assertThat(rows(file, "SELECT COUNT(*) FROM sample_log")).isZero();
      assertThat(rows(file, "SELECT COALESCE(SUM(n), 0) FROM sample_chunks")).isEqualTo(500);
      List<Long> scanned = new ArrayList<>();
      storage.samples().scanAfter(0, s -> scanned.add(s.seq()));
      assertThat(scanned).hasSize(500).isSorted().doesNotHaveDuplicates();
    }
  }

  @Test
  void theMaintenanceThreadCopiesTheWalIntoTheDatabaseFile() throws Exception {
    Path file = dir.resolve("driftline.db");
    try (SqliteStorage storage = SqliteStorage.create(file)) {
      storage.write(withReplayFrom(samples(1, 2_000), 0)); // far below a compaction
      assertThat(java.nio.file.Files.size(file)).isLessThanOrEqualTo(4096); // all in the WAL
      // no compaction is due: only the once-a-second checkpoint of the WAL moves the pages
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
      while (java.nio.file.Files.size(file) <= 16_384 && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }

      assertThat(java.nio.file.Files.size(file)).isGreaterThan(16_384);
      assertThat(storage.samples().count()).isEqualTo(2_000);
    }
  }

  @Test
  void aVersion1FileIsUpgradedWithItsSamples() throws Exception {
    Path file = dir.resolve("v1.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value)");
      s.execute("INSERT INTO meta VALUES ('schema_version', 1)");
      s.execute(
          "CREATE TABLE series (id INTEGER PRIMARY KEY, service TEXT NOT NULL,"
              + " metric TEXT NOT NULL, labels TEXT NOT NULL, UNIQUE (service, metric, labels))");
      s.execute("INSERT INTO series VALUES (1, 'checkout', 'latency_ms', '')");
      s.execute(
          "CREATE TABLE samples (seq INTEGER PRIMARY KEY, series_id INTEGER NOT NULL,"
              + " ts INTEGER NOT NULL, value REAL NOT NULL)");
      s.execute("CREATE INDEX samples_by_series_time ON samples (series_id, ts)");
      s.execute("INSERT INTO samples VALUES (1, 1, 1000, 10.0), (2, 1, 2000, 20.0)");
    }

    try (SqliteStorage storage = SqliteStorage.create(file)) {
      assertThat(storage.samples().range(A, 0, 10_000, 10))
          .extracting(s -> s.sample().value())
          .containsExactly(10.0, 20.0);
      assertThat(storage.samples().maxSeq()).isEqualTo(2);
    }
    assertThat(rows(file, "SELECT value FROM meta WHERE key = 'schema_version'"))
        .isEqualTo(SqliteSchema.VERSION);
    assertThat(rows(file, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'samples'")).isZero();
  }
}
