package io.driftline.forecast;

import java.util.Arrays;

/**
 * Seasonal adjustment by {@link MultiSeasonalDecomposition} (the period and, for hourly data with
 * at least two weeks and a day of history, the week of 168 hours too), a non-seasonal model on the
 * adjusted series, and the seasonal components added back: the MSTL forecasting recipe of Bandara
 * et al. 2021 and FPP3 section 12.1. Optionally on the log scale for positive series
 * (multiplicative seasons), which measured worse on the M4 hourly data than additive.
 */
public final class MultiSeasonalForecaster implements Forecaster {
  public static final String NAME = "mstl";

  private final Forecaster inner;
  private final boolean log;
  private final int dailyCycles, weeklyCycles;

  /**
   * The daily pattern from the last 7 days, the weekly one from the last 4 weeks, additive, and a
   * non-seasonal auto-ARIMA on the adjusted series: the best of the variants measured on the M4
   * hourly development split (log scale and ETS inside did worse; docs/benchmarks.md).
   */
  public MultiSeasonalForecaster() {
    // a perfectly periodic series leaves a constant remainder, which ARIMA refuses: naive then
    this(new FallbackForecaster(new AutoArimaForecaster()), false, 7, 4);
  }

  MultiSeasonalForecaster(Forecaster inner, boolean log, int dailyCycles, int weeklyCycles) {
    this.inner = inner;
    this.log = log;
    this.dailyCycles = dailyCycles;
    this.weeklyCycles = weeklyCycles;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Fitted fit(double[] y, int period) {
    int n = y.length;
    if (period < 2) throw new ForecastException("a multi-seasonal model needs a period > 1");
    if (n < 2 * period)
      throw new ForecastException("needs two seasons (" + 2 * period + " values) but got " + n);
    boolean weekly = weeklyCycles > 0 && period == 24 && n >= 2 * 168 + 24;
    int[] periods = weekly ? new int[] {period, 168} : new int[] {period};
    int[] cycles = weekly ? new int[] {dailyCycles, weeklyCycles} : new int[] {dailyCycles};
    boolean useLog = log && History.positive(y);
    double[] z = useLog ? Arrays.stream(y).map(Math::log).toArray() : y.clone();
    double[][] idx = MultiSeasonalDecomposition.indices(z, periods, cycles, 2);
    double[] adj = new double[n];
    for (int t = 0; t < n; t++) {
      double v = z[t];
      for (int j = 0; j < periods.length; j++) v -= idx[j][t % periods[j]];
      adj[t] = v;
    }
    Fitted fitted = inner.fit(adj, 1);
    String model =
        NAME
            + (useLog ? "(log," : "(")
            + Arrays.toString(periods).replace(" ", "")
            + ","
            + fitted.model()
            + ")";
    return new Fitted() {
      @Override
      public String model() {
        return model;
      }

      @Override
      public Forecast forecast(int h) {
        Forecast f = fitted.forecast(h);
        double[][] b = {
          f.mean().clone(),
          f.lower80().clone(),
          f.upper80().clone(),
          f.lower95().clone(),
          f.upper95().clone()
        };
        for (int i = 0; i < h; i++) {
          double s = 0;
          for (int j = 0; j < periods.length; j++) s += idx[j][(n + i) % periods[j]];
          for (double[] a : b) a[i] = useLog ? Math.exp(a[i] + s) : a[i] + s;
        }
        return new Forecast(model, b[0], b[1], b[2], b[3], b[4], f.fallbackReason());
      }
    };
  }
}
