package io.driftline.health;

import io.driftline.detect.AnomalySeverity;
import io.driftline.telemetry.SeriesKey;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One change of a series' health state: the audit record. {@code seq} is the sequence number of the
 * sample that caused it, which makes the record idempotent when samples are replayed after a crash.
 *
 * @param rule the rule that fired, e.g. {@code severe}, {@code moderate}, {@code recovery}, {@code
 *     baseline_ready}
 * @param zScores the standard scores of the samples the rule looked at, oldest first
 * @param severity how anomalous the sample that caused the change was, by the detector's own
 *     evidence ({@link AnomalySeverity}); empty in records written before severities were kept
 */
public record Transition(
    SeriesKey series,
    long seq,
    long epochMillis,
    HealthState from,
    HealthState to,
    String rule,
    List<Double> zScores,
    Optional<AnomalySeverity> severity) {

  public Transition {
    zScores = List.copyOf(zScores);
    Objects.requireNonNull(severity, "severity");
  }

  /** A record without a severity, as older audit trails hold. */
  public Transition(
      SeriesKey series,
      long seq,
      long epochMillis,
      HealthState from,
      HealthState to,
      String rule,
      List<Double> zScores) {
    this(series, seq, epochMillis, from, to, rule, zScores, Optional.empty());
  }
}
