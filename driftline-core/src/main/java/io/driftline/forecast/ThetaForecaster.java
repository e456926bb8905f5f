package io.driftline.forecast;

/**
 * The Theta method (Assimakopoulos and Nikolopoulos, "The theta model: a decomposition approach to
 * forecasting", IJF 16, 2000), in the form Hyndman and Billah showed it equals ("Unmasking the
 * Theta method", IJF 19, 2003): simple exponential smoothing with drift equal to half the slope of
 * the fitted line. As in the M4 benchmark, the series is first seasonally adjusted by a classical
 * multiplicative decomposition when the lag-m autocorrelation is significant at 90%.
 */
public final class ThetaForecaster implements Forecaster {
  public static final String NAME = "theta";
  private static final NelderMead OPTIMISER = new NelderMead(200, 1e-8);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Fitted fit(double[] y, int period) {
    int n = y.length;
    if (n < 3) throw new ForecastException("Theta needs at least 3 values but got " + n);
    boolean seasonal = period > 1 && Stats.seasonal(y, period);
    boolean mult = seasonal && History.positive(y);
    double[] idx = seasonal ? Decomposition.seasonalIndices(y, period, mult) : null;
    double[] x = new double[n];
    for (int t = 0; t < n; t++)
      x[t] = idx == null ? y[t] : mult ? y[t] / idx[t % period] : y[t] - idx[t % period];
    Ses ses = Ses.fit(x, OPTIMISER);
    double slope = Stats.line(x, 0, n)[1];
    String model =
        NAME + (seasonal ? (mult ? "(multiplicative season)" : "(additive season)") : "");
    return new Fitted() {
      @Override
      public String model() {
        return model;
      }

      @Override
      public Forecast forecast(int h) {
        double a = Math.max(1e-10, ses.alpha());
        double[] mean = new double[h], sd = new double[h];
        double drift = slope / 2, tail = (1 - Math.pow(1 - a, n)) / a;
        for (int i = 0; i < h; i++) {
          double f = ses.level() + drift * (i + tail);
          double s = Math.sqrt(ses.sigma2() * (1 + i * a * a));
          if (idx != null) {
            int k = (n + i) % period;
            f = mult ? f * idx[k] : f + idx[k];
            s = mult ? s * idx[k] : s;
          }
          mean[i] = f;
          sd[i] = s;
        }
        return Forecast.normal(model, mean, sd);
      }
    };
  }

  /** Simple exponential smoothing fitted by least squares over alpha and the initial level. */
  record Ses(double alpha, double level, double sigma2) {
    static Ses fit(double[] x, NelderMead nm) {
      var r =
          nm.minimise(
              u -> sse(x, sigmoid(u[0]), u[1]), new double[] {0, x[0]}, new double[] {1, scale(x)});
      double a = sigmoid(r.x()[0]);
      double l = r.x()[1];
      for (double v : x) l += a * (v - l);
      return new Ses(a, l, r.value() / Math.max(1, x.length - 2));
    }

    static double sse(double[] x, double a, double l) {
      double s = 0;
      for (double v : x) {
        double e = v - l;
        s += e * e;
        l += a * e;
      }
      return s;
    }

    private static double scale(double[] x) {
      return Math.max(1e-6, Math.sqrt(Stats.variance(x)));
    }
  }

  static double sigmoid(double u) {
    return 1 / (1 + Math.exp(-u));
  }
}
