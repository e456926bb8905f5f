package io.driftline.forecast;

/**
 * A forecasting model: fitted on a history of equally spaced values with a seasonal period, it
 * forecasts h steps ahead with 80% and 95% prediction intervals.
 *
 * <p>Implementations are stateless and thread-safe: {@link #fit} returns the fitted state. A model
 * that cannot fit the history (too short, non-finite values, optimiser failure) throws {@link
 * ForecastException}; {@link FallbackForecaster} turns that into a simpler model's answer.
 *
 * <pre>{@code
 * Forecast f = Forecasters.byName("auto").orElseThrow().forecast(hourly, 24, 48);
 * }</pre>
 */
public interface Forecaster {
  /** The name users select the model by, e.g. {@code "ets"}. */
  String name();

  /**
   * Fits the model.
   *
   * @param history the values, oldest first; finite (see {@link History#clean})
   * @param period the seasonal period in steps (1 = no seasonality)
   * @throws ForecastException when the model cannot fit this history
   */
  Fitted fit(double[] history, int period);

  /** Fits on {@code history} and forecasts {@code horizon} steps. */
  default Forecast forecast(double[] history, int period, int horizon) {
    if (horizon < 1) throw new IllegalArgumentException("horizon must be >= 1 but was " + horizon);
    if (period < 1) throw new IllegalArgumentException("period must be >= 1 but was " + period);
    return fit(History.clean(history), period).forecast(horizon);
  }

  /** A fitted model. */
  interface Fitted {
    /** The model, with its chosen form, e.g. {@code "ARIMA(2,0,1)(0,1,1)[24]"}. */
    String model();

    /** Forecasts {@code h} steps after the end of the history. */
    Forecast forecast(int h);
  }
}
