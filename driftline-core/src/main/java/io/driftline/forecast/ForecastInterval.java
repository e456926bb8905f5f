package io.driftline.forecast;

/**
 * The three forecast resolutions capacity planning uses (seeds/001): hourly points up to 7 days
 * ahead, daily up to 30, weekly up to 90. A history of hourly values is aggregated to the interval
 * before fitting, so a 90-day forecast fits 13 weekly points, not 2,160 hourly ones.
 */
public enum ForecastInterval {
  HOURLY(1, 7 * 24, 24),
  DAILY(24, 30 * 24, 7),
  WEEKLY(168, 90 * 24, 52);

  /** Hours per step. */
  public final int hours;

  /** The furthest this interval forecasts, in hours (7 days, 30 days, 90 days). */
  public final int rangeHours;

  /** The seasonal period at this interval (a day of hours, a week of days, a year of weeks). */
  public final int period;

  ForecastInterval(int hours, int rangeHours, int period) {
    this.hours = hours;
    this.rangeHours = rangeHours;
    this.period = period;
  }

  /** The finest interval whose range covers {@code hoursAhead}; up to 90 days. */
  public static ForecastInterval forHorizon(int hoursAhead) {
    if (hoursAhead <= 0)
      throw new IllegalArgumentException("horizon must be > 0 but was " + hoursAhead);
    for (ForecastInterval i : values()) if (hoursAhead <= i.rangeHours) return i;
    throw new IllegalArgumentException(
        "horizon must be <= 90 days but was " + hoursAhead + " hours");
  }

  /** Steps at this interval covering {@code hoursAhead} (rounded up). */
  public int steps(int hoursAhead) {
    return (hoursAhead + hours - 1) / hours;
  }

  /**
   * Means of consecutive blocks of {@link #hours} hourly values, aligned to the end of the history
   * (the oldest, incomplete block is dropped); non-finite values are skipped and a block with none
   * left is NaN (a gap {@link History#clean} fills).
   */
  public double[] aggregate(double[] hourly) {
    int blocks = hourly.length / hours;
    double[] out = new double[blocks];
    int start = hourly.length - blocks * hours;
    for (int b = 0; b < blocks; b++) {
      double s = 0;
      int n = 0;
      for (int i = 0; i < hours; i++) {
        double v = hourly[start + b * hours + i];
        if (Double.isFinite(v)) {
          s += v;
          n++;
        }
      }
      out[b] = n == 0 ? Double.NaN : s / n;
    }
    return out;
  }
}
