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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** Samples in the {@code samples} table, one row per sample, keyed by sequence number. */
final class SqliteSampleStore implements SampleStore {
  private final SqliteDatabase db;
  private final SqliteSeriesTable series;

  SqliteSampleStore(SqliteDatabase db, SqliteSeriesTable series) {
    this.db = db;
    this.series = series;
  }

  /** Adds samples inside the caller's write; ids of new series go into {@code assigned}. */
  void insert(Connection writer, List<StoredSample> samples, Map<SeriesKey, Long> assigned)
      throws SQLException {
    if (samples.isEmpty()) return;
    try (PreparedStatement insert =
        writer.prepareStatement(
            "INSERT INTO samples (seq, series_id, ts, value) VALUES (?, ?, ?, ?)")) {
      for (StoredSample stored : samples) {
        Sample sample = stored.sample();
        insert.setLong(1, stored.seq());
        insert.setLong(2, series.idFor(writer, sample.key(), assigned));
        insert.setLong(3, sample.epochMillis());
        insert.setDouble(4, sample.value());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  @Override
  public List<StoredSample> range(SeriesKey key, long fromMillis, long toMillis, int limit) {
    if (limit < 0) throw new IllegalArgumentException("limit must be >= 0 but was " + limit);
    return db.read(
        "sample range",
        c -> {
          Optional<Long> id = series.find(c, key);
          if (id.isEmpty()) return List.of();
          try (PreparedStatement select =
              c.prepareStatement(
                  "SELECT seq, ts, value FROM samples"
                      + " WHERE series_id = ? AND ts >= ? AND ts < ? ORDER BY ts, seq LIMIT ?")) {
            select.setLong(1, id.get());
            select.setLong(2, fromMillis);
            select.setLong(3, toMillis);
            select.setInt(4, limit);
            List<StoredSample> found = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
              while (row.next()) {
                found.add(
                    new StoredSample(
                        row.getLong(1), new Sample(key, row.getLong(2), row.getDouble(3))));
              }
            }
            return found;
          }
        });
  }

  /**
   * Streams from one read connection, so a replay of millions of samples is not held in memory; the
   * callback runs while that connection's read snapshot is open.
   */
  @Override
  public void scanAfter(long seq, Consumer<StoredSample> each) {
    db.read(
        "sample scan",
        c -> {
          try (PreparedStatement select =
              c.prepareStatement(
                  "SELECT seq, ts, value, series_id, service, metric, labels FROM samples"
                      + " JOIN series ON series.id = samples.series_id WHERE seq > ? ORDER BY seq")) {
            select.setLong(1, seq);
            Map<Long, SeriesKey> keys = new HashMap<>(); // parse each series' labels once per scan
            try (ResultSet row = select.executeQuery()) {
              while (row.next()) {
                long seriesId = row.getLong(4);
                SeriesKey key = keys.get(seriesId);
                if (key == null) {
                  key = keyFrom(row, 5);
                  keys.put(seriesId, key);
                }
                each.accept(
                    new StoredSample(
                        row.getLong(1), new Sample(key, row.getLong(2), row.getDouble(3))));
              }
            }
            return null;
          }
        });
  }

  @Override
  public long maxSeq() {
    return db.read("max sample seq", c -> single(c, "SELECT COALESCE(MAX(seq), 0) FROM samples"));
  }

  /** Counts rows: linear in the table size, which is fine for a gauge read now and then. */
  @Override
  public long count() {
    return db.read("sample count", c -> single(c, "SELECT COUNT(*) FROM samples"));
  }

  @Override
  public List<SeriesKey> series(String service) {
    return db.read(
        "series of service",
        c -> {
          try (PreparedStatement select =
              c.prepareStatement(
                  "SELECT service, metric, labels"
                      + " FROM series WHERE service = ?"
                      + " AND EXISTS (SELECT 1 FROM samples WHERE samples.series_id = series.id)")) {
            select.setString(1, service);
            List<SeriesKey> found = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
              while (row.next()) found.add(keyFrom(row, 1));
            }
            return found;
          }
        });
  }

  /**
   * Deletes series by series through the {@code (series_id, ts)} index, one transaction each: a
   * retention pass never scans the whole table and never holds the write lock for long, so group
   * commits from the ingest path slip in between series.
   */
  @Override
  public long deleteBefore(long epochMillis) {
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
    long deleted = 0;
    for (long id : ids) {
      deleted +=
          db.write(
              "deleting old samples",
              c -> {
                try (PreparedStatement delete =
                    c.prepareStatement("DELETE FROM samples WHERE series_id = ? AND ts < ?")) {
                  delete.setLong(1, id);
                  delete.setLong(2, epochMillis);
                  return (long) delete.executeUpdate();
                }
              });
    }
    return deleted;
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
