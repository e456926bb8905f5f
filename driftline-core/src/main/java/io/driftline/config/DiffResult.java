package io.driftline.config;

import java.util.List;

/**
 * The outcome of comparing one desired object with its live counterpart.
 *
 * @param drift true when there is at least one difference, expected or not
 * @param differences in path order
 * @param riskScore 0 without drift, else see {@link DriftClassifier#riskScore(List)}
 */
public record DiffResult(boolean drift, List<Difference> differences, int riskScore) {
  public DiffResult {
    differences = List.copyOf(differences);
    if (drift != !differences.isEmpty()) {
      throw new IllegalArgumentException("drift must be true exactly when there are differences");
    }
  }

  static DiffResult of(List<Difference> differences) {
    return new DiffResult(
        !differences.isEmpty(), differences, DriftClassifier.riskScore(differences));
  }

  /** Differences that are not expected drift: the ones worth alerting on. */
  public List<Difference> unexpected() {
    return differences.stream().filter(d -> !d.expected()).toList();
  }

  /** The worst severity, {@link Severity#INFO} when there is none. */
  public Severity severity() {
    return differences.stream()
        .map(Difference::severity)
        .max(Enum::compareTo)
        .orElse(Severity.INFO);
  }
}
