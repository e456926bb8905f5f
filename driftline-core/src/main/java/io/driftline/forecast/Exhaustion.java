package io.driftline.forecast;

import java.util.Optional;

/**
 * When a forecast says a resource runs out: the first step whose upper 95% bound reaches the
 * capacity (the earliest plausible time), the first step whose point forecast reaches it (the
 * expected time, when within the horizon), and the probability that usage is at or above capacity
 * by the end of the horizon.
 *
 * <p>The probability reads each step's forecast distribution as normal, with the spread implied by
 * its 95% interval ({@code sd = (upper95 - mean) / 1.96}), and takes the largest {@code P(Y >=
 * capacity)} over the steps: a forecast that crosses and comes back still counts as at risk.
 *
 * @param firstStep index (0-based) of the first step whose upper 95% bound reaches capacity
 * @param expectedStep index of the first step whose point forecast reaches it, when any does
 * @param probability the largest per-step probability of reaching capacity, in [0, 1]
 */
public record Exhaustion(int firstStep, Optional<Integer> expectedStep, double probability) {

  /**
   * The exhaustion {@code forecast} predicts against {@code capacity}, if its 95% bound reaches it.
   */
  public static Optional<Exhaustion> of(Forecast forecast, double capacity) {
    if (!Double.isFinite(capacity)) {
      throw new IllegalArgumentException("capacity must be finite but was " + capacity);
    }
    int first = -1;
    Integer expected = null;
    double probability = 0;
    for (int i = 0; i < forecast.horizon(); i++) {
      double mean = forecast.mean()[i];
      double upper = forecast.upper95()[i];
      if (first < 0 && upper >= capacity) first = i;
      if (expected == null && mean >= capacity) expected = i;
      double sd = (upper - mean) / Stats.Z95;
      double p;
      if (!(sd > 0)) {
        p = mean >= capacity ? 1 : 0;
      } else {
        p = 1 - normalCdf((capacity - mean) / sd);
      }
      probability = Math.max(probability, p);
    }
    if (first < 0) return Optional.empty();
    return Optional.of(new Exhaustion(first, Optional.ofNullable(expected), probability));
  }

  /**
   * The standard normal distribution function, by the Abramowitz and Stegun 26.2.17 polynomial
   * (absolute error below 7.5e-8), plenty for a confidence shown to two decimals.
   */
  static double normalCdf(double z) {
    if (z < -8) return 0;
    if (z > 8) return 1;
    double t = 1 / (1 + 0.2316419 * Math.abs(z));
    double density = Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI);
    double tail =
        density
            * t
            * (0.319381530
                + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
    return z >= 0 ? 1 - tail : tail;
  }
}
