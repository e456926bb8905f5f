package io.driftline.storage.sqlite;

import io.driftline.telemetry.SeriesKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Maps series keys to the numeric ids of the {@code series} table, with a cache of committed ids.
 *
 * <p>Ids assigned inside a write are held in that write's own map and published only after it
 * commits: a rolled-back write must not leave ids in the cache that the file never kept.
 */
final class SqliteSeriesTable {
  private static final String SELECT_ID =
      "SELECT id FROM series WHERE service = ? AND metric = ? AND labels = ?";
  private static final String INSERT =
      "INSERT INTO series (service, metric, labels) VALUES (?, ?, ?)";

  private final Map<SeriesKey, Long> committed = new ConcurrentHashMap<>();

  /** The id of {@code key}, creating its row inside the caller's write transaction if needed. */
  long idFor(Connection writer, SeriesKey key, Map<SeriesKey, Long> assigned) throws SQLException {
    Long known = committed.get(key);
    if (known == null) known = assigned.get(key);
    if (known != null) return known;
    Optional<Long> existing = select(writer, key);
    if (existing.isEmpty()) insert(writer, key);
    long id = existing.isPresent() ? existing.get() : select(writer, key).orElseThrow();
    assigned.put(key, id);
    return id;
  }

  /** Called after the write that assigned these ids committed. */
  void publish(Map<SeriesKey, Long> assigned) {
    committed.putAll(assigned);
  }

  /** The id of a series that has been committed, if any. */
  Optional<Long> find(Connection reader, SeriesKey key) throws SQLException {
    Long known = committed.get(key);
    if (known != null) return Optional.of(known);
    Optional<Long> found = select(reader, key);
    found.ifPresent(id -> committed.put(key, id));
    return found;
  }

  private static Optional<Long> select(Connection connection, SeriesKey key) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(SELECT_ID)) {
      bindKey(select, key);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? Optional.of(row.getLong(1)) : Optional.empty();
      }
    }
  }

  private static void insert(Connection writer, SeriesKey key) throws SQLException {
    try (PreparedStatement insert = writer.prepareStatement(INSERT)) {
      bindKey(insert, key);
      insert.executeUpdate();
    }
  }

  static void bindKey(PreparedStatement statement, SeriesKey key) throws SQLException {
    statement.setString(1, key.service());
    statement.setString(2, key.metric());
    statement.setString(3, key.labelsText());
  }

  static SeriesKey keyOf(String service, String metric, String labels) {
    return new SeriesKey(service, metric, SeriesKey.parseLabels(labels));
  }
}
