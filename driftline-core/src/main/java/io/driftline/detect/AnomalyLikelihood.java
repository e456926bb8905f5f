package io.driftline.detect;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * How unusual the recent surprise of a series is compared with that series' own history: the
 * "anomaly likelihood" of Ahmad, Lavin, Purdy and Agha (2017, "Unsupervised real-time anomaly
 * detection for streaming data", Neurocomputing 262), the layer that lets Numenta's HTM detector
 * stay quiet on noisy series. The mean surprise of the last {@code shortWindow} samples is compared
 * with an exponentially weighted mean and variance of that same average (memory {@code 1 / alpha}
 * samples); the output is the -log10 upper normal tail of the difference.
 *
 * <p>A bursty series whose raw surprise is often high therefore needs a burst well beyond its usual
 * bursts, while a quiet series alarms on a modest one.
 */
final class AnomalyLikelihood {
  /** Averages seen before the long-run statistics are trusted. */
  private static final int WARMUP = 50;

  /**
   * Floor of the long-run spread, in surprise units: a series that never surprised alarms at once.
   */
  private static final double MIN_SPREAD = 1e-4;

  private final float[] recent; // float: the surprises need no more precision, and half the memory
  private final double alpha;
  private int head;
  private int filled;
  private double sum;
  private long count;
  private double mean;
  private double variance;

  AnomalyLikelihood(int shortWindow, double alpha) {
    if (shortWindow < 1)
      throw new IllegalArgumentException("short window must be >= 1 but was " + shortWindow);
    if (!(alpha > 0 && alpha < 1))
      throw new IllegalArgumentException("alpha must be in (0, 1) but was " + alpha);
    this.recent = new float[shortWindow];
    this.alpha = alpha;
  }

  /** Adds one raw surprise (-log10 p); returns the surprise of the recent average. */
  double add(double surprise) {
    float stored = (float) surprise;
    sum += stored - recent[head];
    recent[head] = stored;
    head = (head + 1) % recent.length;
    if (filled < recent.length) filled++;
    double avg = sum / filled;
    count++;
    double out = 0;
    if (count > WARMUP)
      out = Tail.surpriseUpper((avg - mean) / Math.max(Math.sqrt(variance), MIN_SPREAD));
    // Finch 2009, incremental exponentially weighted mean and variance; equal weights at first
    double a = Math.max(alpha, 1.0 / count);
    double diff = avg - mean;
    mean += a * diff;
    variance = (1 - a) * (variance + a * diff * diff);
    return out;
  }

  void writeTo(DataOutput out) throws IOException {
    out.writeInt(recent.length);
    for (float r : recent) out.writeFloat(r);
    out.writeInt(head);
    out.writeInt(filled);
    out.writeDouble(sum);
    out.writeLong(count);
    out.writeDouble(mean);
    out.writeDouble(variance);
  }

  void readFrom(DataInput in) throws IOException {
    int n = in.readInt();
    if (n != recent.length)
      throw new IOException("checkpoint short window " + n + " does not match " + recent.length);
    for (int i = 0; i < n; i++) recent[i] = in.readFloat();
    head = in.readInt();
    filled = in.readInt();
    sum = in.readDouble();
    count = in.readLong();
    mean = in.readDouble();
    variance = in.readDouble();
  }
}
