package io.driftline.health;

import io.driftline.telemetry.SeriesKey;
import java.util.List;

/**
 * One change of a series' health state: the audit record. {@code seq} is the sequence number of the
 * sample that caused it, which makes the record idempotent when samples are replayed after a crash.
 *
 * @param rule the rule that fired, e.g. {@code severe}, {@code moderate}, {@code recovery}, {@code
 *     baseline_ready}
 * @param zScores the standard scores of the samples the rule looked at, oldest first
 */
public record Transition(
    SeriesKey series,
    long seq,
    long epochMillis,
    HealthState from,
    HealthState to,
    String rule,
    List<Double> zScores) {

  public Transition {
    zScores = List.copyOf(zScores);
  }
}
