package io.driftline.forecast;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The median, step by step, of several models' forecasts and of their interval bounds. A median of
 * a few diverse models is robust to any one of them going astray (a trend extrapolated too far, a
 * season that shifted), which single selected models are not; combining quantiles this way keeps
 * calibrated intervals (Lichtendahl, Grushka-Cockayne and Winkler, "Is it better to average
 * probabilities or quantiles?", Management Science 59, 2013). Members that fail to fit are left
 * out; with fewer than two left the ensemble fails.
 */
public final class EnsembleForecaster implements Forecaster {
  public static final String NAME = "ensemble";

  private final List<Forecaster> members;

  public EnsembleForecaster(List<Forecaster> members) {
    if (members.isEmpty()) throw new IllegalArgumentException("an ensemble needs members");
    this.members = List.copyOf(members);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Fitted fit(double[] history, int period) {
    List<Fitted> fitted = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    for (Forecaster m : members) {
      try {
        fitted.add(m.fit(history, period));
      } catch (ForecastException e) {
        failures.add(m.name() + ": " + e.getMessage());
      }
    }
    // one member left is not an ensemble: let the fallback chain answer with a named model
    if (fitted.size() < Math.min(2, members.size()))
      throw new ForecastException(
          "fewer than two members fitted (" + String.join("; ", failures) + ")");
    String model =
        NAME + "(median of " + String.join(", ", fitted.stream().map(Fitted::model).toList()) + ")";
    return new Fitted() {
      @Override
      public String model() {
        return model;
      }

      @Override
      public Forecast forecast(int h) {
        List<Forecast> fs = fitted.stream().map(f -> f.forecast(h)).toList();
        Forecast out =
            new Forecast(
                model,
                median(fs, h, Forecast::mean),
                median(fs, h, Forecast::lower80),
                median(fs, h, Forecast::upper80),
                median(fs, h, Forecast::lower95),
                median(fs, h, Forecast::upper95),
                Optional.empty());
        return failures.isEmpty()
            ? out
            : out.withFallback("left out " + String.join("; ", failures));
      }
    };
  }

  private static double[] median(
      List<Forecast> fs, int h, java.util.function.Function<Forecast, double[]> part) {
    double[] out = new double[h];
    double[] col = new double[fs.size()];
    for (int i = 0; i < h; i++) {
      for (int j = 0; j < fs.size(); j++) col[j] = part.apply(fs.get(j))[i];
      out[i] = Stats.median(col);
    }
    return out;
  }
}
