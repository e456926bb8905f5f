package io.driftline.capacity;

import io.driftline.drift.Severity;
import java.time.Duration;

/**
 * Severity of a capacity risk by the time left until exhaustion (issue 7's defaults): {@code
 * emergency} under a day, {@code critical} under 7 days, {@code warning} under 30 days, {@code
 * info} beyond.
 */
public record CapacityRiskPolicy(Duration emergency, Duration critical, Duration warning) {
  public static final CapacityRiskPolicy DEFAULT =
      new CapacityRiskPolicy(Duration.ofDays(1), Duration.ofDays(7), Duration.ofDays(30));

  public CapacityRiskPolicy {
    if (emergency.isNegative()
        || critical.compareTo(emergency) < 0
        || warning.compareTo(critical) < 0) {
      throw new IllegalArgumentException(
          "capacity risk thresholds must grow: emergency "
              + emergency
              + " <= critical "
              + critical
              + " <= warning "
              + warning);
    }
  }

  public Severity severity(Duration untilExhaustion) {
    if (untilExhaustion.compareTo(emergency) < 0) return Severity.EMERGENCY;
    if (untilExhaustion.compareTo(critical) < 0) return Severity.CRITICAL;
    if (untilExhaustion.compareTo(warning) < 0) return Severity.WARNING;
    return Severity.INFO;
  }
}
