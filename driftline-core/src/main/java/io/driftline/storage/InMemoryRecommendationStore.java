package io.driftline.storage;

import io.driftline.drift.Recommendation;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link RecommendationStore} of {@link InMemoryStorage}; guarded by the storage's monitor. */
final class InMemoryRecommendationStore implements RecommendationStore {
  private static final Comparator<Recommendation> OLDEST_FIRST =
      Comparator.comparingLong(Recommendation::createdMillis).thenComparing(Recommendation::recId);

  private final InMemoryStorage owner;
  private final Map<String, Recommendation> recommendations = new HashMap<>();

  InMemoryRecommendationStore(InMemoryStorage owner) {
    this.owner = owner;
  }

  @Override
  public void write(Recommendation recommendation) {
    synchronized (owner) {
      owner.ensureOpen();
      recommendations.put(recommendation.recId(), recommendation);
    }
  }

  @Override
  public Optional<Recommendation> get(String recId) {
    synchronized (owner) {
      owner.ensureOpen();
      return Optional.ofNullable(recommendations.get(recId));
    }
  }

  @Override
  public List<Recommendation> forDrift(String driftId) {
    synchronized (owner) {
      owner.ensureOpen();
      return recommendations.values().stream()
          .filter(r -> r.driftId().equals(driftId))
          .sorted(OLDEST_FIRST)
          .toList();
    }
  }

  @Override
  public List<Recommendation> forCluster(String clusterId, int limit, int offset) {
    synchronized (owner) {
      owner.ensureOpen();
      return recommendations.values().stream()
          .filter(r -> r.clusterId().equals(clusterId))
          .sorted(OLDEST_FIRST.reversed())
          .skip(offset)
          .limit(limit)
          .toList();
    }
  }

  int size() {
    return recommendations.size();
  }
}
