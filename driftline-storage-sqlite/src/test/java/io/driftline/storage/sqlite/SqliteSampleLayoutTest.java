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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The log + chunks layout: what compaction moves, and the upgrades of version 1, 3 and 4 files. */
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

  /** The log's rows: one per write, until every sample of it is compacted. */
  private static long logRows(Path file) throws Exception {
    return rows(file, "SELECT COUNT(*) FROM sample_batches");
  }

  private static long compactedUpto(Path file) throws Exception {
    return rows(chunks(file), "SELECT value FROM meta WHERE key = 'compacted_upto'");
  }

  private static Path chunks(Path file) {
    return SqliteDatabase.chunkFileOf(file);
  }

  @Test
  void compactionMovesOnlySamplesUpToReplayFromAndKeepsEveryReadWhole() throws Exception {
    Path file = dir.resolve("driftline.db");
    try (SqliteStorage storage = new SqliteStorage(file, 10, false, false)) {
      storage.write(withReplayFrom(samples(1, 6), 4));
      storage.write(withReplayFrom(samples(7, 6), 8)); // 12 appended: compacts seq <= 8

      assertThat(compactedUpto(file)).isEqualTo(8);
      // the row of 1..6 is deleted; 7..12 stays until 11 and 12 are compacted too
      assertThat(logRows(file)).isEqualTo(1);
      assertThat(rows(file, "SELECT min_seq FROM sample_batches")).isEqualTo(7);
      assertThat(rows(chunks(file), "SELECT COALESCE(SUM(n), 0) FROM sample_chunks")).isEqualTo(8);
      assertThat(rows(chunks(file), "SELECT COUNT(*) FROM sample_chunks"))
          .isEqualTo(2); // one per series

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
  void theSizeCountsBothFiles() throws Exception {
    Path file = dir.resolve("driftline.db");
    try (SqliteStorage storage = new SqliteStorage(file, 5_000, true, false)) {
      storage.write(withReplayFrom(samples(1, 5_000), 5_000)); // all of it into chunks
    }
    long chunkFile = java.nio.file.Files.size(chunks(file));
    assertThat(chunkFile).isGreaterThan(5_000 * 8); // at least a byte per sample for seq and time

    try (SqliteStorage reopened = SqliteStorage.create(file)) {
      assertThat(reopened.sizeBytes())
          .isGreaterThanOrEqualTo(java.nio.file.Files.size(file) + chunkFile);
    }
  }

  @Test
  void aBacklogIsCompactedAFewRowsAtATimeOldestFirst() throws Exception {
    Path file = dir.resolve("driftline.db");
    try (SqliteStorage storage = new SqliteStorage(file, 2, false, false)) {
      // four rows of three below no bound yet, then the bound moves past all of them
      storage.write(withReplayFrom(samples(1, 3), 0));
      storage.write(withReplayFrom(samples(4, 3), 0));
      storage.write(withReplayFrom(samples(7, 3), 0));
      storage.write(withReplayFrom(samples(10, 3), 12)); // moves at least 4: rows 1..3 and 4..6

      assertThat(compactedUpto(file)).isEqualTo(6);
      assertThat(rows(file, "SELECT MIN(min_seq) FROM sample_batches")).isEqualTo(7);
      assertThat(storage.samples().count()).isEqualTo(12);

      storage.write(withReplayFrom(samples(13, 2), 14)); // 2 more: the next two oldest rows move

      assertThat(compactedUpto(file)).isEqualTo(12);
      assertThat(rows(file, "SELECT MIN(min_seq) FROM sample_batches")).isEqualTo(13);
      List<Long> all = new ArrayList<>();
      storage.samples().scanAfter(0, s -> all.add(s.seq()));
      assertThat(all).hasSize(14).isSorted().doesNotHaveDuplicates();
    }
  }

  @Test
  void logRowsLeftBehindByACompactionAreIgnoredByReadsAndDeletedByTheNext() throws Exception {
    Path file = dir.resolve("driftline.db");
    try (SqliteStorage storage = new SqliteStorage(file, 6, false, false)) {
      storage.write(withReplayFrom(samples(1, 6), 6)); // compacts seq 1..6
      assertThat(rows(chunks(file), "SELECT value FROM meta WHERE key = 'compacted_upto'"))
          .isEqualTo(6);
      // a crash between the chunk insert and the log delete leaves copies of samples in the log
      var leftBehind = new SampleBatch.Builder(2);
      leftBehind.add(2, 2, 2000, 2.0);
      leftBehind.add(5, 1, 5000, 5.0);
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
          var insert = c.prepareStatement(SampleBatch.INSERT)) {
        leftBehind.bind(insert);
        assertThat(insert.executeUpdate()).isEqualTo(1);
      }

      List<Long> scanned = new ArrayList<>();
      storage.samples().scanAfter(0, s -> scanned.add(s.seq()));
      assertThat(scanned).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
      assertThat(storage.samples().range(A, 0, Long.MAX_VALUE, 100))
          .extracting(StoredSample::seq)
          .containsExactly(2L, 4L, 6L);
      assertThat(storage.samples().count()).isEqualTo(6);

      storage.write(withReplayFrom(samples(7, 6), 12)); // the next compaction
      assertThat(logRows(file)).isZero();
      assertThat(rows(chunks(file), "SELECT COALESCE(SUM(n), 0) FROM sample_chunks")).isEqualTo(12);
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
      long seriesA = rows(file, "SELECT id FROM series WHERE metric = 'latency_ms'");
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + chunks(file));
          java.sql.PreparedStatement insert =
              c.prepareStatement(
                  "INSERT INTO sample_chunks (series_id, min_seq, max_seq, min_ts, max_ts, n, data)"
                      + " VALUES (?, 8, 8, 8000, 8000, 1, ?)")) {
        insert.setLong(1, seriesA);
        insert.setBytes(2, orphan.bytes());
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
      assertThat(logRows(file)).isZero();
      assertThat(rows(chunks(file), "SELECT COALESCE(SUM(n), 0) FROM sample_chunks")).isEqualTo(12);
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

      assertThat(compactedUpto(file)).isEqualTo(8);
      assertThat(rows(chunks(file), "SELECT COALESCE(SUM(n), 0) FROM sample_chunks")).isEqualTo(8);
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
      while (logRows(file) > 0 && System.nanoTime() < deadline) {
        storage.maintenanceIdle().get(30, java.util.concurrent.TimeUnit.SECONDS);
      }

      assertThat(logRows(file)).isZero();
      assertThat(rows(chunks(file), "SELECT COALESCE(SUM(n), 0) FROM sample_chunks"))
          .isEqualTo(500);
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

  /**
   * A version 3 file: samples 1 and 2 of series A compacted into a chunk in the main file, sample 3
   * in the log. With {@code copiedAlready}, the chunk file holds the same chunk and mark already,
   * as a crash between the copy and the main file's upgrade leaves it.
   */
  private void writeVersion3File(Path file, boolean copiedAlready) throws Exception {
    var chunk = new SampleChunk.Builder();
    chunk.add(1, 1_000, 10.0);
    chunk.add(2, 2_000, 20.0);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      metaAndOneSeries(s, 3);
      s.execute("INSERT INTO meta VALUES ('compacted_upto', 2)");
      createLogOfVersion4(s);
      s.execute("INSERT INTO sample_log VALUES (3, 1, 3000, 30.0)");
      insertChunk(c, chunk);
    }
    if (copiedAlready) {
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + chunks(file));
          Statement s = c.createStatement()) {
        s.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value)");
        s.execute("INSERT INTO meta VALUES ('schema_version', 1), ('compacted_upto', 2)");
        insertChunk(c, chunk);
      }
    }
  }

  /** What every schema version has: meta with its version, and series 1, checkout latency_ms. */
  private static void metaAndOneSeries(Statement s, int version) throws Exception {
    s.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value)");
    s.execute("INSERT INTO meta VALUES ('schema_version', " + version + ")");
    s.execute(
        "CREATE TABLE series (id INTEGER PRIMARY KEY, service TEXT NOT NULL,"
            + " metric TEXT NOT NULL, labels TEXT NOT NULL, UNIQUE (service, metric, labels))");
    s.execute("INSERT INTO series VALUES (1, 'checkout', 'latency_ms', '')");
  }

  /** The log of versions 2 to 4: one row per sample. */
  private static void createLogOfVersion4(Statement s) throws Exception {
    s.execute(
        "CREATE TABLE sample_log (seq INTEGER PRIMARY KEY, series_id INTEGER NOT NULL,"
            + " ts INTEGER NOT NULL, value REAL NOT NULL)");
  }

  private static void insertChunk(Connection c, SampleChunk.Builder chunk) throws Exception {
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE sample_chunks (series_id INTEGER NOT NULL, min_seq INTEGER NOT NULL,"
              + " max_seq INTEGER NOT NULL, min_ts INTEGER NOT NULL, max_ts INTEGER NOT NULL,"
              + " n INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (series_id, min_seq))"
              + " WITHOUT ROWID");
    }
    try (var insert =
        c.prepareStatement("INSERT INTO sample_chunks VALUES (1, 1, 2, 1000, 2000, 2, ?)")) {
      insert.setBytes(1, chunk.bytes());
      insert.executeUpdate();
    }
  }

  @ParameterizedTest(name = "chunks copied before a crash: {0}")
  @ValueSource(booleans = {false, true})
  void aVersion3FileHasItsChunksMovedIntoTheChunkFile(boolean copiedAlready) throws Exception {
    Path file = dir.resolve("v3.db");
    writeVersion3File(file, copiedAlready);

    try (SqliteStorage storage = SqliteStorage.create(file)) {
      assertThat(storage.samples().range(A, 0, 10_000, 10))
          .extracting(s -> s.sample().value())
          .containsExactly(10.0, 20.0, 30.0);
      assertThat(storage.samples().count()).isEqualTo(3);
      assertThat(storage.samples().maxSeq()).isEqualTo(3);
    }
    assertThat(rows(file, "SELECT value FROM meta WHERE key = 'schema_version'"))
        .isEqualTo(SqliteSchema.VERSION);
    assertThat(rows(file, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'sample_chunks'"))
        .isZero();
    assertThat(rows(file, "SELECT COUNT(*) FROM meta WHERE key = 'compacted_upto'")).isZero();
    assertThat(rows(chunks(file), "SELECT COUNT(*) FROM sample_chunks")).isEqualTo(1);
    assertThat(rows(chunks(file), "SELECT value FROM meta WHERE key = 'compacted_upto'"))
        .isEqualTo(2);
    // and version 4's log of one row per sample is packed into the rows of version 5
    assertThat(rows(file, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'sample_log'")).isZero();
    assertThat(logRows(file)).isEqualTo(1);
  }

  @Test
  void aVersion4LogIsPackedIntoRowsOfManySamples() throws Exception {
    Path file = dir.resolve("v4.db");
    int n = SqliteSchema.UPGRADE_BATCH + 10;
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      metaAndOneSeries(s, 4);
      createLogOfVersion4(s);
      c.setAutoCommit(false);
      try (var insert = c.prepareStatement("INSERT INTO sample_log VALUES (?, 1, ?, ?)")) {
        for (int seq = 1; seq <= n; seq++) {
          insert.setLong(1, seq);
          insert.setLong(2, 1_000L * seq);
          insert.setDouble(3, seq);
          insert.addBatch();
        }
        insert.executeBatch();
      }
      c.commit();
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + chunks(file));
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value)");
      s.execute("INSERT INTO meta VALUES ('schema_version', 1), ('compacted_upto', 0)");
    }

    try (SqliteStorage storage = SqliteStorage.create(file)) {
      assertThat(storage.samples().count()).isEqualTo(n);
      assertThat(storage.samples().maxSeq()).isEqualTo(n);
      assertThat(storage.samples().range(A, 2_000_000, 2_003_000, 10))
          .extracting(StoredSample::seq)
          .containsExactly(2_000L, 2_001L, 2_002L);
      List<Long> scanned = new ArrayList<>();
      storage.samples().scanAfter(4_000, s -> scanned.add(s.seq()));
      assertThat(scanned).hasSize(n - 4_000).isSorted().doesNotHaveDuplicates();
    }
    assertThat(rows(file, "SELECT value FROM meta WHERE key = 'schema_version'"))
        .isEqualTo(SqliteSchema.VERSION);
    assertThat(rows(file, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'sample_log'")).isZero();
    assertThat(logRows(file)).isEqualTo(2);
    assertThat(rows(file, "SELECT MAX(n) FROM sample_batches"))
        .isEqualTo(SqliteSchema.UPGRADE_BATCH);
  }

  @Test
  void aVersion1FileIsUpgradedWithItsSamples() throws Exception {
    Path file = dir.resolve("v1.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      metaAndOneSeries(s, 1);
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
