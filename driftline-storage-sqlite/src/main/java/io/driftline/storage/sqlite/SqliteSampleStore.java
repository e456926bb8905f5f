package io.driftline.storage.sqlite;

import io.driftline.storage.SampleStore;
import io.driftline.telemetry.Sample;
import io.driftline.telemetry.SeriesKey;
import io.driftline.telemetry.StoredSample;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Samples in two tables and two files: each write's samples are appended to the log, {@code
 * sample_batches}, as one row (a {@link SampleBatch} blob keyed by its lowest sequence number, no
 * secondary index), and compaction moves them, series by series, into {@code sample_chunks} blobs
 * keyed by {@code (series_id, min_seq)}.
 *
 * <p>Why: a group commit of samples spread over many series used to dirty one page of the {@code
 * (series_id, ts)} index per series, and the WAL fsync wrote all of them; appends to the log touch
 * the few pages at the end of one B-tree (measured 16x more samples per second; see
 * docs/benchmarks.md). The same index work is paid once per compaction, one chunk row per series
 * instead of one index entry per sample, like a time-series database's head block being cut into
 * chunks. One log row per write rather than per sample (schema version 5) spares the writer a row
 * insert per sample and compaction a row read and delete per sample: 1.7-2.1x the batched samples
 * per second (docs/benchmarks.md).
 *
 * <p>The chunks live in a file of their own beside the main one ({@link SqliteDatabase#chunks()}),
 * with its own write lock, so the chunk inserts, the dearest step of a compaction, never make a
 * group commit wait; only the deletes of compacted log rows take the main file's lock, in short
 * steps. (With both tables in one file, those waits after each checkpoint were what bounded the p99
 * of single POSTs at 10,000 requests/s; docs/benchmarks.md.)
 *
 * <p>Compaction moves only samples at or below {@code replay_from} (the checkpoint barrier), so the
 * replay after a restart reads the log alone, in sequence order. It runs on a background thread
 * once the log has grown by {@code compactEvery} samples and moves about {@code 2 * compactEvery}
 * samples (whole rows of the log), oldest first, in short transactions: a crash between any two
 * leaves the samples in the log, where they are still read.
 *
 * <p>Reads of one series look at its chunks through the primary key and scan the log, which the
 * compaction keeps to about {@code compactEvery} samples plus one checkpoint interval of ingest.
 * Reads that combine both tables run in one read transaction per file, taken in a fixed order
 * ({@link #inReadTransaction}), so a compaction committing in between cannot make a sample appear
 * twice or not at all.
 */
final class SqliteSampleStore implements SampleStore {
  /** Samples appended to the log between compactions by default: about 0.7 MB of log. */
  static final int DEFAULT_COMPACT_EVERY = 50_000;

  /**
   * Compacted samples whose log rows are deleted per transaction, about: a few milliseconds of the
   * write lock (four times as many while catching up, see {@link #CATCH_UP_FACTOR}).
   */
  static final int DELETE_SLICE = 4_096;

  /**
   * Series whose chunks are inserted per transaction: a few milliseconds of the write lock (four
   * times as many while catching up).
   */
  static final int INSERT_SLICE = 64;

  /** Samples read from the log per step of a compaction, about (four times as many catching up). */
  static final int PACK_SLICE = 4_096;

  /** How much larger the steps are, and how many more samples one compaction moves, catching up. */
  static final int CATCH_UP_SCALE = 4;

  /** Backlog, in compactions' worth of samples, beyond which compaction paces itself less. */
  static final int CATCH_UP_FACTOR = 8;

  /** The longest pause between two steps of a background compaction. */
  static final long MAX_PAUSE_MILLIS = 50;

  /** Pause after a step of a compaction that is not catching up, in multiples of the step. */
  static final long PAUSE_PER_STEP = 6;

  private static final System.Logger LOG = System.getLogger(SqliteSampleStore.class.getName());

  private static final Comparator<StoredSample> BY_TIME_THEN_SEQ =
      Comparator.comparingLong((StoredSample s) -> s.sample().epochMillis())
          .thenComparingLong(StoredSample::seq);

  private final SqliteDatabase db;
  private final SqliteSeriesTable series;
  private final int compactEvery;
  private final boolean compactPastReplay;
  private final java.util.function.Consumer<Runnable> compactions;
  private final long pauseMillis;
  private long appendedSinceCompaction; // touched only by the storage writer's thread
  private long stepStarted; // touched only by the compacting thread
  private boolean catchingUp; // touched only by the compacting thread
  private boolean moreBelowBound; // touched only by the compacting thread

  /**
   * @param compactPastReplay compact the whole log, not only up to {@code replay_from}; for tests
   *     that exercise reads across chunks without running checkpoints
   * @param compactions runs a compaction: a background thread in the service, the calling thread in
   *     tests
   * @param pauseMillis pause between two steps of a compaction (0 in tests)
   */
  SqliteSampleStore(
      SqliteDatabase db,
      SqliteSeriesTable series,
      int compactEvery,
      boolean compactPastReplay,
      java.util.function.Consumer<Runnable> compactions,
      long pauseMillis) {
    if (compactEvery < 1) throw new IllegalArgumentException("compactEvery must be >= 1");
    this.db = db;
    this.series = series;
    this.compactEvery = compactEvery;
    this.compactPastReplay = compactPastReplay;
    this.compactions = compactions;
    this.pauseMillis = pauseMillis;
  }

  /**
   * Adds samples inside the caller's write, as one row of the log; ids of new series go into {@code
   * assigned}. The sequence numbers of one write must not interleave with another write's (the
   * ingest path's writer numbers each commit's samples after the last one): a write whose range
   * overlaps a stored row's is refused, as a sequence number stored twice would be.
   */
  void insert(Connection writer, List<StoredSample> samples, Map<SeriesKey, Long> assigned)
      throws SQLException {
    if (samples.isEmpty()) return;
    SampleBatch.Builder batch = new SampleBatch.Builder(samples.size());
    for (StoredSample stored : samples) {
      Sample sample = stored.sample();
      batch.add(
          stored.seq(),
          series.idFor(writer, sample.key(), assigned),
          sample.epochMillis(),
          sample.value());
    }
    try (PreparedStatement overlap =
        writer.prepareStatement(
            "SELECT min_seq, max_seq FROM sample_batches WHERE min_seq <= ?"
                + " ORDER BY min_seq DESC LIMIT 1")) {
      overlap.setLong(1, batch.maxSeq());
      try (ResultSet row = overlap.executeQuery()) {
        if (row.next() && row.getLong(2) >= batch.minSeq()) {
          throw new SQLException(
              "sequence numbers "
                  + batch.minSeq()
                  + ".."
                  + batch.maxSeq()
                  + " overlap the stored "
                  + row.getLong(1)
                  + ".."
                  + row.getLong(2));
        }
      }
    }
    try (PreparedStatement insert = writer.prepareStatement(SampleBatch.INSERT)) {
      batch.bind(insert);
      insert.executeUpdate();
    }
  }

  /**
   * Called by the writer after each committed write that held {@code appended} samples; asks for a
   * compaction once {@code compactEvery} samples have been appended since the last one.
   */
  void afterWrite(int appended) {
    appendedSinceCompaction += appended;
    if (appendedSinceCompaction < compactEvery) return;
    appendedSinceCompaction = 0;
    compactions.accept(this::compactQuietly);
  }

  private void compactQuietly() {
    try {
      compact();
      // more waits below the bound: in the background, ask again at once rather than at the next
      // write (after a burst of batches the writes may have stopped; tests compact on their own)
      if (moreBelowBound && pauseMillis > 0) compactions.accept(this::compactQuietly);
    } catch (RuntimeException e) {
      // the samples stay in the log, where they are still read; the next request retries
      LOG.log(System.Logger.Level.WARNING, "sample compaction failed; retried later", e);
    }
  }

  /**
   * Moves log samples up to the compaction bound into chunks, in steps that each hold the write
   * lock only briefly (the group commits of the ingest path wait for it):
   *
   * <ol>
   *   <li>read the oldest samples at or below the bound and pack them into chunks, on a read
   *       connection, beside the writer;
   *   <li>insert the chunks, {@link #INSERT_SLICE} series per transaction; reads ignore chunks
   *       above {@code compacted_upto}, so until the next step these samples are read from the log
   *       alone;
   *   <li>in one tiny transaction, move {@code compacted_upto} to the highest sequence number
   *       packed: from then on reads take these samples from the chunks and ignore log rows at or
   *       below it, so no sample is read twice or missed;
   *   <li>delete the log rows whose samples are all at or below it, about {@link #DELETE_SLICE}
   *       samples per transaction.
   * </ol>
   *
   * A crash in step 2 leaves chunks above the mark, which reads ignore and the next compaction
   * deletes first; a crash after step 3 leaves log rows that reads ignore and the next compaction
   * deletes. Returns how many samples moved.
   */
  long compact() {
    stepStarted = System.nanoTime();
    Packed packed = pack();
    if (packed.chunks().isEmpty()) {
      deleteCompacted(packed.compactedUpto());
      return 0;
    }
    List<Map.Entry<Long, SampleChunk.Builder>> all = new ArrayList<>(packed.chunks().entrySet());
    long moved = 0;
    int insertSlice = INSERT_SLICE * (catchingUp ? CATCH_UP_SCALE : 1);
    for (int from = 0; from < all.size(); from += insertSlice) {
      if (from > 0) pace();
      var slice = all.subList(from, Math.min(all.size(), from + insertSlice));
      boolean first = from == 0;
      moved +=
          db.chunks()
              .writeDeferringSync(
                  "compacting samples",
                  c -> {
                    if (first) {
                      // chunks of a compaction that stopped before moving the mark
                      try (PreparedStatement orphans =
                          c.prepareStatement("DELETE FROM sample_chunks WHERE max_seq > ?")) {
                        orphans.setLong(1, packed.compactedUpto());
                        orphans.executeUpdate();
                      }
                    }
                    long count = 0;
                    try (PreparedStatement insert =
                        c.prepareStatement(
                            "INSERT INTO sample_chunks"
                                + " (series_id, min_seq, max_seq, min_ts, max_ts, n, data)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                      for (Map.Entry<Long, SampleChunk.Builder> e : slice) {
                        bindChunk(insert, e.getKey(), e.getValue());
                        insert.addBatch();
                        count += e.getValue().count();
                      }
                      insert.executeBatch();
                    }
                    return count;
                  });
    }
    // durable (fsynced) before any log row goes: the two files are synced apart, and a deferred
    // mark could be lost in a power cut while the main file's deletes, synced by the next group
    // commit, survived; this also syncs the chunk inserts before it
    db.chunks()
        .write(
            "marking compacted samples",
            c -> {
              try (PreparedStatement upto =
                  c.prepareStatement(
                      "INSERT OR REPLACE INTO meta (key, value) VALUES ('compacted_upto', ?)")) {
                upto.setLong(1, packed.highest());
                return upto.executeUpdate();
              }
            });
    deleteCompacted(packed.highest());
    return moved;
  }

  /** Chunks of the oldest log samples not yet compacted, up to the bound. */
  private record Packed(long compactedUpto, long highest, Map<Long, SampleChunk.Builder> chunks) {}

  /**
   * Reads the oldest samples above the mark and at or below the bound, whole rows of the log until
   * {@link #PACK_SLICE} samples per read, until about twice what arrives between two compactions (a
   * row is never split by these limits, only by the bound): a backlog (replay_from moves only every
   * checkpoint) drains over several compactions instead of one long one. Log rows never change once
   * written, except by retention, which only drops samples; so the slices need not share one
   * snapshot.
   */
  private Packed pack() {
    long[] marks =
        db.read(
            "reading compaction bounds",
            c ->
                inReadTransaction(
                    c,
                    () ->
                        new long[] {
                          compactedUpto(c),
                          compactPastReplay
                              ? Long.MAX_VALUE
                              : metaLong(c, "main.meta", "replay_from").orElse(0L)
                        }));
    long upto = marks[0];
    long bound = marks[1];
    // sequence numbers are dense: this is about the samples waiting below the bound
    catchingUp = bound != Long.MAX_VALUE && bound - upto > CATCH_UP_FACTOR * compactEvery;
    Map<Long, SampleChunk.Builder> chunks = new LinkedHashMap<>();
    long highest = upto;
    long remaining = 2L * compactEvery * (catchingUp ? CATCH_UP_SCALE : 1);
    int packSlice = PACK_SLICE * (catchingUp ? CATCH_UP_SCALE : 1);
    moreBelowBound = false;
    while (remaining > 0) {
      long after = highest;
      int limit = (int) Math.min(packSlice, remaining);
      long[] read =
          db.read(
              "reading samples to compact",
              c -> {
                long[] countAndHighest = {0, after};
                // whole rows of the log, oldest first; a row may straddle the mark or the bound
                try (PreparedStatement select =
                    c.prepareStatement(
                        "SELECT data FROM sample_batches WHERE max_seq > ? AND min_seq <= ?"
                            + " ORDER BY min_seq")) {
                  select.setLong(1, after);
                  select.setLong(2, bound);
                  try (ResultSet row = select.executeQuery()) {
                    while (countAndHighest[0] < limit && row.next()) {
                      SampleBatch.decode(
                          row.getBytes(1),
                          (seq, seriesId, ts, value) -> {
                            if (seq <= after || seq > bound) return;
                            chunks
                                .computeIfAbsent(seriesId, id -> new SampleChunk.Builder())
                                .add(seq, ts, value);
                            countAndHighest[0]++;
                            countAndHighest[1] = Math.max(countAndHighest[1], seq);
                          });
                    }
                  }
                }
                return countAndHighest;
              });
      highest = read[1];
      remaining -= read[0];
      if (read[0] < limit) break;
      moreBelowBound = remaining <= 0;
      pace();
    }
    return new Packed(upto, highest, chunks);
  }

  /**
   * Between two steps of a background compaction, leaves the cores to the request threads for
   * {@link #PAUSE_PER_STEP} times as long as the step took (at least {@code pauseMillis}, at most
   * {@link #MAX_PAUSE_MILLIS}): the compaction then takes about a seventh of a core while it runs,
   * and the 10 s backlog of 10,000 requests/s (200,000 samples) is spread over a few seconds
   * instead of a burst. On a small machine its steps back to back, or with a fixed short pause,
   * starved the request threads (latency spikes of 25-60 ms at 10,000 requests/s while a 10 s
   * backlog was compacted). When the log has fallen far behind (more than {@link #CATCH_UP_FACTOR}
   * compactions' worth below the bound, as after a burst of batches), it pauses {@code pauseMillis}
   * only, so that the log cannot grow without end under sustained load.
   */
  private void pace() {
    if (pauseMillis == 0) return;
    long stepNanos = System.nanoTime() - stepStarted;
    long pause =
        catchingUp ? pauseMillis : Math.max(pauseMillis, PAUSE_PER_STEP * stepNanos / 1_000_000);
    try {
      Thread.sleep(Math.min(MAX_PAUSE_MILLIS, pause));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    stepStarted = System.nanoTime();
  }

  /**
   * Deletes the log rows whose samples are all at or below {@code upto}, oldest first, about {@link
   * #DELETE_SLICE} samples per transaction.
   */
  private void deleteCompacted(long upto) {
    int deleteSlice = DELETE_SLICE * (catchingUp ? CATCH_UP_SCALE : 1);
    while (true) {
      long deleted =
          db.writeDeferringSync(
              "deleting compacted log rows",
              c -> {
                Long lowest = null;
                try (PreparedStatement min =
                    c.prepareStatement(
                        "SELECT MIN(min_seq) FROM sample_batches WHERE max_seq <= ?")) {
                  min.setLong(1, upto);
                  try (ResultSet row = min.executeQuery()) {
                    if (row.next()) {
                      long found = row.getLong(1);
                      if (!row.wasNull()) lowest = found;
                    }
                  }
                }
                if (lowest == null) return 0L;
                try (PreparedStatement delete =
                    c.prepareStatement(
                        "DELETE FROM sample_batches"
                            + " WHERE min_seq >= ? AND min_seq <= ? AND max_seq <= ?")) {
                  delete.setLong(1, lowest);
                  delete.setLong(2, lowest + deleteSlice - 1);
                  delete.setLong(3, upto);
                  return (long) delete.executeUpdate();
                }
              });
      if (deleted == 0) return;
      pace();
    }
  }

  /** Log samples above the mark plus the samples of the chunks at or below it. */
  private static long countAbove(Connection c, long upto) throws SQLException {
    long[] inLog = {0};
    try (PreparedStatement select =
        c.prepareStatement(
            "SELECT min_seq, n, data FROM sample_batches WHERE max_seq > ? ORDER BY min_seq")) {
      select.setLong(1, upto);
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          if (row.getLong(1) > upto) {
            inLog[0] += row.getLong(2);
          } else {
            SampleBatch.decode(row.getBytes(3), (seq, id, ts, v) -> inLog[0] += seq > upto ? 1 : 0);
          }
        }
      }
    }
    return inLog[0]
        + single(
            c, "SELECT COALESCE(SUM(n), 0) FROM chunks.sample_chunks WHERE max_seq <= " + upto);
  }

  /**
   * Log samples at or below this have been copied into chunks, and chunks above it are not complete
   * yet: reads take samples at or below it from chunks and above it from the log.
   */
  private static long compactedUpto(Connection c) throws SQLException {
    return metaLong(c, "chunks.meta", "compacted_upto").orElse(0L);
  }

  @Override
  public List<StoredSample> range(SeriesKey key, long fromMillis, long toMillis, int limit) {
    if (limit < 0) throw new IllegalArgumentException("limit must be >= 0 but was " + limit);
    return db.read(
        "sample range",
        c ->
            inReadTransaction(
                c,
                () -> {
                  Optional<Long> id = series.find(c, key);
                  if (id.isEmpty() || limit == 0) return List.of();
                  List<StoredSample> found = new ArrayList<>();
                  long upto = compactedUpto(c);
                  try (PreparedStatement chunks =
                      c.prepareStatement(
                          "SELECT data FROM chunks.sample_chunks WHERE series_id = ? AND max_ts >= ?"
                              + " AND min_ts < ? AND max_seq <= ?")) {
                    chunks.setLong(1, id.get());
                    chunks.setLong(2, fromMillis);
                    chunks.setLong(3, toMillis);
                    chunks.setLong(4, upto);
                    try (ResultSet row = chunks.executeQuery()) {
                      while (row.next()) {
                        SampleChunk.decode(
                            row.getBytes(1),
                            (seq, ts, value) -> {
                              if (ts >= fromMillis && ts < toMillis) {
                                found.add(new StoredSample(seq, new Sample(key, ts, value)));
                              }
                            });
                      }
                    }
                  }
                  try (PreparedStatement log =
                      c.prepareStatement(
                          "SELECT data FROM sample_batches"
                              + " WHERE max_seq > ? AND max_ts >= ? AND min_ts < ?")) {
                    log.setLong(1, upto);
                    log.setLong(2, fromMillis);
                    log.setLong(3, toMillis);
                    long wanted = id.get();
                    try (ResultSet row = log.executeQuery()) {
                      while (row.next()) {
                        SampleBatch.decode(
                            row.getBytes(1),
                            (seq, seriesId, ts, value) -> {
                              if (seriesId == wanted
                                  && seq > upto
                                  && ts >= fromMillis
                                  && ts < toMillis) {
                                found.add(new StoredSample(seq, new Sample(key, ts, value)));
                              }
                            });
                      }
                    }
                  }
                  found.sort(BY_TIME_THEN_SEQ);
                  return found.size() > limit ? List.copyOf(found.subList(0, limit)) : found;
                }));
  }

  /**
   * Streams the log from one read transaction, so a replay of millions of samples is not held in
   * memory. Samples already compacted (only when {@code seq} is below the compaction bound, which a
   * restart never asks for) are read chunk by chunk and sorted first.
   */
  @Override
  public void scanAfter(long seq, Consumer<StoredSample> each) {
    db.read(
        "sample scan",
        c ->
            inReadTransaction(
                c,
                () -> {
                  Map<Long, SeriesKey> keys = new HashMap<>(); // each series' labels parsed once
                  List<StoredSample> compacted = new ArrayList<>();
                  long upto = compactedUpto(c);
                  try (PreparedStatement chunks =
                      c.prepareStatement(
                          "SELECT series_id, data FROM chunks.sample_chunks"
                              + " WHERE max_seq > ? AND max_seq <= ?")) {
                    chunks.setLong(1, seq);
                    chunks.setLong(2, upto);
                    try (ResultSet row = chunks.executeQuery()) {
                      while (row.next()) {
                        SeriesKey key = keyOf(c, keys, row.getLong(1));
                        SampleChunk.decode(
                            row.getBytes(2),
                            (s, ts, value) -> {
                              if (s > seq)
                                compacted.add(new StoredSample(s, new Sample(key, ts, value)));
                            });
                      }
                    }
                  }
                  compacted.sort(Comparator.comparingLong(StoredSample::seq));
                  compacted.forEach(each);
                  long after = Math.max(seq, upto);
                  try (PreparedStatement select =
                      c.prepareStatement(
                          "SELECT data FROM sample_batches WHERE max_seq > ? ORDER BY min_seq")) {
                    select.setLong(1, after);
                    try (ResultSet row = select.executeQuery()) {
                      while (row.next()) {
                        // a row's samples in sequence order (the writer adds them so already)
                        List<StoredSample> batch = new ArrayList<>();
                        SQLException[] unknown = {null};
                        SampleBatch.decode(
                            row.getBytes(1),
                            (s, seriesId, ts, value) -> {
                              if (s <= after || unknown[0] != null) return;
                              try {
                                SeriesKey key = keyOf(c, keys, seriesId);
                                batch.add(new StoredSample(s, new Sample(key, ts, value)));
                              } catch (SQLException e) {
                                unknown[0] = e;
                              }
                            });
                        if (unknown[0] != null) throw unknown[0];
                        batch.sort(Comparator.comparingLong(StoredSample::seq));
                        batch.forEach(each);
                      }
                    }
                  }
                  return null;
                }));
  }

  @Override
  public long maxSeq() {
    return db.read(
        "max sample seq",
        c ->
            inReadTransaction(
                c,
                () ->
                    Math.max(
                        single(c, "SELECT COALESCE(MAX(max_seq), 0) FROM sample_batches"),
                        single(c, "SELECT COALESCE(MAX(max_seq), 0) FROM chunks.sample_chunks"))));
  }

  /** Counts the log's samples and sums chunk sizes: linear in the log, fine for a gauge. */
  @Override
  public long count() {
    return db.read(
        "sample count", c -> inReadTransaction(c, () -> countAbove(c, compactedUpto(c))));
  }

  /**
   * Series of the service with samples in chunks or in the log. The log's rows do not index their
   * series, so they are decoded, and only when some series of the service has no chunk.
   */
  @Override
  public List<SeriesKey> series(String service) {
    return db.read(
        "series of service",
        c ->
            inReadTransaction(
                c,
                () -> {
                  record Candidate(long id, SeriesKey key, boolean inChunks) {}
                  List<Candidate> candidates = new ArrayList<>();
                  try (PreparedStatement select =
                      c.prepareStatement(
                          "SELECT id, service, metric, labels, EXISTS (SELECT 1 FROM"
                              + " chunks.sample_chunks c WHERE c.series_id = series.id)"
                              + " FROM series WHERE service = ?")) {
                    select.setString(1, service);
                    try (ResultSet row = select.executeQuery()) {
                      while (row.next()) {
                        candidates.add(
                            new Candidate(row.getLong(1), keyFrom(row, 2), row.getBoolean(5)));
                      }
                    }
                  }
                  java.util.Set<Long> inLog = new java.util.HashSet<>();
                  if (candidates.stream().anyMatch(candidate -> !candidate.inChunks())) {
                    try (PreparedStatement select =
                            c.prepareStatement("SELECT data FROM sample_batches");
                        ResultSet row = select.executeQuery()) {
                      while (row.next()) {
                        SampleBatch.decode(row.getBytes(1), (seq, id, ts, v) -> inLog.add(id));
                      }
                    }
                  }
                  List<SeriesKey> found = new ArrayList<>();
                  for (Candidate candidate : candidates) {
                    if (candidate.inChunks() || inLog.contains(candidate.id())) {
                      found.add(candidate.key());
                    }
                  }
                  return found;
                }));
  }

  /**
   * Drops old samples from the log in one transaction (the log is short: a row holding one is
   * deleted, or rewritten with what remains), then from the chunks series by series, one
   * transaction each, so group commits from the ingest path slip in between: a chunk entirely older
   * than the cutoff is dropped, one that straddles it is rewritten with what remains.
   */
  @Override
  public long deleteBefore(long epochMillis) {
    long deleted =
        db.write("deleting old samples from the log", c -> deleteLogBefore(c, epochMillis));
    List<Long> ids =
        db.read(
            "listing series for delete",
            c -> {
              List<Long> found = new ArrayList<>();
              try (PreparedStatement select = c.prepareStatement("SELECT id FROM series");
                  ResultSet row = select.executeQuery()) {
                while (row.next()) found.add(row.getLong(1));
              }
              return found;
            });
    for (long id : ids) {
      deleted +=
          db.chunks().write("deleting old samples", c -> deleteChunksBefore(c, id, epochMillis));
    }
    return deleted;
  }

  private static long deleteLogBefore(Connection c, long cutoff) throws SQLException {
    record Old(long minSeq, byte[] data) {}
    List<Old> old = new ArrayList<>();
    try (PreparedStatement select =
        c.prepareStatement("SELECT min_seq, data FROM sample_batches WHERE min_ts < ?")) {
      select.setLong(1, cutoff);
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) old.add(new Old(row.getLong(1), row.getBytes(2)));
      }
    }
    long deleted = 0;
    try (PreparedStatement delete =
            c.prepareStatement("DELETE FROM sample_batches WHERE min_seq = ?");
        PreparedStatement insert = c.prepareStatement(SampleBatch.INSERT)) {
      for (Old row : old) {
        delete.setLong(1, row.minSeq());
        delete.executeUpdate();
        SampleBatch.Builder kept = new SampleBatch.Builder(16);
        long[] dropped = {0};
        SampleBatch.decode(
            row.data(),
            (seq, seriesId, ts, value) -> {
              if (ts < cutoff) dropped[0]++;
              else kept.add(seq, seriesId, ts, value);
            });
        deleted += dropped[0];
        if (kept.count() > 0) {
          kept.bind(insert);
          insert.executeUpdate();
        }
      }
    }
    return deleted;
  }

  private static long deleteChunksBefore(Connection c, long seriesId, long cutoff)
      throws SQLException {
    record Old(long minSeq, long maxTs, byte[] data) {}
    List<Old> old = new ArrayList<>();
    try (PreparedStatement select =
        c.prepareStatement(
            "SELECT min_seq, max_ts, data FROM sample_chunks WHERE series_id = ? AND min_ts < ?")) {
      select.setLong(1, seriesId);
      select.setLong(2, cutoff);
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) old.add(new Old(row.getLong(1), row.getLong(2), row.getBytes(3)));
      }
    }
    long deleted = 0;
    try (PreparedStatement delete =
            c.prepareStatement("DELETE FROM sample_chunks WHERE series_id = ? AND min_seq = ?");
        PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO sample_chunks (series_id, min_seq, max_seq, min_ts, max_ts, n, data)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      for (Old chunk : old) {
        delete.setLong(1, seriesId);
        delete.setLong(2, chunk.minSeq());
        delete.executeUpdate();
        SampleChunk.Builder kept = new SampleChunk.Builder();
        long[] dropped = {0};
        SampleChunk.decode(
            chunk.data(),
            (seq, ts, value) -> {
              if (ts < cutoff) dropped[0]++;
              else kept.add(seq, ts, value);
            });
        deleted += dropped[0];
        if (kept.count() > 0) {
          bindChunk(insert, seriesId, kept);
          insert.executeUpdate();
        }
      }
    }
    return deleted;
  }

  private static void bindChunk(PreparedStatement insert, long seriesId, SampleChunk.Builder chunk)
      throws SQLException {
    insert.setLong(1, seriesId);
    insert.setLong(2, chunk.minSeq());
    insert.setLong(3, chunk.maxSeq());
    insert.setLong(4, chunk.minTs());
    insert.setLong(5, chunk.maxTs());
    insert.setInt(6, chunk.count());
    insert.setBytes(7, chunk.bytes());
  }

  private interface ReadWork<T> {
    T run() throws SQLException;
  }

  /**
   * Runs several statements against one snapshot of each file, the main file's taken first. That
   * order makes a read whole without a snapshot common to both: a compaction moves the mark in the
   * chunk file before it deletes log rows at or below it, so every log sample above the mark the
   * chunk snapshot shows is still in the older main snapshot, and every sample at or below it is in
   * the chunks. (A snapshot starts with the first statement that reads a file,
   * https://www.sqlite.org/isolation.html.)
   */
  private static <T> T inReadTransaction(Connection c, ReadWork<T> work) throws SQLException {
    c.setAutoCommit(false);
    try {
      single(c, "SELECT COUNT(*) FROM main.meta");
      return work.run();
    } finally {
      c.rollback();
      c.setAutoCommit(true);
    }
  }

  private SeriesKey keyOf(Connection c, Map<Long, SeriesKey> keys, long seriesId)
      throws SQLException {
    SeriesKey key = keys.get(seriesId);
    if (key != null) return key;
    try (PreparedStatement select =
        c.prepareStatement("SELECT service, metric, labels FROM series WHERE id = ?")) {
      select.setLong(1, seriesId);
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) throw new SQLException("sample of unknown series id " + seriesId);
        key = keyFrom(row, 1);
      }
    }
    keys.put(seriesId, key);
    return key;
  }

  private static Optional<Long> metaLong(Connection c, String table, String key)
      throws SQLException {
    try (PreparedStatement select =
        c.prepareStatement("SELECT value FROM " + table + " WHERE key = ?")) {
      select.setString(1, key);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? Optional.of(row.getLong(1)) : Optional.empty();
      }
    }
  }

  private static long single(Connection c, String sql) throws SQLException {
    try (PreparedStatement select = c.prepareStatement(sql);
        ResultSet row = select.executeQuery()) {
      row.next();
      return row.getLong(1);
    }
  }

  private static SeriesKey keyFrom(ResultSet row, int first) throws SQLException {
    return SqliteSeriesTable.keyOf(
        row.getString(first), row.getString(first + 1), row.getString(first + 2));
  }
}
