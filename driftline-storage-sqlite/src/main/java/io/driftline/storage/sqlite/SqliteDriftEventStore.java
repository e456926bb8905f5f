package io.driftline.storage.sqlite;

import io.driftline.drift.DriftCategory;
import io.driftline.drift.DriftEvent;
import io.driftline.drift.DriftStatus;
import io.driftline.drift.Severity;
import io.driftline.storage.DriftEventQuery;
import io.driftline.storage.DriftEventStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Events in {@code drift_events}, keyed by drift_id and indexed by the seed's partition (cluster,
 * env, drift date) and by workload for the one-open-event lookup.
 */
final class SqliteDriftEventStore implements DriftEventStore {
  private static final String COLUMNS =
      "drift_id, cluster_id, env, drift_date, drift_category,"
          + " severity, workload_name, namespace, start_ts, end_ts, detection_method,"
          + " confidence_score, status, signals, probable_cause, acknowledged_by, acknowledged_at,"
          + " resolved_by, resolved_at, source_seq";
  private final SqliteDatabase db;

  SqliteDriftEventStore(SqliteDatabase db) {
    this.db = db;
  }

  @Override
  public void write(DriftEvent e) {
    db.write(
        "writing drift event",
        c -> {
          try (PreparedStatement insert =
              c.prepareStatement(
                  "INSERT OR REPLACE INTO drift_events ("
                      + COLUMNS
                      + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, e.driftId());
            insert.setString(2, e.clusterId());
            insert.setString(3, e.env());
            insert.setString(4, e.driftDate().toString());
            insert.setString(5, e.category().name());
            insert.setString(6, e.severity().name());
            insert.setString(7, e.workloadName());
            insert.setString(8, e.namespace());
            insert.setLong(9, e.startMillis());
            SqliteColumns.set(insert, 10, e.endMillis());
            insert.setString(11, e.detectionMethod());
            insert.setDouble(12, e.confidenceScore());
            insert.setString(13, e.status().name());
            insert.setString(14, String.join("\n", e.signals()));
            SqliteColumns.set(insert, 15, e.probableCause());
            SqliteColumns.set(insert, 16, e.acknowledgedBy());
            SqliteColumns.set(insert, 17, e.acknowledgedAt());
            SqliteColumns.set(insert, 18, e.resolvedBy());
            SqliteColumns.set(insert, 19, e.resolvedAt());
            insert.setLong(20, e.sourceSeq());
            insert.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public Optional<DriftEvent> get(String driftId) {
    return selectOne("SELECT " + COLUMNS + " FROM drift_events WHERE drift_id = ?", driftId);
  }

  @Override
  public Optional<DriftEvent> open(
      String clusterId, String namespace, String workloadName, DriftCategory category) {
    return selectOne(
        "SELECT "
            + COLUMNS
            + " FROM drift_events WHERE cluster_id = ?"
            + " AND namespace = ? AND workload_name = ? AND drift_category = ? AND status != ?"
            + " ORDER BY start_ts DESC, drift_id LIMIT 1",
        clusterId,
        namespace,
        workloadName,
        category.name(),
        DriftStatus.RESOLVED.name());
  }

  @Override
  public List<DriftEvent> find(DriftEventQuery q) {
    List<String> where = new ArrayList<>();
    List<String> args = new ArrayList<>();
    q.clusterId().ifPresent(v -> add(where, args, "cluster_id = ?", v));
    q.env().ifPresent(v -> add(where, args, "env = ?", v));
    q.fromDate().ifPresent(v -> add(where, args, "drift_date >= ?", v.toString()));
    q.toDate().ifPresent(v -> add(where, args, "drift_date <= ?", v.toString()));
    q.category().ifPresent(v -> add(where, args, "drift_category = ?", v.name()));
    q.severity().ifPresent(v -> add(where, args, "severity = ?", v.name()));
    q.status().ifPresent(v -> add(where, args, "status = ?", v.name()));
    q.workloadName().ifPresent(v -> add(where, args, "workload_name = ?", v));
    q.namespace().ifPresent(v -> add(where, args, "namespace = ?", v));
    String sql =
        "SELECT "
            + COLUMNS
            + " FROM drift_events"
            + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
            + " ORDER BY start_ts DESC, drift_id LIMIT "
            + q.limit()
            + " OFFSET "
            + q.offset();
    return select(sql, args.toArray(String[]::new));
  }

  private static void add(List<String> where, List<String> args, String condition, String arg) {
    where.add(condition);
    args.add(arg);
  }

  private Optional<DriftEvent> selectOne(String sql, String... args) {
    return select(sql, args).stream().findFirst();
  }

  private List<DriftEvent> select(String sql, String... args) {
    return db.read(
        "reading drift events",
        c -> {
          try (PreparedStatement select = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) select.setString(i + 1, args[i]);
            List<DriftEvent> found = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
              while (row.next()) found.add(eventFrom(row));
            }
            return found;
          }
        });
  }

  private static DriftEvent eventFrom(ResultSet row) throws SQLException {
    String signals = row.getString("signals");
    return new DriftEvent(
        row.getString("cluster_id"),
        row.getString("env"),
        LocalDate.parse(row.getString("drift_date")),
        row.getString("drift_id"),
        DriftCategory.valueOf(row.getString("drift_category")),
        Severity.valueOf(row.getString("severity")),
        row.getString("workload_name"),
        row.getString("namespace"),
        row.getLong("start_ts"),
        SqliteColumns.optionalLong(row, "end_ts"),
        row.getString("detection_method"),
        row.getDouble("confidence_score"),
        DriftStatus.valueOf(row.getString("status")),
        signals.isEmpty() ? List.of() : Arrays.asList(signals.split("\n")),
        SqliteColumns.string(row, "probable_cause"),
        SqliteColumns.string(row, "acknowledged_by"),
        SqliteColumns.optionalLong(row, "acknowledged_at"),
        SqliteColumns.string(row, "resolved_by"),
        SqliteColumns.optionalLong(row, "resolved_at"),
        row.getLong("source_seq"));
  }
}
