package io.driftline.forecast;

import java.util.Arrays;

/**
 * Fits another model on the most recent {@code periods} seasons of the history only. Hourly
 * patterns drift (the shape of a day in March is not the shape of a day in May), and the cost of
 * the likelihood searches grows with the history, so a month of hourly data is both cheaper and
 * usually as accurate as a year (measured in docs/benchmarks.md).
 */
public final class RecentWindowForecaster implements Forecaster {
  /** Never fewer values than this, whatever the period (a non-seasonal series still needs data). */
  static final int MIN_VALUES = 480;

  private final Forecaster inner;
  private final int periods;

  public RecentWindowForecaster(Forecaster inner, int periods) {
    if (periods < 2) throw new IllegalArgumentException("periods must be >= 2 but was " + periods);
    this.inner = inner;
    this.periods = periods;
  }

  @Override
  public String name() {
    return inner.name();
  }

  @Override
  public Fitted fit(double[] history, int period) {
    int keep = Math.max(periods * Math.max(period, 1), MIN_VALUES);
    if (history.length <= keep) return inner.fit(history, period);
    return inner.fit(Arrays.copyOfRange(history, history.length - keep, history.length), period);
  }
}
