package io.driftline.forecast;

import java.util.Arrays;

/** Small statistics the models share. */
final class Stats {
  /** Standard normal quantiles for two-sided 80% and 95% intervals. */
  static final double Z80 = 1.2815515655446004;

  static final double Z95 = 1.959963984540054;

  private Stats() {}

  static double mean(double[] x) {
    double s = 0;
    for (double v : x) s += v;
    return s / x.length;
  }

  static double variance(double[] x) {
    double m = mean(x), s = 0;
    for (double v : x) s += (v - m) * (v - m);
    return s / x.length;
  }

  /** Sample autocorrelations r_1..r_maxLag (demeaned, denominator n, as R's {@code acf}). */
  static double[] acf(double[] x, int maxLag) {
    int n = x.length;
    double m = mean(x), c0 = 0;
    for (double v : x) c0 += (v - m) * (v - m);
    double[] r = new double[maxLag + 1];
    r[0] = 1;
    for (int k = 1; k <= maxLag && k < n; k++) {
      double c = 0;
      for (int t = k; t < n; t++) c += (x[t] - m) * (x[t - k] - m);
      r[k] = c0 == 0 ? 0 : c / c0;
    }
    return r;
  }

  /**
   * The M4 competition's seasonality test (used for its Naive2 and Theta benchmarks): the
   * autocorrelation at lag m is significant at 90% with Bartlett's bands, |r_m| > 1.645 sqrt((1 + 2
   * sum_{k<m} r_k^2) / n).
   */
  static boolean seasonal(double[] x, int m) {
    if (m <= 1 || x.length < 3 * m) return false;
    double[] r = acf(x, m);
    double s = 1;
    for (int k = 1; k < m; k++) s += 2 * r[k] * r[k];
    return Math.abs(r[m]) > 1.645 * Math.sqrt(s / x.length);
  }

  /** Intercept and slope of the least-squares line through (t, x[t]), t = 0..n-1. */
  static double[] line(double[] x, int from, int to) {
    int n = to - from;
    double tm = (n - 1) / 2.0, xm = 0;
    for (int t = from; t < to; t++) xm += x[t];
    xm /= n;
    double sxy = 0, sxx = 0;
    for (int t = 0; t < n; t++) {
      sxy += (t - tm) * (x[from + t] - xm);
      sxx += (t - tm) * (t - tm);
    }
    double slope = sxx == 0 ? 0 : sxy / sxx;
    return new double[] {xm - slope * tm, slope};
  }

  /** Centred moving average of order m (2 x m when m is even), NaN where it is undefined. */
  static double[] centredMovingAverage(double[] x, int m) {
    int n = x.length;
    double[] out = new double[n];
    Arrays.fill(out, Double.NaN);
    if (n < m + 1) return out;
    int half = m / 2;
    if (m % 2 == 1) {
      double s = 0;
      for (int i = 0; i < m; i++) s += x[i];
      for (int t = half; t + half < n; t++) {
        out[t] = s / m;
        if (t + half + 1 < n) s += x[t + half + 1] - x[t - half];
      }
    } else {
      // 2 x m: weights 1/(2m) at both ends, 1/m inside
      double s = 0;
      for (int i = 0; i < m; i++) s += x[i];
      for (int t = half; t + half < n; t++) {
        double window = s; // x[t-half .. t+half-1]
        out[t] = (2 * window - x[t - half] + x[t + half]) / (2.0 * m);
        s += x[t + half] - x[t - half];
      }
    }
    return out;
  }

  /** The q-quantile of sorted values, linear between order statistics (R type 7). */
  static double quantileSorted(double[] sorted, double q) {
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }

  static double median(double[] x) {
    double[] s = x.clone();
    Arrays.sort(s);
    return quantileSorted(s, 0.5);
  }
}
