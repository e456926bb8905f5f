package io.driftline.baseline;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Mean and standard deviation of a series, learned from its first {@code warmup} samples and kept
 * current afterwards.
 *
 * <p>During warm-up every sample counts equally (Welford's online algorithm, Welford 1962; Knuth
 * TAOCP vol. 2, 4.2.2). Once warm, the statistics become exponentially weighted (incremental
 * weighted variance, Finch 2009, "Incremental calculation of weighted mean and variance"), so an
 * old baseline follows slow, legitimate change. Which samples may update a warm baseline is the
 * detector's decision, not this class's.
 *
 * <p>The mean forgets with {@code alpha = 2 / (window + 1)}, the variance ten times more slowly. A
 * creeping series drags an exponentially weighted mean behind it by about {@code slope / alpha};
 * with one shared rate the variance would absorb that lag squared and the spread would grow as fast
 * as the drift, hiding it. The slower variance keeps the spread honest while the mean adapts.
 */
public final class RunningBaseline {
  private final int warmup;
  private final double alphaMean;
  private final double alphaVariance;
  private long count;
  private double mean;
  private double m2; // sum of squared deviations while warming up; variance afterwards

  public RunningBaseline(int warmup, int window) {
    if (warmup < 2) throw new IllegalArgumentException("warmup must be >= 2 but was " + warmup);
    if (window < 1) throw new IllegalArgumentException("window must be >= 1 but was " + window);
    this.warmup = warmup;
    this.alphaMean = 2.0 / (window + 1.0);
    this.alphaVariance = 2.0 / (10.0 * window + 1.0);
  }

  public void update(double x) {
    if (count < warmup) {
      count++;
      double delta = x - mean;
      mean += delta / count;
      m2 += delta * (x - mean);
      if (count == warmup) m2 = m2 / (count - 1); // switch to holding the variance
      return;
    }
    count++;
    double diff = x - mean;
    mean += alphaMean * diff;
    // with equal rates this is Finch's (1 - a)(var + a diff^2)
    m2 = (1 - alphaVariance) * m2 + alphaVariance * diff * (x - mean);
  }

  public boolean isReady() {
    return count >= warmup;
  }

  public long count() {
    return count;
  }

  public double mean() {
    return mean;
  }

  public double variance() {
    if (count >= warmup) return m2;
    return count > 1 ? m2 / (count - 1) : 0;
  }

  public double stddev() {
    return Math.sqrt(variance());
  }

  /**
   * Standard score of {@code x}. A flat series has no spread, so the spread is floored at a
   * millionth of the mean's magnitude (and 1e-9): any real change then scores as extreme instead of
   * dividing by zero.
   */
  public double zScore(double x) {
    double floor = Math.max(1e-9, Math.abs(mean) * 1e-6);
    return (x - mean) / Math.max(stddev(), floor);
  }

  public void writeTo(DataOutput out) throws IOException {
    out.writeLong(count);
    out.writeDouble(mean);
    out.writeDouble(m2);
  }

  public void readFrom(DataInput in) throws IOException {
    count = in.readLong();
    mean = in.readDouble();
    m2 = in.readDouble();
  }
}
