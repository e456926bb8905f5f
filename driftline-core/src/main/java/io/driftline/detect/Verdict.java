package io.driftline.detect;

import io.driftline.health.HealthState;
import java.util.List;
import java.util.Optional;

/**
 * What a detector concluded about one sample.
 *
 * @param state the series' health after this sample
 * @param score anomaly score in [0, 1]; 0 = typical, close to 1 = very unlikely under the baseline
 * @param z the sample's standard score against the baseline (0 while warming up)
 * @param change set when this sample changed the state: the rule and the evidence
 */
public record Verdict(HealthState state, double score, double z, Optional<Change> change) {

  /** A state change: which rule fired and the standard scores it looked at, oldest first. */
  public record Change(HealthState from, String rule, List<Double> zScores) {}
}
