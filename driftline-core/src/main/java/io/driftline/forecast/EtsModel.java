package io.driftline.forecast;

import java.util.SplittableRandom;

/**
 * An ETS state-space model with fixed parameters: the one-step recursion, its likelihood, point
 * forecasts and simulated prediction intervals. Hyndman et al. 2008 (see {@link EtsSpec}): the
 * state updates in error-correction form are the same for additive and multiplicative errors, which
 * only change the likelihood (their eq. 5.3 and 5.4) and the simulated noise.
 */
final class EtsModel {
  static final int PATHS = 1000;

  final EtsSpec spec;
  final int m;
  final double alpha, beta, gamma, phi;
  final double level0, trend0;
  final double[] season0;

  EtsModel(EtsSpec spec, int m, double[] par, double level0, double trend0, double[] season0) {
    this.spec = spec;
    this.m = m;
    this.alpha = par[0];
    this.beta = par[1];
    this.gamma = par[2];
    this.phi = spec.trend() == EtsSpec.Trend.DAMPED ? par[3] : 1;
    this.level0 = level0;
    this.trend0 = trend0;
    this.season0 = season0;
  }

  /** The states after the history, and the fit's statistics. */
  static final class Run {
    double level, trend;
    double[] season;
    double sse;
    double sumLogMu;
    int n;
    boolean ok = true;
  }

  /** Runs the recursion over {@code y}; {@code run.ok} is false when it leaves the valid region. */
  Run run(double[] y) {
    Run r = new Run();
    double l = level0, b = trend0;
    double[] s = season0 == null ? null : season0.clone();
    boolean trended = spec.trend() != EtsSpec.Trend.N;
    EtsSpec.Season st = spec.season();
    boolean mult = spec.multiplicativeError();
    double sse = 0, logs = 0;
    double betaStar = beta / alpha;
    for (int t = 0; t < y.length; t++) {
      double q = trended ? l + phi * b : l;
      int k = s == null ? 0 : t % m;
      double mu = st == EtsSpec.Season.N ? q : st == EtsSpec.Season.A ? q + s[k] : q * s[k];
      if (mult || st == EtsSpec.Season.M) {
        if (!(mu > 0) || !(q > 0)) {
          r.ok = false;
          return r;
        }
      }
      double e = mult ? (y[t] - mu) / mu : y[t] - mu;
      sse += e * e;
      if (mult) logs += Math.log(mu);
      double p = st == EtsSpec.Season.N ? y[t] : st == EtsSpec.Season.A ? y[t] - s[k] : y[t] / s[k];
      double lNew = q + alpha * (p - q);
      if (trended) {
        double pb = phi * b;
        b = pb + betaStar * (lNew - l - pb);
      }
      if (st == EtsSpec.Season.A) s[k] += gamma * (y[t] - q - s[k]);
      else if (st == EtsSpec.Season.M) s[k] += gamma * (y[t] / q - s[k]);
      l = lNew;
    }
    r.level = l;
    r.trend = b;
    r.season = s;
    r.sse = sse;
    r.sumLogMu = logs;
    r.n = y.length;
    r.ok = Double.isFinite(sse) && sse >= 0;
    return r;
  }

  /** -2 log likelihood up to a constant shared by every ETS form on the same data. */
  static double lik(Run r, boolean mult) {
    double sse = Math.max(r.sse, 1e-300);
    return r.n * Math.log(sse / r.n) + (mult ? 2 * r.sumLogMu : 0);
  }

  /** Point forecasts from the end states. */
  double[] mean(Run r, int h) {
    double[] f = new double[h];
    double phiSum = 0, pw = 1;
    int n = r.n;
    for (int i = 0; i < h; i++) {
      pw *= phi;
      phiSum += spec.trend() == EtsSpec.Trend.N ? 0 : pw;
      double q = r.level + phiSum * r.trend;
      int k = (n + i) % m;
      f[i] =
          switch (spec.season()) {
            case N -> q;
            case A -> q + r.season[k];
            case M -> q * r.season[k];
          };
    }
    return f;
  }

  /**
   * Forecast with intervals from {@value #PATHS} simulated sample paths (Hyndman et al. 2008,
   * section 6.1: the analytic variances exist only for some classes; simulation covers all).
   */
  Forecast forecast(Run r, int h, double sigma2) {
    double[] mean = mean(r, h);
    double[][] paths = new double[h][PATHS];
    SplittableRandom rnd = new SplittableRandom(42);
    double sd = Math.sqrt(sigma2);
    boolean trended = spec.trend() != EtsSpec.Trend.N;
    double betaStar = beta / alpha;
    for (int p = 0; p < PATHS; p++) {
      double l = r.level, b = r.trend;
      double[] s = r.season == null ? null : r.season.clone();
      for (int i = 0; i < h; i++) {
        int t = r.n + i;
        double q = trended ? l + phi * b : l;
        int k = s == null ? 0 : t % m;
        double mu =
            switch (spec.season()) {
              case N -> q;
              case A -> q + s[k];
              case M -> q * s[k];
            };
        double e = rnd.nextGaussian() * sd;
        double y = spec.multiplicativeError() ? mu * (1 + e) : mu + e;
        paths[i][p] = y;
        double pv =
            switch (spec.season()) {
              case N -> y;
              case A -> y - s[k];
              case M -> y / s[k];
            };
        double lNew = q + alpha * (pv - q);
        if (trended) {
          double pb = phi * b;
          b = pb + betaStar * (lNew - l - pb);
        }
        if (spec.season() == EtsSpec.Season.A) s[k] += gamma * (y - q - s[k]);
        else if (spec.season() == EtsSpec.Season.M && q != 0) s[k] += gamma * (y / q - s[k]);
        l = lNew;
      }
    }
    return Intervals.fromPaths(spec.toString(), mean, paths);
  }
}
