package io.driftline.storage;

import io.driftline.drift.Recommendation;
import java.util.List;
import java.util.Optional;

/** Remediation recommendations ({@code drift_recommendations}). */
public interface RecommendationStore {

  /** Stores a recommendation; the same {@code rec_id} again replaces it. */
  void write(Recommendation recommendation);

  Optional<Recommendation> get(String recId);

  /** Recommendations of one drift event, oldest first. */
  List<Recommendation> forDrift(String driftId);

  /** Recommendations of one cluster, newest first. */
  List<Recommendation> forCluster(String clusterId, int limit, int offset);
}
