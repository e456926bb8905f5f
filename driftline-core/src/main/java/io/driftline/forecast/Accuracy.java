package io.driftline.forecast;

/**
 * Forecast accuracy as the M4 competition defines it (Makridakis, Spiliotis and Assimakopoulos,
 * "The M4 Competition: 100,000 time series and 61 forecasting methods", IJF 36, 2020): sMAPE, MASE
 * scaled by the in-sample seasonal naive error, and OWA relative to Naive2 (naive on the seasonally
 * adjusted series, re-seasonalised).
 */
public final class Accuracy {
  private Accuracy() {}

  /** Symmetric MAPE in percent: mean of 200 |y - f| / (|y| + |f|). */
  public static double smape(double[] actual, double[] forecast) {
    double s = 0;
    int n = 0;
    for (int i = 0; i < actual.length; i++) {
      double d = Math.abs(actual[i]) + Math.abs(forecast[i]);
      if (!Double.isFinite(actual[i])) continue;
      s += d == 0 ? 0 : 200 * Math.abs(actual[i] - forecast[i]) / d;
      n++;
    }
    return n == 0 ? Double.NaN : s / n;
  }

  /**
   * Mean absolute error scaled by the history's mean absolute seasonal difference at lag m (lag 1
   * when the history is shorter than two seasons); NaN when that scale is zero.
   */
  public static double mase(double[] history, double[] actual, double[] forecast, int m) {
    int lag = history.length > m ? m : 1;
    double scale = 0;
    for (int t = lag; t < history.length; t++) scale += Math.abs(history[t] - history[t - lag]);
    scale /= Math.max(1, history.length - lag);
    double s = 0;
    int n = 0;
    for (int i = 0; i < actual.length; i++) {
      if (!Double.isFinite(actual[i])) continue;
      s += Math.abs(actual[i] - forecast[i]);
      n++;
    }
    return scale == 0 || n == 0 ? Double.NaN : s / n / scale;
  }

  /** Overall weighted average of sMAPE and MASE relative to a reference's. */
  public static double owa(double smape, double mase, double refSmape, double refMase) {
    return 0.5 * (smape / refSmape + mase / refMase);
  }

  /**
   * The M4 Naive2 benchmark: the last value of the seasonally adjusted history (classical
   * multiplicative decomposition, applied when the lag-m autocorrelation is significant at 90%),
   * re-seasonalised.
   */
  public static double[] naive2(double[] history, int m, int h) {
    int n = history.length;
    boolean seasonal = m > 1 && Stats.seasonal(history, m) && History.positive(history);
    double[] idx = seasonal ? Decomposition.seasonalIndices(history, m, true) : null;
    double last = seasonal ? history[n - 1] / idx[(n - 1) % m] : history[n - 1];
    double[] f = new double[h];
    for (int i = 0; i < h; i++) f[i] = seasonal ? last * idx[(n + i) % m] : last;
    return f;
  }
}
