package io.driftline.forecast;

import java.util.HashMap;
import java.util.Map;

/**
 * ARIMA with automatic order selection after Hyndman and Khandakar, "Automatic time series
 * forecasting: the forecast package for R", Journal of Statistical Software 27(3), 2008: the
 * seasonal difference is taken when the seasonal strength of the series (Wang, Smith and Hyndman
 * 2006; FPP3 section 4.3) exceeds 0.64, regular differences while a KPSS test rejects stationarity
 * at 5%, then a stepwise search over (p,q)(P,Q) and the constant by AICc, bounded by {@code maxP},
 * {@code maxQ} and 1 for the seasonal orders.
 */
public final class AutoArimaForecaster implements Forecaster {
  public static final String NAME = "arima";

  /** KPSS 5% critical value for the level-stationarity test (Kwiatkowski et al. 1992, table 1). */
  private static final double KPSS_5PCT = 0.463;

  private final int maxP, maxQ;
  private final int maxFits;

  /**
   * Orders p, q up to 2 and at most 20 fits in the stepwise search: on the M4 hourly development
   * split, bounds of 3 and 40 fits cost 25% more time for the same accuracy (docs/benchmarks.md).
   */
  public AutoArimaForecaster() {
    this(2, 20);
  }

  AutoArimaForecaster(int maxOrder, int maxFits) {
    this.maxP = maxOrder;
    this.maxQ = maxOrder;
    this.maxFits = maxFits;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Fitted fit(double[] y, int period) {
    if (y.length < 8)
      throw new ForecastException("ARIMA needs at least 8 values but got " + y.length);
    if (History.constant(y)) throw new ForecastException("the history is constant");
    int m = period;
    int sd = m > 1 && y.length >= 3 * m && seasonalStrength(y, m) > 0.64 ? 1 : 0;
    double[] x = ArimaModel.difference(y, 0, sd, m);
    int d = 0;
    while (d < 2 && x.length > 10 && kpss(x) > KPSS_5PCT) {
      x = ArimaModel.diff(x, 1);
      d++;
    }
    double[] w = x;
    boolean seasonal = m > 1 && w.length > 3 * m;
    ArimaModel best =
        search(w, new ArimaOrder(0, d, 0, 0, sd, 0, seasonal || sd > 0 ? m : 1, false), seasonal);
    if (best == null) throw new ForecastException("no ARIMA order could be fitted");
    ArimaModel model = best;
    return new Fitted() {
      @Override
      public String model() {
        return model.order.toString();
      }

      @Override
      public Forecast forecast(int h) {
        return model.forecast(y, h);
      }
    };
  }

  /** Hyndman and Khandakar 2008, section 3.2, steps 1 to 3 (with smaller bounds). */
  private ArimaModel search(double[] w, ArimaOrder base, boolean seasonal) {
    boolean constantAllowed = base.d() + base.sd() <= 1;
    Map<ArimaOrder, ArimaModel> tried = new HashMap<>();
    ArimaModel best = null;
    int s = seasonal ? 1 : 0;
    ArimaOrder[] starts = {
      base.with(2, 2, s, s, constantAllowed),
      base.with(0, 0, 0, 0, constantAllowed),
      base.with(1, 0, s, 0, constantAllowed),
      base.with(0, 1, 0, s, constantAllowed)
    };
    for (ArimaOrder o : starts) best = better(best, tryFit(w, o, tried, null));
    boolean improved = best != null;
    while (improved && tried.size() < maxFits) {
      improved = false;
      ArimaOrder c = best.order;
      for (ArimaOrder o : neighbours(c, seasonal, constantAllowed)) {
        ArimaModel f = tryFit(w, o, tried, best);
        if (f != null && f.aicc < best.aicc) {
          best = f;
          improved = true;
          break;
        }
        if (tried.size() >= maxFits) break;
      }
    }
    return best;
  }

  private java.util.List<ArimaOrder> neighbours(
      ArimaOrder c, boolean seasonal, boolean constantAllowed) {
    var out = new java.util.ArrayList<ArimaOrder>();
    int[][] moves = {{1, 0}, {-1, 0}, {0, 1}, {0, -1}, {1, 1}, {-1, -1}, {1, -1}, {-1, 1}};
    if (seasonal)
      for (int[] mv : moves)
        add(out, c, c.p(), c.q(), c.sp() + mv[0], c.sq() + mv[1], c.constant());
    for (int[] mv : moves) add(out, c, c.p() + mv[0], c.q() + mv[1], c.sp(), c.sq(), c.constant());
    if (constantAllowed) add(out, c, c.p(), c.q(), c.sp(), c.sq(), !c.constant());
    return out;
  }

  private void add(
      java.util.List<ArimaOrder> out, ArimaOrder c, int p, int q, int sp, int sq, boolean k) {
    if (p >= 0 && q >= 0 && sp >= 0 && sq >= 0 && p <= maxP && q <= maxQ && sp <= 1 && sq <= 1)
      out.add(c.with(p, q, sp, sq, k));
  }

  private static ArimaModel tryFit(
      double[] w, ArimaOrder o, Map<ArimaOrder, ArimaModel> tried, ArimaModel near) {
    if (tried.containsKey(o)) return tried.get(o);
    ArimaModel f = ArimaModel.fit(w, o, near);
    tried.put(o, f);
    return f;
  }

  private static ArimaModel better(ArimaModel a, ArimaModel b) {
    if (a == null) return b;
    if (b == null) return a;
    return b.aicc < a.aicc ? b : a;
  }

  /**
   * Seasonal strength max(0, 1 - Var(R) / Var(S + R)) of a classical additive decomposition (Wang,
   * Smith and Hyndman, "Characteristic-based clustering for time series data", 2006; R's {@code
   * nsdiffs} takes the seasonal difference above 0.64).
   */
  static double seasonalStrength(double[] y, int m) {
    double[] trend = Stats.centredMovingAverage(y, m);
    double[] idx = Decomposition.seasonalIndices(y, m, false);
    int count = 0;
    for (double v : trend) if (!Double.isNaN(v)) count++;
    double[] r = new double[count], sr = new double[count];
    int i = 0;
    for (int t = 0; t < y.length; t++) {
      if (Double.isNaN(trend[t])) continue;
      sr[i] = y[t] - trend[t];
      r[i] = sr[i] - idx[t % m];
      i++;
    }
    double vsr = Stats.variance(sr);
    return vsr == 0 ? 0 : Math.max(0, 1 - Stats.variance(r) / vsr);
  }

  /**
   * KPSS level-stationarity statistic (Kwiatkowski, Phillips, Schmidt and Shin, J. Econometrics 54,
   * 1992) with a Bartlett long-run variance over trunc(4 (n/100)^0.25) lags, as R's {@code
   * urca::ur.kpss(type="mu", lags="short")} used by {@code ndiffs}.
   */
  static double kpss(double[] x) {
    int n = x.length;
    double mean = Stats.mean(x);
    double[] e = new double[n];
    for (int t = 0; t < n; t++) e[t] = x[t] - mean;
    double s = 0, eta = 0;
    for (int t = 0; t < n; t++) {
      s += e[t];
      eta += s * s;
    }
    int lags = (int) Math.floor(4 * Math.pow(n / 100.0, 0.25));
    double lrv = 0;
    for (double v : e) lrv += v * v;
    for (int l = 1; l <= lags; l++) {
      double c = 0;
      for (int t = l; t < n; t++) c += e[t] * e[t - l];
      lrv += 2 * (1 - l / (lags + 1.0)) * c;
    }
    lrv /= n;
    return lrv <= 0 ? 0 : eta / ((double) n * n * lrv);
  }
}
