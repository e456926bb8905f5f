package io.driftline.health;

/** Health of a series or a service, as DriftWatch names it. */
public enum HealthState {
  /** Still learning the baseline. */
  INSUFFICIENT_DATA,
  /** Behaving like its baseline. */
  STABLE,
  /** A drift rule fired and recovery has not been seen yet. */
  DRIFT_DETECTED;

  /** The worse of two states for a service made of several series. */
  public static HealthState worst(HealthState a, HealthState b) {
    return a.severity() >= b.severity() ? a : b;
  }

  private int severity() {
    return switch (this) {
      case INSUFFICIENT_DATA -> 0;
      case STABLE -> 1;
      case DRIFT_DETECTED -> 2;
    };
  }
}
