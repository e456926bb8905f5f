package io.driftline.storage.sqlite;

import io.driftline.detect.AnomalySeverity;
import io.driftline.health.HealthState;
import io.driftline.health.Transition;
import io.driftline.storage.TransitionStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The audit trail in the {@code transitions} table. The primary key is (series, seq) and rows go in
 * with {@code INSERT OR IGNORE}, so the records a replay after a crash produces again leave the
 * first ones untouched.
 */
final class SqliteTransitionStore implements TransitionStore {
  private final SqliteDatabase db;

  SqliteTransitionStore(SqliteDatabase db) {
    this.db = db;
  }

  void insert(Connection writer, List<Transition> transitions) throws SQLException {
    if (transitions.isEmpty()) return;
    try (PreparedStatement insert =
        writer.prepareStatement(
            "INSERT OR IGNORE INTO transitions"
                + " (service, metric, labels, seq, ts, from_state, to_state, rule, zscores,"
                + " severity) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (Transition t : transitions) {
        SqliteSeriesTable.bindKey(insert, t.series());
        insert.setLong(4, t.seq());
        insert.setLong(5, t.epochMillis());
        insert.setString(6, t.from().name());
        insert.setString(7, t.to().name());
        insert.setString(8, t.rule());
        insert.setString(9, zScoresText(t.zScores()));
        insert.setString(10, t.severity().map(AnomalySeverity::name).orElse(null));
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  @Override
  public List<Transition> forService(String service, int limit) {
    if (limit < 0) throw new IllegalArgumentException("limit must be >= 0 but was " + limit);
    return db.read(
        "transitions of service",
        c -> {
          try (PreparedStatement select =
              c.prepareStatement(
                  "SELECT service, metric, labels, seq, ts,"
                      + " from_state, to_state, rule, zscores, severity FROM transitions"
                      + " WHERE service = ?"
                      + " ORDER BY seq DESC, metric, labels LIMIT ?")) {
            select.setString(1, service);
            select.setInt(2, limit);
            List<Transition> found = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
              while (row.next()) found.add(transitionFrom(row));
            }
            return found;
          }
        });
  }

  @Override
  public long deleteBefore(long epochMillis) {
    return db.write(
        "deleting old transitions",
        c -> {
          try (PreparedStatement delete =
              c.prepareStatement("DELETE FROM transitions WHERE ts < ?")) {
            delete.setLong(1, epochMillis);
            return (long) delete.executeUpdate();
          }
        });
  }

  private static Transition transitionFrom(ResultSet row) throws SQLException {
    return new Transition(
        SqliteSeriesTable.keyOf(row.getString(1), row.getString(2), row.getString(3)),
        row.getLong(4),
        row.getLong(5),
        HealthState.valueOf(row.getString(6)),
        HealthState.valueOf(row.getString(7)),
        row.getString(8),
        zScoresFrom(row.getString(9)),
        Optional.ofNullable(row.getString(10)).map(AnomalySeverity::valueOf));
  }

  /**
   * Comma-separated {@link Double#toString} text: exact (it round-trips every double, -0.0
   * included) and readable with the sqlite3 shell, which a JSON column would not improve on.
   */
  static String zScoresText(List<Double> zScores) {
    return zScores.stream().map(String::valueOf).collect(Collectors.joining(","));
  }

  static List<Double> zScoresFrom(String text) {
    if (text.isEmpty()) return List.of();
    return Arrays.stream(text.split(",")).map(Double::valueOf).toList();
  }
}
