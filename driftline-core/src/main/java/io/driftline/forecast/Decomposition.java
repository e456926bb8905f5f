package io.driftline.forecast;

/**
 * Classical seasonal decomposition (a centred 2 x m moving average for the trend, the average
 * detrended value per phase for the season; R's {@code decompose}, Hyndman and Athanasopoulos,
 * "Forecasting: Principles and Practice", 3rd ed., section 3.4).
 */
final class Decomposition {
  private Decomposition() {}

  /**
   * Seasonal indices by phase ({@code t % m}): ratios to the trend with mean 1 when {@code
   * multiplicative}, differences with mean 0 otherwise.
   */
  static double[] seasonalIndices(double[] y, int m, boolean multiplicative) {
    double[] trend = Stats.centredMovingAverage(y, m);
    double[] sum = new double[m];
    int[] count = new int[m];
    double mean = Stats.mean(y);
    for (int t = 0; t < y.length; t++) {
      double tr = Double.isNaN(trend[t]) ? (y.length <= m ? mean : Double.NaN) : trend[t];
      if (Double.isNaN(tr)) continue;
      double d = multiplicative ? y[t] / tr : y[t] - tr;
      if (!Double.isFinite(d)) continue;
      sum[t % m] += d;
      count[t % m]++;
    }
    double[] idx = new double[m];
    double total = 0;
    for (int k = 0; k < m; k++) {
      idx[k] = count[k] == 0 ? (multiplicative ? 1 : 0) : sum[k] / count[k];
      total += idx[k];
    }
    double centre = total / m;
    for (int k = 0; k < m; k++) {
      if (multiplicative) idx[k] = centre == 0 ? 1 : idx[k] / centre;
      else idx[k] -= centre;
    }
    return idx;
  }
}
