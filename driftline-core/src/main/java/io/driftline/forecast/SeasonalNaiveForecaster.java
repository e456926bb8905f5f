package io.driftline.forecast;

/**
 * Each step repeats the value one season earlier (naive when the history is shorter than a season).
 * Intervals: residual sd times sqrt(k + 1), k the number of whole seasons in the horizon (Hyndman
 * and Athanasopoulos, FPP3, section 5.5, table 5.2). The last fallback: it fits anything with at
 * least one value.
 */
public final class SeasonalNaiveForecaster implements Forecaster {
  public static final String NAME = "snaive";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Fitted fit(double[] y, int period) {
    if (y.length == 0) throw new ForecastException("the history is empty");
    int m = y.length >= period ? period : 1;
    double ss = 0;
    int count = 0;
    for (int t = m; t < y.length; t++) {
      double d = y[t] - y[t - m];
      ss += d * d;
      count++;
    }
    double sigma = count == 0 ? 0 : Math.sqrt(ss / count);
    String model = m == 1 ? "naive" : NAME + "[" + m + "]";
    return new Fitted() {
      @Override
      public String model() {
        return model;
      }

      @Override
      public Forecast forecast(int h) {
        double[] mean = new double[h], sd = new double[h];
        int n = y.length;
        for (int i = 0; i < h; i++) {
          mean[i] = y[n - m + i % m];
          sd[i] = sigma * Math.sqrt(i / m + 1);
        }
        return Forecast.normal(model, mean, sd);
      }
    };
  }
}
