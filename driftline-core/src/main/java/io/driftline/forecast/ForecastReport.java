package io.driftline.forecast;

/**
 * A forecast with its own backtest: the same model forecast the last {@code horizon} values of the
 * history from the values before them, and {@code backtestSmape}/{@code backtestMase} say how far
 * off it was (NaN when the history is too short to hold out a horizon). Tells an API client how
 * much to trust the answer on this particular series.
 */
public record ForecastReport(
    Forecast forecast, double backtestSmape, double backtestMase, int historyPoints) {

  /** Forecasts {@code horizon} steps of {@code history} with {@code model} and backtests it. */
  public static ForecastReport of(Forecaster model, double[] history, int period, int horizon) {
    double[] y = History.clean(history);
    Forecast f = model.forecast(y, period, horizon);
    double smape = Double.NaN, mase = Double.NaN;
    int cut = y.length - horizon;
    if (cut >= Math.max(2 * period, 8)) {
      double[] train = java.util.Arrays.copyOf(y, cut);
      double[] test = java.util.Arrays.copyOfRange(y, cut, y.length);
      double[] held = model.forecast(train, period, horizon).mean();
      smape = Accuracy.smape(test, held);
      mase = Accuracy.mase(train, test, held, period);
    }
    return new ForecastReport(f, smape, mase, y.length);
  }
}
