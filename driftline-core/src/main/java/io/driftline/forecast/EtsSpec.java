package io.driftline.forecast;

/**
 * One ETS form: error, trend and season components (Hyndman, Koehler, Ord and Snyder, "Forecasting
 * with Exponential Smoothing: The State Space Approach", Springer 2008, table 2.1).
 *
 * @param multiplicativeError error M (relative) rather than A
 * @param trend trend N, A or Ad
 * @param season season N, A or M
 */
public record EtsSpec(boolean multiplicativeError, Trend trend, Season season) {
  /** Trend component. */
  public enum Trend {
    N("N"),
    A("A"),
    DAMPED("Ad");

    final String label;

    Trend(String label) {
      this.label = label;
    }
  }

  /** Season component. */
  public enum Season {
    N,
    A,
    M
  }

  /** Whether the model has infinite-variance problems (additive error, multiplicative season). */
  boolean restricted() {
    return !multiplicativeError && season == Season.M;
  }

  /** Whether the model needs strictly positive data. */
  boolean needsPositive() {
    return multiplicativeError || season == Season.M;
  }

  /** Free parameters besides the initial states: alpha, beta, gamma, phi as present. */
  int smoothingParameters() {
    return 1
        + (trend != Trend.N ? 1 : 0)
        + (season != Season.N ? 1 : 0)
        + (trend == Trend.DAMPED ? 1 : 0);
  }

  @Override
  public String toString() {
    return "ETS(" + (multiplicativeError ? "M" : "A") + "," + trend.label + "," + season + ")";
  }
}
