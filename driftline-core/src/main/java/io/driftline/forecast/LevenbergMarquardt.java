package io.driftline.forecast;

/**
 * Nonlinear least squares (Levenberg 1944, Marquardt 1963, with Marquardt's diagonal scaling),
 * Jacobian by forward differences. Used for conditional-sum-of-squares ARIMA fits, where it needs a
 * few dozen residual passes where Nelder-Mead needs hundreds.
 */
final class LevenbergMarquardt {
  /** Writes the residuals at {@code x} into {@code r}. */
  interface Residuals {
    void compute(double[] x, double[] r);
  }

  private final int maxIterations;
  private final double tolerance;

  LevenbergMarquardt(int maxIterations, double tolerance) {
    this.tolerance = tolerance;
    this.maxIterations = maxIterations;
  }

  /** Minimises the sum of squares of {@code f} over x from {@code start}; returns x. */
  double[] minimise(Residuals f, double[] start, int residuals) {
    int k = start.length;
    double[] x = start.clone();
    double[] r = new double[residuals];
    f.compute(x, r);
    double sse = sumSq(r);
    if (!Double.isFinite(sse)) return x;
    double lambda = 1e-3;
    double[][] jac = new double[k][residuals];
    double[] trial = new double[residuals];
    for (int it = 0; it < maxIterations && k > 0; it++) {
      for (int j = 0; j < k; j++) {
        double h = 1e-6 * Math.max(1, Math.abs(x[j]));
        double saved = x[j];
        x[j] = saved + h;
        f.compute(x, jac[j]);
        x[j] = saved;
        for (int i = 0; i < residuals; i++) jac[j][i] = (jac[j][i] - r[i]) / h;
      }
      double[][] a = new double[k][k];
      double[] g = new double[k];
      for (int p = 0; p < k; p++) {
        double[] jp = jac[p];
        for (int q = p; q < k; q++) {
          double[] jq = jac[q];
          double s = 0;
          for (int i = 0; i < residuals; i++) s += jp[i] * jq[i];
          a[p][q] = s;
          a[q][p] = s;
        }
        double s = 0;
        for (int i = 0; i < residuals; i++) s += jp[i] * r[i];
        g[p] = -s;
      }
      boolean accepted = false;
      for (int tries = 0; tries < 8 && !accepted; tries++) {
        double[][] m = new double[k][k];
        for (int p = 0; p < k; p++) {
          System.arraycopy(a[p], 0, m[p], 0, k);
          m[p][p] += lambda * Math.max(a[p][p], 1e-12);
        }
        double[] step = solve(m, g.clone());
        if (step == null) {
          lambda *= 10;
          continue;
        }
        double[] nx = new double[k];
        for (int p = 0; p < k; p++) nx[p] = x[p] + step[p];
        f.compute(nx, trial);
        double nsse = sumSq(trial);
        if (Double.isFinite(nsse) && nsse < sse) {
          boolean small = sse - nsse <= tolerance * sse;
          x = nx;
          System.arraycopy(trial, 0, r, 0, residuals);
          sse = nsse;
          lambda = Math.max(lambda / 10, 1e-9);
          accepted = true;
          if (small) return x;
        } else {
          lambda *= 10;
        }
      }
      if (!accepted) return x;
    }
    return x;
  }

  static double sumSq(double[] r) {
    double s = 0;
    for (double v : r) s += v * v;
    return s;
  }

  /** Gaussian elimination with partial pivoting; null when singular. */
  static double[] solve(double[][] a, double[] b) {
    int n = b.length;
    for (int c = 0; c < n; c++) {
      int piv = c;
      for (int r = c + 1; r < n; r++) if (Math.abs(a[r][c]) > Math.abs(a[piv][c])) piv = r;
      if (Math.abs(a[piv][c]) < 1e-300) return null;
      double[] tr = a[c];
      a[c] = a[piv];
      a[piv] = tr;
      double tb = b[c];
      b[c] = b[piv];
      b[piv] = tb;
      for (int r = c + 1; r < n; r++) {
        double f = a[r][c] / a[c][c];
        if (f == 0) continue;
        for (int k = c; k < n; k++) a[r][k] -= f * a[c][k];
        b[r] -= f * b[c];
      }
    }
    double[] x = new double[n];
    for (int r = n - 1; r >= 0; r--) {
      double s = b[r];
      for (int k = r + 1; k < n; k++) s -= a[r][k] * x[k];
      x[r] = s / a[r][r];
    }
    return x;
  }
}
