package io.driftline.config;

/** How urgently a difference needs a person; derived from a {@link Difference}'s risk score. */
public enum Severity {
  INFO,
  WARNING,
  CRITICAL;

  /** Scores of 70 and above are critical, 30 and above warnings, the rest informational. */
  public static Severity ofScore(int score) {
    if (score >= 70) return CRITICAL;
    if (score >= 30) return WARNING;
    return INFO;
  }
}
