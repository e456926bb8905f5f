package io.driftline.storage.sqlite;

import io.driftline.drift.Recommendation;
import io.driftline.drift.RecommendationStatus;
import io.driftline.storage.RecommendationStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Recommendations in {@code drift_recommendations}, keyed by rec_id, indexed by drift and cluster.
 */
final class SqliteRecommendationStore implements RecommendationStore {
  private static final String COLUMNS =
      "cluster_id, env, drift_date, drift_id, rec_id,"
          + " recommendation_type, recommendation_json, estimated_savings_usd, auto_approved, status,"
          + " decided_by, decided_at, created_ts";
  private final SqliteDatabase db;

  SqliteRecommendationStore(SqliteDatabase db) {
    this.db = db;
  }

  @Override
  public void write(Recommendation r) {
    db.write(
        "writing recommendation",
        c -> {
          try (PreparedStatement insert =
              c.prepareStatement(
                  "INSERT OR REPLACE INTO"
                      + " drift_recommendations ("
                      + COLUMNS
                      + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, r.clusterId());
            insert.setString(2, r.env());
            insert.setString(3, r.driftDate().toString());
            insert.setString(4, r.driftId());
            insert.setString(5, r.recId());
            insert.setString(6, r.recommendationType());
            insert.setString(7, r.recommendationJson());
            SqliteColumns.set(insert, 8, r.estimatedSavingsUsd());
            insert.setInt(9, r.autoApproved() ? 1 : 0);
            insert.setString(10, r.status().name());
            SqliteColumns.set(insert, 11, r.decidedBy());
            SqliteColumns.set(insert, 12, r.decidedAt());
            insert.setLong(13, r.createdMillis());
            insert.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public Optional<Recommendation> get(String recId) {
    return select("SELECT " + COLUMNS + " FROM drift_recommendations WHERE rec_id = ?", recId)
        .stream()
        .findFirst();
  }

  @Override
  public List<Recommendation> forDrift(String driftId) {
    return select(
        "SELECT "
            + COLUMNS
            + " FROM drift_recommendations WHERE drift_id = ?"
            + " ORDER BY created_ts, rec_id",
        driftId);
  }

  @Override
  public List<Recommendation> forCluster(String clusterId, int limit, int offset) {
    return select(
        "SELECT "
            + COLUMNS
            + " FROM drift_recommendations WHERE cluster_id = ?"
            + " ORDER BY created_ts DESC, rec_id DESC LIMIT "
            + limit
            + " OFFSET "
            + offset,
        clusterId);
  }

  private List<Recommendation> select(String sql, String arg) {
    return db.read(
        "reading recommendations",
        c -> {
          try (PreparedStatement select = c.prepareStatement(sql)) {
            select.setString(1, arg);
            List<Recommendation> found = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
              while (row.next()) found.add(recommendationFrom(row));
            }
            return found;
          }
        });
  }

  private static Recommendation recommendationFrom(ResultSet row) throws SQLException {
    return new Recommendation(
        row.getString("cluster_id"),
        row.getString("env"),
        LocalDate.parse(row.getString("drift_date")),
        row.getString("drift_id"),
        row.getString("rec_id"),
        row.getString("recommendation_type"),
        row.getString("recommendation_json"),
        SqliteColumns.optionalDouble(row, "estimated_savings_usd"),
        row.getInt("auto_approved") != 0,
        RecommendationStatus.valueOf(row.getString("status")),
        SqliteColumns.string(row, "decided_by"),
        SqliteColumns.optionalLong(row, "decided_at"),
        row.getLong("created_ts"));
  }
}
