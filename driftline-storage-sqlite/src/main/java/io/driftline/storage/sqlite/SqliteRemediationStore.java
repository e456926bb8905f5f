package io.driftline.storage.sqlite;

import io.driftline.config.RemediationRecord;
import io.driftline.storage.RemediationStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The remediation audit trail in {@code remediations}. */
final class SqliteRemediationStore implements RemediationStore {
  private static final String COLUMNS =
      "remediation_id, object_key, deployment_id, namespace, resource_name, drift_id, policy,"
          + " status, dry_run, differences_json, result, created_at, decided_by, decided_at";
  private final SqliteDatabase db;

  SqliteRemediationStore(SqliteDatabase db) {
    this.db = db;
  }

  @Override
  public void write(RemediationRecord r) {
    db.write(
        "writing remediation",
        c -> {
          try (PreparedStatement insert =
              c.prepareStatement(
                  "INSERT OR REPLACE INTO remediations ("
                      + COLUMNS
                      + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, r.remediationId());
            insert.setString(2, r.objectKey());
            insert.setString(3, r.deploymentId());
            insert.setString(4, r.namespace());
            insert.setString(5, r.resourceName());
            SqliteColumns.set(insert, 6, r.driftId());
            insert.setString(7, r.policy());
            insert.setString(8, r.status());
            insert.setInt(9, r.dryRun() ? 1 : 0);
            insert.setString(10, r.differencesJson());
            insert.setString(11, r.result());
            insert.setLong(12, r.createdMillis());
            SqliteColumns.set(insert, 13, r.decidedBy());
            SqliteColumns.set(insert, 14, r.decidedMillis());
            insert.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public Optional<RemediationRecord> get(String remediationId) {
    return select("WHERE remediation_id = ?", List.of(remediationId), 1, 0).stream().findFirst();
  }

  @Override
  public List<RemediationRecord> find(
      Optional<String> objectKey,
      Optional<String> deploymentId,
      Optional<String> status,
      int limit,
      int offset) {
    List<String> where = new ArrayList<>();
    List<String> args = new ArrayList<>();
    objectKey.ifPresent(v -> add(where, args, "object_key = ?", v));
    deploymentId.ifPresent(v -> add(where, args, "deployment_id = ?", v));
    status.ifPresent(v -> add(where, args, "status = ?", v));
    String clause = where.isEmpty() ? "" : "WHERE " + String.join(" AND ", where);
    return select(clause, args, limit, offset);
  }

  private static void add(List<String> where, List<String> args, String sql, String v) {
    where.add(sql);
    args.add(v);
  }

  private List<RemediationRecord> select(String where, List<String> args, int limit, int offset) {
    return db.read(
        "reading remediations",
        c -> {
          try (PreparedStatement select =
              c.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM remediations "
                      + where
                      + " ORDER BY created_at DESC, remediation_id LIMIT ? OFFSET ?")) {
            int i = 1;
            for (String a : args) select.setString(i++, a);
            select.setInt(i++, limit);
            select.setInt(i, offset);
            List<RemediationRecord> found = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
              while (row.next()) found.add(recordFrom(row));
            }
            return found;
          }
        });
  }

  private static RemediationRecord recordFrom(ResultSet row) throws SQLException {
    return new RemediationRecord(
        row.getString("remediation_id"),
        row.getString("object_key"),
        row.getString("deployment_id"),
        row.getString("namespace"),
        row.getString("resource_name"),
        SqliteColumns.string(row, "drift_id"),
        row.getString("policy"),
        row.getString("status"),
        row.getInt("dry_run") == 1,
        row.getString("differences_json"),
        row.getString("result"),
        row.getLong("created_at"),
        SqliteColumns.string(row, "decided_by"),
        SqliteColumns.optionalLong(row, "decided_at"));
  }
}
