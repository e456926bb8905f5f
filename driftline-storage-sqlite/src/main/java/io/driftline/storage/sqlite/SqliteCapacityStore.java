package io.driftline.storage.sqlite;

import io.driftline.capacity.CapacitySnapshot;
import io.driftline.capacity.NodeGroup;
import io.driftline.storage.CapacityStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Snapshots in {@code capacity_snapshots}, one row per node group, keyed like the seed's Cassandra
 * table by (cluster_id, day) and then time. Writing a snapshot again replaces all its groups.
 */
final class SqliteCapacityStore implements CapacityStore {
  private static final String COLUMNS =
      "cluster_id, ts, node_group, instance_type, count,"
          + " allocatable_cpu_cores, allocatable_memory_bytes, requested_cpu_cores,"
          + " requested_memory_bytes, used_cpu_cores, used_memory_bytes, pods";
  private final SqliteDatabase db;

  SqliteCapacityStore(SqliteDatabase db) {
    this.db = db;
  }

  @Override
  public void write(CapacitySnapshot snapshot) {
    db.write(
        "writing capacity snapshot",
        c -> {
          try (PreparedStatement delete =
              c.prepareStatement(
                  "DELETE FROM capacity_snapshots WHERE cluster_id = ? AND day = ? AND ts = ?")) {
            delete.setString(1, snapshot.clusterId());
            delete.setString(2, SqliteColumns.day(snapshot.epochMillis()));
            delete.setLong(3, snapshot.epochMillis());
            delete.executeUpdate();
          }
          insert(c, snapshot);
          return null;
        });
  }

  private static void insert(Connection c, CapacitySnapshot snapshot) throws SQLException {
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO capacity_snapshots (day,"
                + " position, "
                + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      int position = 0;
      for (NodeGroup g : snapshot.nodeGroups()) {
        insert.setString(1, SqliteColumns.day(snapshot.epochMillis()));
        insert.setInt(2, position++);
        insert.setString(3, snapshot.clusterId());
        insert.setLong(4, snapshot.epochMillis());
        insert.setString(5, g.name());
        insert.setString(6, g.instanceType());
        insert.setInt(7, g.count());
        insert.setDouble(8, g.allocatableCpuCores());
        insert.setDouble(9, g.allocatableMemoryBytes());
        insert.setDouble(10, g.requestedCpuCores());
        insert.setDouble(11, g.requestedMemoryBytes());
        insert.setDouble(12, g.usedCpuCores());
        insert.setDouble(13, g.usedMemoryBytes());
        SqliteColumns.set(insert, 14, g.pods());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  /** Walks the primary key, which leads with cluster_id, so no table scan. */
  @Override
  public List<String> clusters() {
    return db.read(
        "listing clusters",
        c -> {
          try (var select =
                  c.prepareStatement(
                      "SELECT DISTINCT cluster_id FROM capacity_snapshots ORDER BY cluster_id");
              var row = select.executeQuery()) {
            List<String> found = new java.util.ArrayList<>();
            while (row.next()) found.add(row.getString(1));
            return found;
          }
        });
  }

  @Override
  public Optional<CapacitySnapshot> latest(String clusterId) {
    List<CapacitySnapshot> found =
        select(
            "reading latest capacity snapshot",
            "SELECT "
                + COLUMNS
                + " FROM capacity_snapshots WHERE cluster_id = ? AND ts ="
                + " (SELECT max(ts) FROM capacity_snapshots WHERE cluster_id = ?) ORDER BY position",
            s -> {
              s.setString(1, clusterId);
              s.setString(2, clusterId);
            });
    return found.stream().findFirst();
  }

  @Override
  public List<CapacitySnapshot> range(String clusterId, long from, long to, int limit) {
    return select(
        "reading capacity snapshots",
        "SELECT "
            + COLUMNS
            + " FROM capacity_snapshots WHERE cluster_id = ? AND ts IN"
            + " (SELECT DISTINCT ts FROM capacity_snapshots WHERE cluster_id = ? AND ts >= ?"
            + " AND ts < ? ORDER BY ts LIMIT ?) ORDER BY ts, position",
        s -> {
          s.setString(1, clusterId);
          s.setString(2, clusterId);
          s.setLong(3, from);
          s.setLong(4, to);
          s.setInt(5, limit);
        });
  }

  private interface Binder {
    void bind(PreparedStatement statement) throws SQLException;
  }

  private List<CapacitySnapshot> select(String operation, String sql, Binder binder) {
    return db.read(
        operation,
        c -> {
          try (PreparedStatement select = c.prepareStatement(sql)) {
            binder.bind(select);
            Map<Long, List<NodeGroup>> groups = new LinkedHashMap<>();
            String cluster = null;
            try (ResultSet row = select.executeQuery()) {
              while (row.next()) {
                cluster = row.getString("cluster_id");
                groups
                    .computeIfAbsent(row.getLong("ts"), t -> new ArrayList<>())
                    .add(groupFrom(row));
              }
            }
            List<CapacitySnapshot> snapshots = new ArrayList<>();
            for (var e : groups.entrySet()) {
              snapshots.add(new CapacitySnapshot(cluster, e.getKey(), e.getValue()));
            }
            return snapshots;
          }
        });
  }

  private static NodeGroup groupFrom(ResultSet row) throws SQLException {
    return new NodeGroup(
        row.getString("node_group"),
        row.getString("instance_type"),
        row.getInt("count"),
        row.getDouble("allocatable_cpu_cores"),
        row.getDouble("allocatable_memory_bytes"),
        row.getDouble("requested_cpu_cores"),
        row.getDouble("requested_memory_bytes"),
        row.getDouble("used_cpu_cores"),
        row.getDouble("used_memory_bytes"),
        SqliteColumns.optionalLong(row, "pods"));
  }
}
