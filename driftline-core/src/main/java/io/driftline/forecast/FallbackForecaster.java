package io.driftline.forecast;

import java.util.ArrayList;
import java.util.List;

/**
 * Tries models in order and answers with the first that fits; the answer names the model and, when
 * it is not the first, why the earlier ones did not fit. Ends with seasonal naive, which fits any
 * history with a value, so a forecast is always produced.
 */
public final class FallbackForecaster implements Forecaster {
  private final List<Forecaster> chain;

  /** {@code primary}, then each of {@code fallbacks}, then seasonal naive. */
  public FallbackForecaster(Forecaster primary, Forecaster... fallbacks) {
    List<Forecaster> c = new ArrayList<>();
    c.add(primary);
    c.addAll(List.of(fallbacks));
    if (!(c.get(c.size() - 1) instanceof SeasonalNaiveForecaster))
      c.add(new SeasonalNaiveForecaster());
    this.chain = List.copyOf(c);
  }

  @Override
  public String name() {
    return chain.get(0).name();
  }

  @Override
  public Fitted fit(double[] history, int period) {
    List<String> reasons = new ArrayList<>();
    for (Forecaster f : chain) {
      try {
        Fitted fitted = f.fit(history, period);
        if (reasons.isEmpty()) return fitted;
        String why = String.join("; ", reasons);
        return new Fitted() {
          @Override
          public String model() {
            return fitted.model();
          }

          @Override
          public Forecast forecast(int h) {
            return fitted.forecast(h).withFallback(why);
          }
        };
      } catch (ForecastException | ArithmeticException e) {
        reasons.add(f.name() + " failed: " + e.getMessage());
      }
    }
    throw new ForecastException(String.join("; ", reasons));
  }

  @Override
  public Forecast forecast(double[] history, int period, int horizon) {
    Forecast f = Forecaster.super.forecast(history, period, horizon);
    if (!finite(f)) {
      // a model that fits but forecasts non-finite values (overflowing trend) is a failure too
      Forecast s = new SeasonalNaiveForecaster().forecast(history, period, horizon);
      return s.withFallback(f.model() + " forecast non-finite values");
    }
    return f;
  }

  private static boolean finite(Forecast f) {
    for (double[] a : new double[][] {f.mean(), f.lower80(), f.upper80(), f.lower95(), f.upper95()})
      for (double v : a) if (!Double.isFinite(v)) return false;
    return true;
  }
}
