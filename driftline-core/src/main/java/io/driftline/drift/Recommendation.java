package io.driftline.drift;

import java.time.LocalDate;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * A remediation for one drift event (row of {@code drift_recommendations}), partitioned like the
 * event it belongs to and identified by {@code rec_id}.
 *
 * @param recommendationJson the recommendation's parameters as JSON text, as the seed sends it
 */
public record Recommendation(
    String clusterId,
    String env,
    LocalDate driftDate,
    String driftId,
    String recId,
    String recommendationType,
    String recommendationJson,
    OptionalDouble estimatedSavingsUsd,
    boolean autoApproved,
    RecommendationStatus status,
    Optional<String> decidedBy,
    OptionalLong decidedAt,
    long createdMillis) {

  public Recommendation {
    require("cluster_id", clusterId);
    require("env", env);
    require("drift_id", driftId);
    require("rec_id", recId);
    require("recommendation_type", recommendationType);
    require("recommendation_json", recommendationJson);
    if (driftDate == null) throw new IllegalArgumentException("drift_date is required");
    if (status == null) throw new IllegalArgumentException("status is required");
  }

  public Recommendation decided(RecommendationStatus status, String by, long at) {
    return new Recommendation(
        clusterId,
        env,
        driftDate,
        driftId,
        recId,
        recommendationType,
        recommendationJson,
        estimatedSavingsUsd,
        autoApproved,
        status,
        Optional.of(by),
        OptionalLong.of(at),
        createdMillis);
  }

  private static void require(String field, String value) {
    if (value == null || value.isEmpty())
      throw new IllegalArgumentException(field + " is required");
  }
}
