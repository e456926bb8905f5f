package io.driftline.detect;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Finds a series' dominant period without configuration, so that a daily or weekly pattern can be
 * subtracted before scoring: the recent {@code history} samples are searched every {@code every}
 * samples for the lag with the highest autocorrelation peak above {@code minCorrelation} (the
 * ACF-peak method; Box and Jenkins, Time Series Analysis, ch. 2; Hyndman and Athanasopoulos,
 * Forecasting: Principles and Practice, 2.8). Periods up to a third of the history are found, so
 * three full cycles back any choice. Period 0 means "no seasonality". The search starts once {@code
 * 3 * every} samples are in, on what there is, so short series get a period early.
 *
 * <p>The history is kept as {@code float}: 4 bytes a sample, ample precision for a period search
 * and for subtracting last cycle's value (which {@code EnsembleDetector} does at the same
 * precision, so an exactly repeating series still leaves residuals of exactly 0).
 *
 * <p>The search costs O(history^2 / 3) every {@code every} samples; with the defaults (1024, 256)
 * about 1,400 multiply-adds per sample.
 */
final class SeasonalPeriod {
  private static final int MIN_PERIOD = 4;
  private static final double MIN_CORRELATION = 0.6;

  /**
   * A longer lag must beat the current best by this much: prefer the fundamental to its multiples.
   */
  private static final double MARGIN = 0.1;

  private final float[] history;
  private final int every;
  private long count;
  private int period;

  SeasonalPeriod(int history, int every) {
    if (history < 3 * MIN_PERIOD)
      throw new IllegalArgumentException("history must be >= 12 but was " + history);
    if (every < 1) throw new IllegalArgumentException("every must be >= 1 but was " + every);
    this.history = new float[history];
    this.every = every;
  }

  /** Adds a sample; returns true when the period changed. */
  boolean add(double x) {
    history[(int) (count % history.length)] = toFloat(x);
    count++;
    if (count < 3 * every || count % every != 0) return false;
    int found = search();
    if (found == period) return false;
    period = found;
    return true;
  }

  /** A sample as stored: float precision (half the memory), clamped to the float range. */
  static float toFloat(double x) {
    return (float) Math.max(-Float.MAX_VALUE, Math.min(Float.MAX_VALUE, x));
  }

  int period() {
    return period;
  }

  /** The sample {@code lag} steps before the latest, valid for lag < history. */
  double lagged(int lag) {
    return history[(int) Math.floorMod(count - 1 - lag, (long) history.length)];
  }

  boolean hasLag(int lag) {
    return lag > 0 && count > lag && lag < history.length;
  }

  private int search() {
    int n = (int) Math.min(count, history.length);
    double[] x = new double[n];
    double mean = 0;
    for (int i = 0; i < n; i++) {
      x[i] = lagged(n - 1 - i);
      mean += x[i];
    }
    mean /= n;
    double c0 = 0;
    for (int i = 0; i < n; i++) {
      x[i] -= mean;
      c0 += x[i] * x[i];
    }
    if (c0 <= 0) return 0;
    double[] acf = new double[n / 3 + 2];
    for (int lag = 1; lag < acf.length; lag++) {
      double c = 0;
      for (int i = lag; i < n; i++) c += x[i] * x[i - lag];
      acf[lag] = c / c0;
    }
    int best = 0;
    for (int lag = MIN_PERIOD; lag < acf.length - 1; lag++) {
      boolean peak = acf[lag] >= acf[lag - 1] && acf[lag] >= acf[lag + 1];
      if (peak && acf[lag] > MIN_CORRELATION && (best == 0 || acf[lag] > acf[best] + MARGIN))
        best = lag;
    }
    return best;
  }

  void writeTo(DataOutput out) throws IOException {
    out.writeInt(history.length);
    for (float h : history) out.writeFloat(h);
    out.writeLong(count);
    out.writeInt(period);
  }

  void readFrom(DataInput in) throws IOException {
    int n = in.readInt();
    if (n != history.length)
      throw new IOException("checkpoint history " + n + " does not match " + history.length);
    for (int i = 0; i < n; i++) history[i] = in.readFloat();
    count = in.readLong();
    period = in.readInt();
  }
}
