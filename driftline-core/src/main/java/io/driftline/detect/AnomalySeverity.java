package io.driftline.detect;

import java.util.Locale;

/**
 * How far a sample is from its baseline, in the four levels of seeds/001: {@code info} (minor
 * deviation, no action), {@code warning} (monitor closely), {@code critical} (investigate now),
 * {@code emergency} (severe anomaly). Every detector reports the severity of its latest sample in
 * {@link BaselineSnapshot#severity()}.
 *
 * <p>Two documented mappings, because the detectors' scores are not on one scale:
 *
 * <ul>
 *   <li>{@link #ofZ} for detectors whose evidence is a standard score ({@code zscore-rules}, {@code
 *       robust-z}, {@code cusum}): |z| below 3 is info, from 3 warning (the DriftWatch rule's
 *       {@code severe_z}), from 4 critical ({@code drift.major_z}; the alarm of {@code robust-z}),
 *       from 6 emergency ({@code drift.critical_z}). Under a normal baseline these are tail
 *       probabilities of 2.7e-3, 6.3e-5 and 2.0e-9.
 *   <li>{@link #ofScore} for a calibrated score {@code 1 - 10^(-s/10)} of a surprise {@code s =
 *       -log10 p} ({@code ensemble}): below 0.5 (s = 3.01, a one-in-a-thousand recent behaviour)
 *       info, from 0.5 warning, from 0.68 (s = 5, the ensemble's alarm level) critical, from 0.9 (s
 *       = 10, where the new-extreme rule puts a level the series has never been near) emergency.
 * </ul>
 */
public enum AnomalySeverity {
  INFO,
  WARNING,
  CRITICAL,
  EMERGENCY;

  static final double WARNING_Z = 3;
  static final double CRITICAL_Z = 4;
  static final double EMERGENCY_Z = 6;
  static final double WARNING_SCORE = 0.5;
  static final double CRITICAL_SCORE = 0.68;
  static final double EMERGENCY_SCORE = 0.9;

  /** The severity of a standard score; NaN (no evidence) is info. */
  public static AnomalySeverity ofZ(double z) {
    double a = Math.abs(z);
    if (a >= EMERGENCY_Z) return EMERGENCY;
    if (a >= CRITICAL_Z) return CRITICAL;
    if (a >= WARNING_Z) return WARNING;
    return INFO;
  }

  /** The severity of a calibrated anomaly score in [0, 1]; NaN (no evidence) is info. */
  public static AnomalySeverity ofScore(double score) {
    if (score >= EMERGENCY_SCORE) return EMERGENCY;
    if (score >= CRITICAL_SCORE) return CRITICAL;
    if (score >= WARNING_SCORE) return WARNING;
    return INFO;
  }

  /** The name used in the API and in seeds/001: {@code info}, {@code warning}, ... */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
