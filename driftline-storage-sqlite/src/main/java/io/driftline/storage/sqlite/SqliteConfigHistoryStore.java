package io.driftline.storage.sqlite;

import io.driftline.change.ConfigChange;
import io.driftline.storage.ConfigHistoryStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Changes in {@code config_history}, with the seed's partition keys (cluster_id, day). */
final class SqliteConfigHistoryStore implements ConfigHistoryStore {
  private static final String COLUMNS =
      "change_id, cluster_id, namespace, workload_name,"
          + " change_type, changed_at, changed_by, before_json, after_json";
  private final SqliteDatabase db;

  SqliteConfigHistoryStore(SqliteDatabase db) {
    this.db = db;
  }

  @Override
  public void write(ConfigChange change) {
    db.write(
        "writing config change",
        c -> {
          try (PreparedStatement insert =
              c.prepareStatement(
                  "INSERT OR REPLACE INTO config_history"
                      + " (day, "
                      + COLUMNS
                      + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, SqliteColumns.day(change.changedAtMillis()));
            insert.setString(2, change.changeId());
            insert.setString(3, change.clusterId());
            insert.setString(4, change.namespace());
            insert.setString(5, change.workloadName());
            insert.setString(6, change.changeType());
            insert.setLong(7, change.changedAtMillis());
            insert.setString(8, change.changedBy());
            insert.setString(9, change.before());
            insert.setString(10, change.after());
            insert.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public Optional<ConfigChange> get(String changeId) {
    return db.read(
        "reading config change",
        c -> {
          try (PreparedStatement select =
              c.prepareStatement(
                  "SELECT " + COLUMNS + " FROM config_history WHERE change_id = ?")) {
            select.setString(1, changeId);
            try (ResultSet row = select.executeQuery()) {
              return row.next() ? Optional.of(changeFrom(row)) : Optional.empty();
            }
          }
        });
  }

  @Override
  public List<ConfigChange> find(
      String clusterId,
      Optional<String> namespace,
      Optional<String> workloadName,
      long from,
      long to,
      int limit,
      int offset) {
    String sql =
        "SELECT "
            + COLUMNS
            + " FROM config_history WHERE cluster_id = ?"
            + (namespace.isPresent() ? " AND namespace = ?" : "")
            + (workloadName.isPresent() ? " AND workload_name = ?" : "")
            + " AND changed_at >= ? AND changed_at < ? ORDER BY changed_at DESC, change_id"
            + " LIMIT ? OFFSET ?";
    return db.read(
        "reading config history",
        c -> {
          try (PreparedStatement select = c.prepareStatement(sql)) {
            int i = 1;
            select.setString(i++, clusterId);
            if (namespace.isPresent()) select.setString(i++, namespace.get());
            if (workloadName.isPresent()) select.setString(i++, workloadName.get());
            select.setLong(i++, from);
            select.setLong(i++, to);
            select.setInt(i++, limit);
            select.setInt(i, offset);
            List<ConfigChange> found = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
              while (row.next()) found.add(changeFrom(row));
            }
            return found;
          }
        });
  }

  private static ConfigChange changeFrom(ResultSet row) throws SQLException {
    return new ConfigChange(
        row.getString(1),
        row.getString(2),
        row.getString(3),
        row.getString(4),
        row.getString(5),
        row.getLong(6),
        row.getString(7),
        row.getString(8),
        row.getString(9));
  }
}
