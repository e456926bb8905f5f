package io.driftline.forecast;

import java.util.Arrays;
import java.util.Optional;

/** Prediction intervals from simulated sample paths. */
final class Intervals {
  private Intervals() {}

  /** Quantiles 0.025, 0.1, 0.9, 0.975 of {@code paths[step]} around the given point forecasts. */
  static Forecast fromPaths(String model, double[] mean, double[][] paths) {
    int h = mean.length;
    double[] l80 = new double[h], u80 = new double[h], l95 = new double[h], u95 = new double[h];
    for (int i = 0; i < h; i++) {
      double[] s = paths[i];
      Arrays.sort(s);
      l95[i] = Math.min(mean[i], Stats.quantileSorted(s, 0.025));
      l80[i] = Math.min(mean[i], Stats.quantileSorted(s, 0.10));
      u80[i] = Math.max(mean[i], Stats.quantileSorted(s, 0.90));
      u95[i] = Math.max(mean[i], Stats.quantileSorted(s, 0.975));
    }
    return new Forecast(model, mean, l80, u80, l95, u95, Optional.empty());
  }
}
