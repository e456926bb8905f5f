package io.driftline.forecast;

import java.util.ArrayList;
import java.util.List;

/**
 * Exponential smoothing in state-space form with automatic model selection: every admissible ETS
 * form (Hyndman et al. 2008, chapter 7; the search of R's {@code forecast::ets}) is fitted by
 * maximum likelihood and the one with the smallest AICc answers.
 *
 * <p>Smoothing parameters (and the damping) are estimated by Nelder-Mead on the likelihood; the
 * initial states come from the heuristic of Hyndman et al. 2008 section 2.6.1 (a classical
 * decomposition of the first cycles, then a line through the first adjusted values), which keeps
 * the search small enough for a few milliseconds per form. Forms with additive errors and
 * multiplicative season are left out (infinite variance, section 15.2), multiplicative forms when a
 * value is not positive, and seasonal forms when the history has fewer than three cycles.
 */
public final class EtsForecaster implements Forecaster {
  private static final NelderMead OPTIMISER = new NelderMead(200, 1e-7);

  private final List<EtsSpec> candidates;
  private final String name;

  /** Every form. */
  public EtsForecaster() {
    this("ets", all());
  }

  EtsForecaster(String name, List<EtsSpec> candidates) {
    this.name = name;
    this.candidates = List.copyOf(candidates);
  }

  /** Only the non-seasonal forms (for seasonally adjusted data). */
  static EtsForecaster nonSeasonal() {
    return new EtsForecaster(
        "ets-nonseasonal", all().stream().filter(s -> s.season() == EtsSpec.Season.N).toList());
  }

  static List<EtsSpec> all() {
    List<EtsSpec> out = new ArrayList<>();
    for (boolean me : new boolean[] {false, true})
      for (EtsSpec.Trend t : EtsSpec.Trend.values())
        for (EtsSpec.Season s : EtsSpec.Season.values()) {
          EtsSpec spec = new EtsSpec(me, t, s);
          if (!spec.restricted()) out.add(spec);
        }
    return out;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Fitted fit(double[] y, int period) {
    if (y.length < 4)
      throw new ForecastException("ETS needs at least 4 values but got " + y.length);
    if (History.constant(y)) throw new ForecastException("the history is constant");
    boolean positive = History.positive(y);
    boolean seasonalOk = period > 1 && y.length >= 3 * period;
    Fit best = null;
    for (EtsSpec spec : candidates) {
      if (spec.needsPositive() && !positive) continue;
      if (spec.season() != EtsSpec.Season.N && !seasonalOk) continue;
      Fit f = fit(y, spec.season() == EtsSpec.Season.N ? 1 : period, spec);
      if (f != null && (best == null || f.aicc < best.aicc)) best = f;
    }
    if (best == null) throw new ForecastException("no ETS form could be fitted");
    return best;
  }

  /** Fits one form; null when the optimiser found no admissible parameters. */
  static Fit fit(double[] y, int m, EtsSpec spec) {
    double[] init = initialStates(y, m, spec);
    double level0 = init[0], trend0 = init[1];
    double[] season0 =
        spec.season() == EtsSpec.Season.N ? null : java.util.Arrays.copyOfRange(init, 2, 2 + m);
    boolean mult = spec.multiplicativeError();
    int dims = spec.smoothingParameters();
    double[] start = {logit(0.2), logit(0.1), logit(0.05), logit(0.8)};
    double[] step = {1, 1, 1, 1};
    var res =
        OPTIMISER.minimise(
            u -> {
              EtsModel model = new EtsModel(spec, m, params(spec, u), level0, trend0, season0);
              EtsModel.Run r = model.run(y);
              return r.ok ? EtsModel.lik(r, mult) : Double.POSITIVE_INFINITY;
            },
            java.util.Arrays.copyOf(start, dims),
            java.util.Arrays.copyOf(step, dims));
    if (!Double.isFinite(res.value())) return null;
    EtsModel model = new EtsModel(spec, m, params(spec, res.x()), level0, trend0, season0);
    EtsModel.Run run = model.run(y);
    if (!run.ok) return null;
    int n = y.length;
    int k =
        dims
            + 1
            + (spec.trend() != EtsSpec.Trend.N ? 1 : 0)
            + (spec.season() != EtsSpec.Season.N ? m - 1 : 0)
            + 1;
    double lik = EtsModel.lik(run, mult);
    double aicc =
        lik
            + 2.0 * k
            + (n - k - 1 > 0 ? 2.0 * k * (k + 1) / (n - k - 1) : Double.POSITIVE_INFINITY);
    double sigma2 = run.sse / Math.max(1, n - k);
    return new Fit(model, run, aicc, sigma2);
  }

  /**
   * Maps unconstrained optimiser coordinates to alpha in (0,1), beta in (0,alpha), gamma in
   * (0,1-alpha), phi in (0.8,0.98): the usual region of Hyndman et al. 2008 section 10.2.
   */
  static double[] params(EtsSpec spec, double[] u) {
    double lo = 1e-4;
    double alpha = lo + (0.9999 - lo) * sigmoid(u[0]);
    int i = 1;
    double beta = 0, gamma = 0, phi = 1;
    if (spec.trend() != EtsSpec.Trend.N) beta = lo * 0.1 + (alpha - lo * 0.1) * sigmoid(u[i++]);
    if (spec.season() != EtsSpec.Season.N)
      gamma = lo * 0.1 + (1 - alpha - lo * 0.1) * sigmoid(u[i++]);
    if (spec.trend() == EtsSpec.Trend.DAMPED) phi = 0.8 + 0.18 * sigmoid(u[i]);
    return new double[] {alpha, beta, gamma, phi};
  }

  /**
   * Initial level, trend and m seasonal states (Hyndman et al. 2008, section 2.6.1): seasonal
   * indices from a classical decomposition of the first cycles (at most ten), then level and trend
   * from a line through the first adjusted values.
   */
  static double[] initialStates(double[] y, int m, EtsSpec spec) {
    double[] out = new double[2 + Math.max(m, 1)];
    double[] adj = y;
    boolean multSeason = spec.season() == EtsSpec.Season.M;
    if (spec.season() != EtsSpec.Season.N) {
      int len = Math.min(y.length, 10 * m);
      double[] idx = Decomposition.seasonalIndices(java.util.Arrays.copyOf(y, len), m, multSeason);
      System.arraycopy(idx, 0, out, 2, m);
      adj = new double[Math.min(y.length, 2 * m)];
      for (int t = 0; t < adj.length; t++)
        adj[t] = multSeason ? y[t] / idx[t % m] : y[t] - idx[t % m];
    }
    int k = Math.min(adj.length, Math.max(10, m));
    double[] line = Stats.line(adj, 0, k);
    boolean trended = spec.trend() != EtsSpec.Trend.N;
    out[0] = trended ? line[0] - line[1] : Stats.mean(java.util.Arrays.copyOf(adj, k));
    out[1] = trended ? line[1] : 0;
    return out;
  }

  private static double sigmoid(double u) {
    return 1 / (1 + Math.exp(-u));
  }

  private static double logit(double p) {
    return Math.log(p / (1 - p));
  }

  /** A fitted form. */
  static final class Fit implements Fitted {
    final EtsModel model;
    final EtsModel.Run run;
    final double aicc;
    final double sigma2;

    Fit(EtsModel model, EtsModel.Run run, double aicc, double sigma2) {
      this.model = model;
      this.run = run;
      this.aicc = aicc;
      this.sigma2 = sigma2;
    }

    @Override
    public String model() {
      return model.spec.toString();
    }

    double[] mean(int h) {
      return model.mean(run, h);
    }

    @Override
    public Forecast forecast(int h) {
      return model.forecast(run, h, sigma2);
    }
  }
}
