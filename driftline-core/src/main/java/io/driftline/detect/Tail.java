package io.driftline.detect;

/**
 * Normal tail probabilities in log space, so that scores keep ranking samples far out in the tail
 * (a probability of 1e-30 is not 0) and never saturate at exactly 1.
 */
final class Tail {
  private static final double LN10 = Math.log(10);

  private Tail() {}

  /**
   * ln erfc(x) for x >= 0, from the Chebyshev fit of Press et al., Numerical Recipes (2nd ed., 6.2,
   * {@code erfcc}): fractional error below 1.2e-7 everywhere, evaluated as a logarithm so it does
   * not underflow for large x.
   */
  static double lnErfc(double x) {
    double z = Math.abs(x);
    double t = 1.0 / (1.0 + 0.5 * z);
    double poly =
        -z * z
            - 1.26551223
            + t
                * (1.00002368
                    + t
                        * (0.37409196
                            + t
                                * (0.09678418
                                    + t
                                        * (-0.18628806
                                            + t
                                                * (0.27886807
                                                    + t
                                                        * (-1.13520398
                                                            + t
                                                                * (1.48851587
                                                                    + t
                                                                        * (-0.82215223
                                                                            + t
                                                                                * 0.17087277))))))));
    return Math.log(t) + poly;
  }

  /** -log10 of the two-sided normal tail P(|Z| >= |z|): 0 at z = 0, 2.57 at |z| = 3. */
  static double surpriseTwoSided(double z) {
    return -lnErfc(Math.abs(z) / Math.sqrt(2)) / LN10;
  }

  /** -log10 of the upper normal tail P(Z >= z); 0 for z <= 0. */
  static double surpriseUpper(double z) {
    if (z <= 0) return 0;
    return -(lnErfc(z / Math.sqrt(2)) - Math.log(2)) / LN10;
  }
}
