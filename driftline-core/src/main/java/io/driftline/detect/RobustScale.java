package io.driftline.detect;

import io.driftline.baseline.RollingWindow;

/**
 * Robust location and spread of a window: the median, and the interquartile range scaled to a
 * normal standard deviation (IQR / 1.349). Unlike mean and standard deviation, both ignore up to a
 * quarter of the window being outliers (Huber and Ronchetti, Robust Statistics, 2009, ch. 5).
 *
 * <p>Count data and idle metrics often have a zero IQR; the spread then falls back to the 5-95%
 * range (/ 3.29), then to a millionth of the median's magnitude, so a flat series turns any real
 * change into an extreme score instead of dividing by zero.
 */
final class RobustScale {
  private RobustScale() {}

  /** Samples a robust window needs before its median and spread are trusted. */
  static final int MIN_SAMPLES = 30;

  /**
   * The API's view of a detector whose baseline is a robust window: its median and spread once the
   * window holds {@link #MIN_SAMPLES}, the alarm's state, the latest z and its severity.
   */
  static BaselineSnapshot snapshot(
      ScoreAlarm alarm, long samples, RollingWindow values, double lastZ) {
    boolean ready = values.size() >= MIN_SAMPLES;
    return new BaselineSnapshot(
        alarm.state(),
        samples,
        values.size(),
        ready ? values.median() : 0,
        ready ? spread(values) : 0,
        alarm.state() == io.driftline.health.HealthState.DRIFT_DETECTED ? 1 : 0,
        lastZ,
        AnomalySeverity.ofZ(lastZ));
  }

  static double spread(RollingWindow w) {
    double iqr = (w.quantile(0.75) - w.quantile(0.25)) / 1.349;
    if (iqr > 0) return iqr;
    double wide = (w.quantile(0.95) - w.quantile(0.05)) / 3.29;
    if (wide > 0) return wide;
    return Math.max(1e-9, Math.abs(w.median()) * 1e-6);
  }

  /** Standard score of {@code x} against the window. */
  static double z(RollingWindow w, double x) {
    return (x - w.median()) / spread(w);
  }

  /** Two-sided normal tail as a score: 0 at z = 0, 0.9973 at |z| = 3. */
  static double normalScore(double z) {
    return Erf.erf(Math.abs(z) / Math.sqrt(2));
  }
}
