package io.driftline.detect;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * Median and robust spread of a series in constant memory (five numbers instead of a window of
 * samples), tracking the recent past like a moving window does.
 *
 * <p>The first {@link #EXACT_SAMPLES} samples are kept, sorted, and give exact quantiles (usable
 * from {@link #MIN_SAMPLES} on), like a window still filling; a start from fewer samples left the
 * spread off by a fifth for a hundred samples, enough for false alarms. Then the buffer is dropped
 * and the 5th, 25th, 50th, 75th and 95th percentiles follow the series by exponentially weighted
 * stochastic approximation (Robbins and Monro 1951; for quantiles Tierney 1983, and the EWSA of
 * Chen, Lambert and Pinheiro 2000, "Incremental quantile estimation for massive tracking", KDD):
 * each sample moves estimate {@code q_p} by {@code step_p * (p - 1[x < q_p])}. The step is {@code
 * gain * spread / phi(z_p)}, the inverse of a normal density of the current spread at that
 * quantile, so that every estimate forgets at the same rate and the step scales with the series.
 * The gain is {@code max(rate, 2 / (n + 1))} after n samples: at first the estimates weigh all
 * samples so far, like a window still filling (an exponential average with gain 2 / (n + 1) has the
 * centre of mass of an n-sample moving average), then they forget at {@code rate}, a memory of
 * about {@code 1 / rate} samples. Like the moving median, a single outlier moves the estimates by
 * at most one step whatever its size.
 *
 * <p>A level shift moves every sample to one side of the median; after {@link #RUN} samples in a
 * row on the same side (chance 2^-16 for a stable series) the steps double every {@link #RUN} / 2
 * further samples, so that the estimates catch up with a shift of any size within about a hundred
 * samples (the boost of Frugal-2U, Ma, Muthukrishnan and Sandler 2013, "Frugal streaming for
 * estimating quantiles"), much as a moving median of 256 samples does after 128.
 *
 * <p>The spread is the IQR / 1.349, falling back to the 5-95% range / 3.29 and then to a millionth
 * of the median's magnitude, as {@link RobustScale} does for windows.
 */
final class StreamingRobustScale {
  static final int MIN_SAMPLES = RobustScale.MIN_SAMPLES;
  private static final double[] P = {0.05, 0.25, 0.5, 0.75, 0.95};

  /** 1 / phi(z_p) of the standard normal at each of {@link #P}. */
  private static final double[] INV_DENSITY = {9.6669, 3.1468, 2.5066, 3.1468, 9.6669};

  /** Samples kept exactly (a window still filling) before the stochastic approximation runs. */
  static final int EXACT_SAMPLES = 64;

  private static final int RUN = 16;
  private static final double MAX_BOOST = 1 << 20;

  private final double rate;
  private double[] exact; // the first samples, sorted, allocated by the first; then null again
  private int count; // samples since the start or the last reset
  private final double[] q = new double[P.length];
  private int run; // consecutive samples above (> 0) or below (< 0) the median

  StreamingRobustScale(double rate) {
    if (!(rate > 0 && rate < 1))
      throw new IllegalArgumentException("rate must be in (0, 1) but was " + rate);
    this.rate = rate;
  }

  boolean ready() {
    return count >= MIN_SAMPLES;
  }

  /** Samples seen since the start or the last {@link #reset}, capped at {@link #MIN_SAMPLES}. */
  int size() {
    return Math.min(MIN_SAMPLES, count);
  }

  void reset() {
    exact = null;
    count = 0;
    run = 0;
    Arrays.fill(q, 0);
  }

  /** Adds a finite sample. */
  void add(double x) {
    if (count < EXACT_SAMPLES) {
      if (exact == null) exact = new double[EXACT_SAMPLES];
      int i = Arrays.binarySearch(exact, 0, count, x);
      if (i < 0) i = -i - 1;
      System.arraycopy(exact, i, exact, i + 1, count - i);
      exact[i] = x;
      count++;
      if (count >= MIN_SAMPLES) updateFromExact();
      if (count == exact.length) exact = null;
      return;
    }
    double median = q[2];
    if (x > median) run = run > 0 ? run + 1 : 1;
    else if (x < median) run = run < 0 ? run - 1 : -1;
    int r = Math.abs(run);
    double boost = r <= RUN ? 1 : Math.min(MAX_BOOST, Math.pow(2, (r - RUN) / (RUN / 2.0)));
    if (count < Integer.MAX_VALUE) count++;
    double base = Math.max(rate, 2.0 / (count + 1)) * spread() * boost;
    for (int i = 0; i < P.length; i++) {
      if (x > q[i]) q[i] = Math.min(x, q[i] + base * INV_DENSITY[i] * P[i]);
      else if (x < q[i]) q[i] = Math.max(x, q[i] - base * INV_DENSITY[i] * (1 - P[i]));
    }
    // estimates may cross by a step; keep them ordered
    for (int i = 1; i < P.length; i++) if (q[i] < q[i - 1]) q[i] = q[i - 1];
  }

  private void updateFromExact() {
    for (int i = 0; i < P.length; i++) q[i] = typeSeven(exact, count, P[i]);
  }

  private static double typeSeven(double[] sorted, int n, double p) {
    double pos = p * (n - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(lo + 1, n - 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }

  double median() {
    return q[2];
  }

  double spread() {
    double iqr = (q[3] - q[1]) / 1.349;
    if (iqr > 0) return iqr;
    double wide = (q[4] - q[0]) / 3.29;
    if (wide > 0) return wide;
    return Math.max(1e-9, Math.abs(q[2]) * 1e-6);
  }

  /** Standard score of {@code x} against the estimates. */
  double z(double x) {
    return (x - q[2]) / spread();
  }

  /** Standard score with the spread at least {@code minSpread}, the resolution of the data. */
  double z(double x, double minSpread) {
    return (x - q[2]) / Math.max(spread(), minSpread);
  }

  void writeTo(DataOutput out) throws IOException {
    out.writeInt(count);
    if (count < EXACT_SAMPLES) {
      for (int i = 0; i < count; i++) out.writeDouble(exact[i]);
    } else {
      for (double v : q) out.writeDouble(v);
      out.writeInt(run);
    }
  }

  void readFrom(DataInput in) throws IOException {
    int n = in.readInt();
    if (n < 0) throw new IOException("bad robust scale count " + n);
    reset();
    if (n < EXACT_SAMPLES) {
      for (int i = 0; i < n; i++) add(in.readDouble());
    } else {
      exact = null;
      count = n;
      for (int i = 0; i < q.length; i++) q[i] = in.readDouble();
      run = in.readInt();
    }
  }
}
