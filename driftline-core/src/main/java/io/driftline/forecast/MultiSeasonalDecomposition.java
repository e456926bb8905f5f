package io.driftline.forecast;

/**
 * Additive decomposition into several seasonal components and a remainder, in the spirit of MSTL
 * (Bandara, Hyndman and Bergmeir, "MSTL: A Seasonal-Trend Decomposition Algorithm for Time Series
 * with Multiple Seasonal Patterns", 2021): components are estimated in turn, shortest period first,
 * each from the series minus the others, and the round is repeated. Each component here is a
 * classical one (centred moving average trend, per-phase average of the detrended values) over the
 * most recent {@code cycles} cycles, so a pattern that changes follows its recent shape.
 */
final class MultiSeasonalDecomposition {
  private MultiSeasonalDecomposition() {}

  /**
   * Seasonal index arrays, one per period (index by {@code t % period}, t counted from the start of
   * {@code y}), each with mean 0.
   */
  static double[][] indices(double[] y, int[] periods, int[] cycles, int rounds) {
    int n = y.length;
    double[][] idx = new double[periods.length][];
    for (int i = 0; i < periods.length; i++) idx[i] = new double[periods[i]];
    double[] x = new double[n];
    for (int r = 0; r < rounds; r++) {
      for (int i = 0; i < periods.length; i++) {
        for (int t = 0; t < n; t++) {
          double v = y[t];
          for (int j = 0; j < periods.length; j++) if (j != i) v -= idx[j][t % periods[j]];
          x[t] = v;
        }
        idx[i] = recentIndices(x, periods[i], cycles[i]);
      }
    }
    return idx;
  }

  /** Additive seasonal indices from the last {@code cycles} cycles that have a trend estimate. */
  static double[] recentIndices(double[] x, int m, int cycles) {
    int n = x.length;
    double[] trend = Stats.centredMovingAverage(x, m);
    double[] sum = new double[m];
    int[] count = new int[m];
    int last = n - 1 - m / 2; // last t with a centred average
    int first = Math.max(m / 2, last - cycles * m + 1);
    for (int t = first; t <= last; t++) {
      if (Double.isNaN(trend[t])) continue;
      sum[t % m] += x[t] - trend[t];
      count[t % m]++;
    }
    double[] idx = new double[m];
    double total = 0;
    for (int k = 0; k < m; k++) {
      idx[k] = count[k] == 0 ? 0 : sum[k] / count[k];
      total += idx[k];
    }
    for (int k = 0; k < m; k++) idx[k] -= total / m;
    return idx;
  }
}
