package io.driftline.forecast;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Rolling-origin evaluation (Tashman, "Out-of-sample tests of forecasting accuracy", IJF 16, 2000;
 * FPP3 section 5.10): each series is cut at {@code origins} points, h steps apart from the end
 * backwards, every model forecasts the h values after each cut from the values before it, and the
 * errors are averaged over cuts and series (every series weighs equally, as in M4).
 */
public final class Backtest {
  /** One model's average errors; {@code owa} is relative to Naive2, {@code vsSnaive} to snaive. */
  public record Score(
      String model, double smape, double mase, double owa, double vsSnaive, int forecasts) {}

  private Backtest() {}

  /** Per model: sMAPE sum, MASE sum, MASE count, forecast count over one series' origins. */
  private static double[][] score(
      double[] raw, int period, int horizon, int origins, List<Forecaster> forecasters) {
    double[][] out = new double[forecasters.size()][4];
    double[] y = History.clean(raw);
    for (int o = 1; o <= origins; o++) {
      int cut = y.length - o * horizon;
      if (cut < Math.max(2 * period, 8)) break;
      double[] train = java.util.Arrays.copyOf(y, cut);
      double[] test = java.util.Arrays.copyOfRange(y, cut, cut + horizon);
      for (int i = 0; i < forecasters.size(); i++) {
        Forecaster f = forecasters.get(i);
        double[] fc =
            f == null
                ? Accuracy.naive2(train, period, horizon)
                : f.forecast(train, period, horizon).mean();
        out[i][0] += Accuracy.smape(test, fc);
        double mase = Accuracy.mase(train, test, fc, period);
        if (Double.isFinite(mase)) {
          out[i][1] += mase;
          out[i][2]++;
        }
        out[i][3]++;
      }
    }
    return out;
  }

  /**
   * Scores {@code models} (by name, see {@link Forecasters}) on {@code series}.
   *
   * @param progress called with the number of series done
   */
  public static List<Score> run(
      List<double[]> series,
      int period,
      int horizon,
      int origins,
      List<String> models,
      IntConsumer progress) {
    Map<String, double[]> sums = new LinkedHashMap<>();
    List<String> all = new ArrayList<>(models);
    for (String ref : List.of("naive2", SeasonalNaiveForecaster.NAME))
      if (!all.contains(ref)) all.add(ref);
    for (String m : all) sums.put(m, new double[4]); // smape sum, mase sum, mase count, count
    List<Forecaster> forecasters = new ArrayList<>();
    for (String m : all)
      forecasters.add(
          m.equals("naive2")
              ? null
              : Forecasters.byName(m)
                  .orElseThrow(() -> new IllegalArgumentException("unknown model " + m)));
    java.util.concurrent.atomic.AtomicInteger done =
        new java.util.concurrent.atomic.AtomicInteger();
    // series are independent: score them in parallel, add up in one place
    java.util.stream.IntStream.range(0, series.size())
        .parallel()
        .forEach(
            k -> {
              double[][] local = score(series.get(k), period, horizon, origins, forecasters);
              synchronized (sums) {
                for (int i = 0; i < all.size(); i++) {
                  double[] s = sums.get(all.get(i));
                  for (int j = 0; j < 4; j++) s[j] += local[i][j];
                }
                progress.accept(done.incrementAndGet());
              }
            });
    double[] n2 = sums.get("naive2"), sn = sums.get(SeasonalNaiveForecaster.NAME);
    List<Score> out = new ArrayList<>();
    for (String m : models) {
      double[] s = sums.get(m);
      double smape = s[0] / s[3], mase = s[1] / s[2];
      out.add(
          new Score(
              m,
              smape,
              mase,
              Accuracy.owa(smape, mase, n2[0] / n2[3], n2[1] / n2[2]),
              Accuracy.owa(smape, mase, sn[0] / sn[3], sn[1] / sn[2]),
              (int) s[3]));
    }
    return out;
  }
}
