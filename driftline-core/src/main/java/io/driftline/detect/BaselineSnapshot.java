package io.driftline.detect;

import io.driftline.health.HealthState;

/**
 * Immutable state of one series for API readers.
 *
 * @param sampleCount samples seen by the detector
 * @param baselineCount samples that taught the baseline (drifted samples do not)
 * @param recentAnomalies anomalous samples in the detector's recent window
 * @param lastZ standard score of the latest sample
 * @param severity how anomalous the latest sample is ({@link AnomalySeverity}; info while warming
 *     up)
 * @param score the detector's anomaly score of the latest sample when the API shows it (the
 *     multivariate {@code golden_signals} series), NaN otherwise
 */
public record BaselineSnapshot(
    HealthState state,
    long sampleCount,
    long baselineCount,
    double mean,
    double stddev,
    int recentAnomalies,
    double lastZ,
    AnomalySeverity severity,
    double score) {

  /** A snapshot without a score of its own. */
  public BaselineSnapshot(
      HealthState state,
      long sampleCount,
      long baselineCount,
      double mean,
      double stddev,
      int recentAnomalies,
      double lastZ,
      AnomalySeverity severity) {
    this(
        state,
        sampleCount,
        baselineCount,
        mean,
        stddev,
        recentAnomalies,
        lastZ,
        severity,
        Double.NaN);
  }
}
