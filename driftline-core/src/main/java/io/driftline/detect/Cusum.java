package io.driftline.detect;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The two one-sided CUSUM sums of Page (1954, "Continuous inspection schemes", Biometrika 41):
 * {@code S+ = max(0, S+ + z - k)} and {@code S- = max(0, S- - z - k)} over standard scores z. They
 * grow only while the mean sits more than {@code k} standard deviations off the baseline, so they
 * reveal small shifts and slow drifts that no single sample does. Inputs are clipped to |z| <= 4 so
 * that one spike cannot fire them alone; the sums restart after reaching {@code h}.
 */
final class Cusum {
  private static final double CLIP = 4;
  private final double k;
  private final double h;
  private double up;
  private double down;

  Cusum(double k, double h) {
    if (!(k > 0)) throw new IllegalArgumentException("k must be > 0 but was " + k);
    if (!(h > 0)) throw new IllegalArgumentException("h must be > 0 but was " + h);
    this.k = k;
    this.h = h;
  }

  /** Adds a standard score; returns the larger sum before any restart. */
  double add(double z) {
    double c = Math.max(-CLIP, Math.min(CLIP, z));
    up = Math.max(0, up + c - k);
    down = Math.max(0, down - c - k);
    double sum = Math.max(up, down);
    if (sum >= h) {
      up = 0;
      down = 0;
    }
    return sum;
  }

  /**
   * -log10 of the approximate probability that an in-control CUSUM reaches {@code sum}, {@code
   * exp(-2 k sum)} (Siegmund 1985, Sequential Analysis, ch. 2): 2.17 at the textbook k = 0.5, h =
   * 5.
   */
  double surprise(double sum) {
    return 2 * k * sum / Math.log(10);
  }

  double h() {
    return h;
  }

  double k() {
    return k;
  }

  void writeTo(DataOutput out) throws IOException {
    out.writeDouble(up);
    out.writeDouble(down);
  }

  void readFrom(DataInput in) throws IOException {
    up = in.readDouble();
    down = in.readDouble();
  }
}
