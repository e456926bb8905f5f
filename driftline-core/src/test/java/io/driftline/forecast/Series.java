package io.driftline.forecast;

import java.util.Random;

/** Synthetic series with known answers. */
final class Series {
  private Series() {}

  static double[] constant(int n, double c) {
    double[] y = new double[n];
    java.util.Arrays.fill(y, c);
    return y;
  }

  static double[] line(int n, double a, double b) {
    double[] y = new double[n];
    for (int t = 0; t < n; t++) y[t] = a + b * t;
    return y;
  }

  /** level + slope t + amplitude sin(2 pi t / m) + N(0, sd) noise with a fixed seed. */
  static double[] seasonal(
      int n, int m, double level, double slope, double amplitude, double sd, long seed) {
    Random r = new Random(seed);
    double[] y = new double[n];
    for (int t = 0; t < n; t++)
      y[t] = level + slope * t + amplitude * Math.sin(2 * Math.PI * t / m) + sd * r.nextGaussian();
    return y;
  }

  static double[] head(double[] y, int n) {
    return java.util.Arrays.copyOf(y, n);
  }

  static double[] tail(double[] y, int from) {
    return java.util.Arrays.copyOfRange(y, from, y.length);
  }

  static double maxAbsError(double[] actual, double[] forecast) {
    double m = 0;
    for (int i = 0; i < actual.length; i++) m = Math.max(m, Math.abs(actual[i] - forecast[i]));
    return m;
  }
}
