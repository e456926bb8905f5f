package io.driftline.forecast;

import java.util.Arrays;

/** Makes a recorded history fit for the models: no NaN or infinite values. */
public final class History {
  private History() {}

  /**
   * Drops non-finite values at the start and the end and fills interior gaps by linear
   * interpolation between the neighbouring finite values (a scrape that failed is a gap, not a
   * zero).
   *
   * @throws ForecastException when no value is finite
   */
  public static double[] clean(double[] y) {
    int first = 0, last = y.length - 1;
    while (first <= last && !Double.isFinite(y[first])) first++;
    while (last >= first && !Double.isFinite(y[last])) last--;
    if (first > last) throw new ForecastException("the history has no finite value");
    double[] x = Arrays.copyOfRange(y, first, last + 1);
    int prev = 0;
    for (int i = 1; i < x.length; i++) {
      if (!Double.isFinite(x[i])) continue;
      for (int j = prev + 1; j < i; j++)
        x[j] = x[prev] + (x[i] - x[prev]) * (j - prev) / (i - prev);
      prev = i;
    }
    return x;
  }

  /** Whether every value is strictly positive (multiplicative models need it). */
  static boolean positive(double[] y) {
    for (double v : y) if (!(v > 0)) return false;
    return true;
  }

  /** Whether the history is constant (to within rounding). */
  static boolean constant(double[] y) {
    double min = y[0], max = y[0];
    for (double v : y) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    return max - min <= 1e-10 * Math.max(1, Math.abs(max));
  }
}
