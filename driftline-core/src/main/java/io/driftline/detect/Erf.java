package io.driftline.detect;

/** The error function, for turning standard scores into probabilities. */
final class Erf {
  private Erf() {}

  /**
   * Abramowitz and Stegun, Handbook of Mathematical Functions, 7.1.26: maximum absolute error
   * 1.5e-7, which is far below what an anomaly score needs.
   */
  static double erf(double x) {
    double sign = Math.signum(x);
    double ax = Math.abs(x);
    double t = 1.0 / (1.0 + 0.3275911 * ax);
    double poly =
        t
            * (0.254829592
                + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
    return sign * (1.0 - poly * Math.exp(-ax * ax));
  }
}
