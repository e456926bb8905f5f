package io.driftline.detect;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Finds a series' dominant period without configuration, so that a daily or weekly pattern can be
 * subtracted before scoring: the recent {@code history} samples are searched for the lag with the
 * highest autocorrelation peak above {@code minCorrelation} (the ACF-peak method; Box and Jenkins,
 * Time Series Analysis, ch. 2; Hyndman and Athanasopoulos, Forecasting: Principles and Practice,
 * 2.8). Periods up to a third of the history are found, so three full cycles back any choice.
 * Period 0 means "no seasonality". The search starts once {@code 3 * every} samples are in, on what
 * there is, so short series get a period early; it runs every {@code every} samples until the
 * history is full and every {@code history} samples after that (a period is a property of the
 * series that rarely changes, and the search is the detector's main cost).
 *
 * <p><b>Quantised history.</b> Samples are kept as one byte each, on a grid of 255 steps spanning
 * {@link #GRID_SPREADS} robust spreads of the series either side of its median (the caller's
 * baseline): 1 KiB for 1,024 samples instead of 4 KiB of floats. A step is 1/16 of a spread, ample
 * for an autocorrelation and for subtracting last cycle's value; values beyond the grid are clamped
 * (which also keeps a spike from dominating the search or echoing one period later at full size).
 * The grid is re-centred when the baseline moves by more than a quarter of the grid or its spread
 * halves or doubles. The search runs on the integer codes, which the JIT vectorises.
 */
final class SeasonalPeriod {
  private static final int MIN_PERIOD = 4;
  private static final double MIN_CORRELATION = 0.6;

  /** The grid spans this many robust spreads either side of the median. */
  static final double GRID_SPREADS = 8;

  private static final int MAX_CODE = 127;

  /**
   * A longer lag must beat the current best by this much: prefer the fundamental to its multiples.
   */
  private static final double MARGIN = 0.1;

  private final byte[] history;
  private final int every;
  private long count;
  private int period;
  private double center;
  private double step; // 0: no grid yet

  SeasonalPeriod(int history, int every) {
    if (history < 12)
      throw new IllegalArgumentException("history must be >= 12 but was " + history);
    if (every < 1) throw new IllegalArgumentException("every must be >= 1 but was " + every);
    this.history = new byte[history];
    this.every = every;
  }

  /**
   * Adds a sample, given the series' current robust median and spread (for the grid); returns true
   * when the period changed.
   */
  boolean add(double x, double median, double spread) {
    if (step == 0) setGrid(median, spread);
    history[(int) (count % history.length)] = (byte) code(x);
    count++;
    if (!searchDue()) return false;
    regrid(median, spread);
    int found = search();
    if (found == period) return false;
    period = found;
    return true;
  }

  /** Every {@code every} samples from {@code 3 * every} on, when full, then every history. */
  private boolean searchDue() {
    if (count < 3 * every) return false;
    int n = history.length;
    return count < n ? count % every == 0 : count % n == 0;
  }

  private void setGrid(double median, double spread) {
    center = median;
    step = Math.max(Double.MIN_NORMAL, GRID_SPREADS * spread / MAX_CODE);
  }

  /** Moves the grid when the baseline has left it behind, re-coding the history; true if moved. */
  private boolean regrid(double median, double spread) {
    double newStep = Math.max(Double.MIN_NORMAL, GRID_SPREADS * spread / MAX_CODE);
    boolean moved = Math.abs(median - center) > MAX_CODE / 4.0 * step;
    if (!moved && newStep <= 2 * step && newStep >= step / 2) return false;
    double[] decoded = new double[history.length];
    for (int i = 0; i < history.length; i++) decoded[i] = center + step * history[i];
    setGrid(median, spread);
    for (int i = 0; i < history.length; i++) history[i] = (byte) code(decoded[i]);
    return true;
  }

  private int code(double x) {
    double u = Math.rint((x - center) / step);
    return (int) Math.max(-MAX_CODE, Math.min(MAX_CODE, u)); // NaN cannot occur: x is finite
  }

  /**
   * Half a grid step: how far {@link #lagged} may be from the sample it stands for. A residual
   * against it means nothing below this, so it is the least spread residuals are scored with
   * (without it an exactly repeating series, whose residuals are pure rounding, would alarm on the
   * rounding).
   */
  double resolution() {
    return step / 2;
  }

  int period() {
    return period;
  }

  /** The sample {@code lag} steps before the latest, valid for lag < history. */
  double lagged(int lag) {
    return center + step * code(lag);
  }

  private int code(int lag) {
    return history[(int) Math.floorMod(count - 1 - lag, (long) history.length)];
  }

  boolean hasLag(int lag) {
    return lag > 0 && count > lag && lag < history.length;
  }

  private int search() {
    int n = (int) Math.min(count, history.length);
    int[] x = new int[n];
    long total = 0;
    for (int i = 0; i < n; i++) {
      x[i] = code(n - 1 - i);
      total += x[i];
    }
    int shift = (int) Math.round((double) total / n);
    for (int i = 0; i < n; i++) x[i] -= shift; // |x| <= 255: products and sums fit an int
    double d = (double) total / n - shift; // the true mean of x, |d| <= 0.5
    long[] prefix = new long[n + 1];
    for (int i = 0; i < n; i++) prefix[i + 1] = prefix[i] + x[i];
    double c0 = exactAutocovariance(x, 0, n, d, prefix);
    if (c0 <= 0) return 0;
    double[] acf = new double[n / 3 + 2];
    for (int lag = 1; lag < acf.length; lag++) {
      // per pair, as c0 is: the usual c(lag) / c0 shrinks by (n - lag) / n, to 2/3 at the longest
      // lags, which a period of a third of the history could then never show above 0.6
      acf[lag] = exactAutocovariance(x, lag, n, d, prefix) / (n - lag) / (c0 / n);
    }
    int best = 0;
    for (int lag = MIN_PERIOD; lag < acf.length - 1; lag++) {
      boolean peak = acf[lag] >= acf[lag - 1] && acf[lag] >= acf[lag + 1];
      if (peak && acf[lag] > MIN_CORRELATION && (best == 0 || acf[lag] > acf[best] + MARGIN))
        best = lag;
    }
    return best;
  }

  /** sum over i of (x[i] - d)(x[i - lag] - d), from the integer products and prefix sums. */
  private static double exactAutocovariance(int[] x, int lag, int n, double d, long[] prefix) {
    int c = 0;
    for (int i = lag; i < n; i++) c += x[i] * x[i - lag];
    long upper = prefix[n] - prefix[lag]; // x[lag..n)
    long lower = prefix[n - lag]; // x[0..n-lag)
    return c - d * (upper + lower) + (n - lag) * d * d;
  }

  void writeTo(DataOutput out) throws IOException {
    out.writeInt(history.length);
    out.write(history);
    out.writeLong(count);
    out.writeInt(period);
    out.writeDouble(center);
    out.writeDouble(step);
  }

  void readFrom(DataInput in) throws IOException {
    int n = in.readInt();
    if (n != history.length)
      throw new IOException("checkpoint history " + n + " does not match " + history.length);
    in.readFully(history);
    count = in.readLong();
    period = in.readInt();
    center = in.readDouble();
    step = in.readDouble();
  }
}
