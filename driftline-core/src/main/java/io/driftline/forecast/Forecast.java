package io.driftline.forecast;

import java.util.Optional;

/**
 * What a {@link Forecaster} answered: the point forecast for steps 1..h after the history, the 80%
 * and 95% prediction intervals, the model that produced them and, when it is not the model that was
 * asked for, why ({@code fallbackReason}).
 *
 * @param model the model that answered, e.g. {@code "ETS(M,Ad,M)"} or {@code "snaive"}
 * @param mean point forecasts, one per step
 * @param lower80 lower bound of the 80% interval per step
 * @param upper80 upper bound of the 80% interval per step
 * @param lower95 lower bound of the 95% interval per step
 * @param upper95 upper bound of the 95% interval per step
 * @param fallbackReason why the requested model did not answer (empty when it did)
 */
public record Forecast(
    String model,
    double[] mean,
    double[] lower80,
    double[] upper80,
    double[] lower95,
    double[] upper95,
    Optional<String> fallbackReason) {

  public Forecast {
    int h = mean.length;
    if (lower80.length != h || upper80.length != h || lower95.length != h || upper95.length != h)
      throw new IllegalArgumentException("interval bounds must have " + h + " steps like mean");
  }

  /** Steps forecast. */
  public int horizon() {
    return mean.length;
  }

  /** The same forecast, answered by a fallback for {@code reason}. */
  public Forecast withFallback(String reason) {
    return new Forecast(model, mean, lower80, upper80, lower95, upper95, Optional.of(reason));
  }

  /** The same forecast under another model name. */
  public Forecast named(String name) {
    return new Forecast(name, mean, lower80, upper80, lower95, upper95, fallbackReason);
  }

  /**
   * A forecast whose intervals are normal around {@code mean} with standard deviation {@code sd}
   * per step.
   */
  static Forecast normal(String model, double[] mean, double[] sd) {
    int h = mean.length;
    double[] l80 = new double[h], u80 = new double[h], l95 = new double[h], u95 = new double[h];
    for (int i = 0; i < h; i++) {
      l80[i] = mean[i] - Stats.Z80 * sd[i];
      u80[i] = mean[i] + Stats.Z80 * sd[i];
      l95[i] = mean[i] - Stats.Z95 * sd[i];
      u95[i] = mean[i] + Stats.Z95 * sd[i];
    }
    return new Forecast(model, mean, l80, u80, l95, u95, Optional.empty());
  }
}
