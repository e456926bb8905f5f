package io.driftline.forecast;

import java.util.function.ToDoubleFunction;

/**
 * Derivative-free minimiser (Nelder and Mead, "A simplex method for function minimization",
 * Computer Journal 7, 1965; coefficients 1, 2, 1/2, 1/2 as in R's {@code optim}). The models'
 * losses (likelihoods with penalties outside the admissible region) are not smooth, which is why
 * this and not a gradient method.
 */
final class NelderMead {
  private final int maxEvaluations;
  private final double tolerance;

  NelderMead(int maxEvaluations, double tolerance) {
    this.maxEvaluations = maxEvaluations;
    this.tolerance = tolerance;
  }

  /** The minimum found and its argument. */
  record Result(double[] x, double value, int evaluations) {}

  /** Minimises {@code f} from {@code start}, with initial simplex steps {@code step} per axis. */
  Result minimise(ToDoubleFunction<double[]> f, double[] start, double[] step) {
    int d = start.length;
    double[][] p = new double[d + 1][];
    double[] v = new double[d + 1];
    for (int i = 0; i <= d; i++) {
      p[i] = start.clone();
      if (i > 0) p[i][i - 1] += step[i - 1];
      v[i] = safe(f.applyAsDouble(p[i]));
    }
    int evals = d + 1;
    double[] centroid = new double[d];
    while (evals < maxEvaluations) {
      order(p, v);
      if (Math.abs(v[d] - v[0]) <= tolerance * (Math.abs(v[0]) + tolerance)) break;
      java.util.Arrays.fill(centroid, 0);
      for (int i = 0; i < d; i++) for (int j = 0; j < d; j++) centroid[j] += p[i][j] / d;
      double[] r = towards(centroid, p[d], -1);
      double fr = safe(f.applyAsDouble(r));
      evals++;
      if (fr < v[0]) {
        double[] e = towards(centroid, p[d], -2);
        double fe = safe(f.applyAsDouble(e));
        evals++;
        if (fe < fr) set(p, v, d, e, fe);
        else set(p, v, d, r, fr);
      } else if (fr < v[d - 1]) {
        set(p, v, d, r, fr);
      } else {
        boolean outside = fr < v[d];
        double[] c = towards(centroid, outside ? r : p[d], 0.5);
        double fc = safe(f.applyAsDouble(c));
        evals++;
        if (fc < Math.min(fr, v[d])) {
          set(p, v, d, c, fc);
        } else {
          for (int i = 1; i <= d; i++) {
            p[i] = towards(p[0], p[i], 0.5);
            v[i] = safe(f.applyAsDouble(p[i]));
          }
          evals += d;
        }
      }
    }
    order(p, v);
    return new Result(p[0], v[0], evals);
  }

  private static double safe(double v) {
    return Double.isNaN(v) ? Double.POSITIVE_INFINITY : v;
  }

  /** from + t (to - from). */
  private static double[] towards(double[] from, double[] to, double t) {
    double[] out = new double[from.length];
    for (int i = 0; i < out.length; i++) out[i] = from[i] + t * (to[i] - from[i]);
    return out;
  }

  private static void set(double[][] p, double[] v, int i, double[] x, double fx) {
    p[i] = x;
    v[i] = fx;
  }

  private static void order(double[][] p, double[] v) {
    for (int i = 1; i < v.length; i++) {
      double key = v[i];
      double[] kp = p[i];
      int j = i - 1;
      while (j >= 0 && v[j] > key) {
        v[j + 1] = v[j];
        p[j + 1] = p[j];
        j--;
      }
      v[j + 1] = key;
      p[j + 1] = kp;
    }
  }
}
