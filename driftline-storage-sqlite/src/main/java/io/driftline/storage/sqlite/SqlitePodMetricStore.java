package io.driftline.storage.sqlite;

import io.driftline.storage.PodMetricQuery;
import io.driftline.storage.PodMetricStore;
import io.driftline.telemetry.SeriesKey;
import io.driftline.workload.PodMetric;
import io.driftline.workload.PodSignal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Pod rows in {@code pod_metrics}: one nullable column per {@link PodSignal}, a primary key led by
 * the partition keys (cluster_id, day, hour) like the seed's Cassandra table, and indexes for the
 * by-pod and by-workload reads. Rows are written with {@code INSERT OR REPLACE}, so a retried
 * request overwrites instead of duplicating.
 */
final class SqlitePodMetricStore implements PodMetricStore {
  private static final String SIGNAL_COLUMNS =
      Arrays.stream(PodSignal.values()).map(PodSignal::field).collect(Collectors.joining(", "));

  static final String DDL =
      "CREATE TABLE IF NOT EXISTS pod_metrics ("
          + " cluster_id TEXT NOT NULL, day TEXT NOT NULL, hour INTEGER NOT NULL,"
          + " namespace TEXT NOT NULL, pod_name TEXT NOT NULL, container TEXT NOT NULL,"
          + " ts INTEGER NOT NULL, workload_name TEXT NOT NULL, labels TEXT NOT NULL, "
          + Arrays.stream(PodSignal.values())
              .map(s -> s.field() + " REAL")
              .collect(Collectors.joining(", "))
          + ", PRIMARY KEY (cluster_id, day, hour, namespace, pod_name, container, ts))";

  private final SqliteDatabase db;

  SqlitePodMetricStore(SqliteDatabase db) {
    this.db = db;
  }

  void insert(Connection writer, List<PodMetric> metrics) throws SQLException {
    if (metrics.isEmpty()) return;
    int n = PodSignal.values().length;
    try (PreparedStatement insert =
        writer.prepareStatement(
            "INSERT OR REPLACE INTO pod_metrics"
                + " (cluster_id, day, hour, namespace, pod_name, container, ts, workload_name, labels, "
                + SIGNAL_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?"
                + ", ?".repeat(n)
                + ")")) {
      for (PodMetric m : metrics) {
        insert.setString(1, m.clusterId());
        insert.setString(2, SqliteColumns.day(m.epochMillis()));
        insert.setInt(3, SqliteColumns.hour(m.epochMillis()));
        insert.setString(4, m.namespace());
        insert.setString(5, m.podName());
        insert.setString(6, m.container().orElse(""));
        insert.setLong(7, m.epochMillis());
        insert.setString(8, m.workloadName());
        insert.setString(9, SqliteColumns.labelsText(m.labels()));
        for (PodSignal s : PodSignal.values()) {
          Double v = m.values().get(s);
          if (v == null) insert.setNull(10 + s.ordinal(), Types.REAL);
          else insert.setDouble(10 + s.ordinal(), v);
        }
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  @Override
  public List<PodMetric> find(PodMetricQuery q) {
    String sql =
        "SELECT cluster_id, namespace, pod_name, workload_name, container, ts, labels, "
            + SIGNAL_COLUMNS
            + " FROM pod_metrics WHERE cluster_id = ? AND namespace = ?"
            + (q.podName().isPresent() ? " AND pod_name = ?" : "")
            + (q.workloadName().isPresent() ? " AND workload_name = ?" : "")
            + " AND ts >= ? AND ts < ? ORDER BY ts, pod_name, container LIMIT ? OFFSET ?";
    return db.read(
        "reading pod metrics",
        c -> {
          try (PreparedStatement select = c.prepareStatement(sql)) {
            int i = 1;
            select.setString(i++, q.clusterId());
            select.setString(i++, q.namespace());
            if (q.podName().isPresent()) select.setString(i++, q.podName().get());
            if (q.workloadName().isPresent()) select.setString(i++, q.workloadName().get());
            select.setLong(i++, q.fromMillis());
            select.setLong(i++, q.toMillis());
            select.setInt(i++, q.limit());
            select.setInt(i, q.offset());
            List<PodMetric> found = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
              while (row.next()) found.add(metricFrom(row));
            }
            return found;
          }
        });
  }

  @Override
  public long deleteBefore(long epochMillis) {
    return db.write(
        "deleting old pod metrics",
        c -> {
          try (PreparedStatement delete =
              c.prepareStatement("DELETE FROM pod_metrics WHERE ts < ?")) {
            delete.setLong(1, epochMillis);
            return (long) delete.executeUpdate();
          }
        });
  }

  private static PodMetric metricFrom(ResultSet row) throws SQLException {
    var values = new EnumMap<PodSignal, Double>(PodSignal.class);
    for (PodSignal s : PodSignal.values()) {
      double v = row.getDouble(8 + s.ordinal());
      if (!row.wasNull()) values.put(s, v);
    }
    String container = row.getString(5);
    return new PodMetric(
        row.getString(1),
        row.getString(2),
        row.getString(3),
        row.getString(4),
        container.isEmpty() ? Optional.empty() : Optional.of(container),
        row.getLong(6),
        SeriesKey.parseLabels(row.getString(7)),
        values);
  }
}
