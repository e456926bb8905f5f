package io.driftline.forecast;

import java.util.Arrays;

/**
 * A seasonal ARIMA model fitted by conditional sum of squares (Box, Jenkins, Reinsel and Ljung,
 * "Time Series Analysis", 5th ed., section 7.1; the first of the two steps of R's default
 * "CSS-ML"). AR and MA coefficients are optimised through the partial-autocorrelation
 * parametrisation (Jones, "Maximum likelihood fitting of ARMA models", Technometrics 22, 1980;
 * Monahan 1984), so every candidate is stationary and invertible and Nelder-Mead needs no
 * penalties. Forecasts and their variances come from the expanded polynomials (psi weights, Box et
 * al. section 5.2).
 */
final class ArimaModel {
  private static final LevenbergMarquardt LM = new LevenbergMarquardt(20, 1e-4);

  final ArimaOrder order;
  final double[] ar; // expanded AR on the differenced series, ar[0] unused
  final double[] ma; // expanded MA, ma[0] unused
  final double mean;
  final double sigma2;
  final double aicc;
  final double[] residuals; // aligned with the differenced series
  final double[] params; // optimiser coordinates, for warm starts of neighbouring orders

  private ArimaModel(
      ArimaOrder order,
      double[] ar,
      double[] ma,
      double mean,
      double sigma2,
      double aicc,
      double[] residuals,
      double[] params) {
    this.params = params;
    this.order = order;
    this.ar = ar;
    this.ma = ma;
    this.mean = mean;
    this.sigma2 = sigma2;
    this.aicc = aicc;
    this.residuals = residuals;
  }

  /** Applies d regular and D seasonal differences. */
  static double[] difference(double[] y, int d, int sd, int m) {
    double[] w = y;
    for (int i = 0; i < sd; i++) w = diff(w, m);
    for (int i = 0; i < d; i++) w = diff(w, 1);
    return w;
  }

  static double[] diff(double[] x, int lag) {
    if (x.length <= lag) return new double[0];
    double[] out = new double[x.length - lag];
    for (int t = 0; t < out.length; t++) out[t] = x[t + lag] - x[t];
    return out;
  }

  /** Fits {@code order} to the already differenced series {@code w}; null when it cannot. */
  static ArimaModel fit(double[] w, ArimaOrder order) {
    return fit(w, order, null);
  }

  /**
   * Fits {@code order} to the differenced series {@code w}, starting from a neighbouring fit's
   * parameters when given (the partial-autocorrelation parametrisation makes an added lag with
   * value 0 leave the model unchanged, so a neighbour's optimum is a good start); null when the
   * series is too short for the order or the fit is not finite.
   */
  static ArimaModel fit(double[] w, ArimaOrder order, ArimaModel near) {
    int k = order.p() + order.q() + order.sp() + order.sq();
    int maxLag = order.p() + order.m() * order.sp();
    if (w.length - maxLag < k + 3 + 2 * (order.q() + order.m() * order.sq())) return null;
    int dims = k + (order.constant() ? 1 : 0);
    double[] start = startingPoint(w, order, near);
    double[] buf = new double[w.length];
    int nEff = w.length - maxLag;
    double[] x =
        LM.minimise(
            (u, r) -> {
              cssSum(w, order, u, buf);
              System.arraycopy(buf, maxLag, r, 0, nEff);
            },
            start,
            nEff);
    double[] e = new double[w.length];
    double sse = cssSum(w, order, x, e);
    if (!Double.isFinite(sse)) return null;
    double scale = Math.max(1e-9, Math.sqrt(Stats.variance(w)));
    double sigma2 = sse / nEff;
    if (!(sigma2 > 0)) sigma2 = 1e-12 * scale * scale + Double.MIN_NORMAL;
    double loglik = -0.5 * nEff * (Math.log(2 * Math.PI * sigma2) + 1);
    int npar = dims + 1;
    double aicc =
        nEff - npar - 1 > 0
            ? -2 * loglik + 2 * npar + 2.0 * npar * (npar + 1) / (nEff - npar - 1)
            : Double.POSITIVE_INFINITY;
    double[][] poly = polynomials(order, x);
    double mean = order.constant() ? x[k] : 0;
    return new ArimaModel(order, poly[0], poly[1], mean, sigma2, aicc, e, x);
  }

  /** Parameters laid out as [p AR][q MA][P SAR][Q SMA][constant]. */
  private static double[] startingPoint(double[] w, ArimaOrder o, ArimaModel near) {
    int k = o.p() + o.q() + o.sp() + o.sq();
    double[] start = new double[k + (o.constant() ? 1 : 0)];
    if (o.constant()) start[k] = Stats.mean(w);
    if (near == null) return start;
    ArimaOrder n = near.order;
    int[] newSizes = {o.p(), o.q(), o.sp(), o.sq()}, oldSizes = {n.p(), n.q(), n.sp(), n.sq()};
    int ni = 0, oi = 0;
    for (int b = 0; b < 4; b++) {
      for (int j = 0; j < Math.min(newSizes[b], oldSizes[b]); j++)
        start[ni + j] = near.params[oi + j];
      ni += newSizes[b];
      oi += oldSizes[b];
    }
    if (o.constant() && n.constant()) start[k] = near.params[oi];
    return start;
  }

  /** Sum of squared one-step errors; the errors go to {@code e}. */
  private static double cssSum(double[] w, ArimaOrder order, double[] u, double[] e) {
    double[][] poly = polynomials(order, u);
    double[] ar = poly[0], ma = poly[1];
    double mu = order.constant() ? u[u.length - 1] : 0;
    int[] arLags = nonZero(ar), maLags = nonZero(ma);
    int start = ar.length - 1;
    double sse = 0;
    Arrays.fill(e, 0);
    for (int t = start; t < w.length; t++) {
      double pred = mu;
      for (int i : arLags) pred += ar[i] * (w[t - i] - mu);
      for (int j : maLags) if (t - j >= 0) pred += ma[j] * e[t - j];
      double err = w[t] - pred;
      e[t] = err;
      sse += err * err;
    }
    return sse;
  }

  private static int[] nonZero(double[] c) {
    int n = 0;
    for (int i = 1; i < c.length; i++) if (c[i] != 0) n++;
    int[] out = new int[n];
    n = 0;
    for (int i = 1; i < c.length; i++) if (c[i] != 0) out[n++] = i;
    return out;
  }

  /**
   * Expanded AR and MA coefficient arrays (index = lag) of phi(B) Phi(B^m) and theta(B) Theta(B^m),
   * written as w_t = sum ar_i w_{t-i} + e_t + sum ma_j e_{t-j}.
   */
  static double[][] polynomials(ArimaOrder o, double[] u) {
    int i = 0;
    double[] phi = pacfToAr(u, i, o.p());
    i += o.p();
    double[] theta = negate(pacfToAr(u, i, o.q()));
    i += o.q();
    double[] sphi = pacfToAr(u, i, o.sp());
    i += o.sp();
    double[] stheta = negate(pacfToAr(u, i, o.sq()));
    double[] ar = multiply(phi, sphi, o.m(), -1);
    double[] ma = multiply(theta, stheta, o.m(), +1);
    return new double[][] {ar, ma};
  }

  /** MA polynomials 1 - sum a_i B^i from a stationary AR map are invertible. */
  private static double[] negate(double[] a) {
    for (int i = 0; i < a.length; i++) a[i] = -a[i];
    return a;
  }

  /**
   * Coefficients of (1 + sign sum a_i B^i)(1 + sign sum s_j B^{mj}) as "1 + sign c", returned as c
   * with c[0] unused, for AR (sign -1: 1 - sum) and MA (sign +1).
   */
  private static double[] multiply(double[] a, double[] s, int m, int sign) {
    int len = a.length + m * s.length;
    double[] pa = new double[len + 1], ps = new double[m * s.length + 1], out = new double[len + 1];
    pa[0] = 1;
    for (int i = 0; i < a.length; i++) pa[i + 1] = sign * a[i];
    ps[0] = 1;
    for (int j = 0; j < s.length; j++) ps[m * (j + 1)] = sign * s[j];
    for (int i = 0; i <= a.length; i++)
      for (int j = 0; j < ps.length; j++) if (ps[j] != 0) out[i + j] += pa[i] * ps[j];
    double[] c = new double[len + 1];
    for (int i = 1; i <= len; i++) c[i] = sign * out[i];
    return c;
  }

  /**
   * Durbin-Levinson map from partial autocorrelations tanh(u) in (-1, 1) to the coefficients of a
   * stationary AR polynomial (the transform of R's {@code arima}, after Jones 1980).
   */
  static double[] pacfToAr(double[] u, int from, int p) {
    double[] a = new double[p];
    double[] work = new double[p];
    for (int k = 0; k < p; k++) {
      double r = Math.tanh(u[from + k]);
      a[k] = r;
      for (int j = 0; j < k; j++) work[j] = a[j] - r * a[k - 1 - j];
      System.arraycopy(work, 0, a, 0, k);
    }
    return a;
  }

  /**
   * Forecasts of the original series y (whose differencing gave the fitted w): the difference
   * equation of the full AR polynomial times (1-B)^d (1-B^m)^D, future errors zero, and the
   * variance sigma^2 sum psi_j^2.
   */
  Forecast forecast(double[] y, int h) {
    // full AR polynomial on y: (1 - sum ar B^i)(1-B)^d(1-B^m)^D = 1 - sum full_i B^i
    double[] poly = new double[ar.length];
    poly[0] = 1;
    for (int i = 1; i < ar.length; i++) poly[i] = -ar[i];
    for (int i = 0; i < order.sd(); i++) poly = times(poly, order.m());
    for (int i = 0; i < order.d(); i++) poly = times(poly, 1);
    int offset = y.length - residuals.length;
    double c = mean;
    for (int i = 1; i < ar.length; i++) c -= ar[i] * mean;
    int n = y.length;
    double[] ext = Arrays.copyOf(y, n + h);
    double[] err = new double[n + h];
    for (int t = 0; t < residuals.length; t++) err[t + offset] = residuals[t];
    double[] mean = new double[h];
    for (int s = 0; s < h; s++) {
      int t = n + s;
      double v = c;
      for (int i = 1; i < poly.length; i++) if (t - i >= 0) v -= poly[i] * ext[t - i];
      for (int j = 1; j < ma.length; j++) if (t - j >= 0) v += ma[j] * err[t - j];
      ext[t] = v;
      mean[s] = v;
    }
    double[] psi = new double[h];
    psi[0] = 1;
    for (int j = 1; j < h; j++) {
      double v = j < ma.length ? ma[j] : 0;
      for (int i = 1; i < poly.length && i <= j; i++) v -= poly[i] * psi[j - i];
      psi[j] = v;
    }
    double[] sd = new double[h];
    double acc = 0;
    for (int s = 0; s < h; s++) {
      acc += psi[s] * psi[s];
      sd[s] = Math.sqrt(sigma2 * acc);
    }
    return Forecast.normal(order.toString(), mean, sd);
  }

  /** p(B) (1 - B^lag). */
  private static double[] times(double[] p, int lag) {
    double[] out = new double[p.length + lag];
    for (int i = 0; i < p.length; i++) {
      out[i] += p[i];
      out[i + lag] -= p[i];
    }
    return out;
  }
}
