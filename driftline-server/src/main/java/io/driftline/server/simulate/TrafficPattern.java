package io.driftline.server.simulate;

import java.util.Random;

/**
 * Synthetic telemetry of a payment-like service, as DriftWatch's simulator produces (seeds/003,
 * "Testing & Validation"). Healthy latency is normal(150 ms, 25 ms), payload normal(2.4 KB, 0.75).
 *
 * <ul>
 *   <li>{@code NORMAL}: healthy all along.
 *   <li>{@code SPIKE}: healthy for the first third, latency at 3.5x (about 525 ms, z near 15) in
 *       the middle third, healthy again in the last third, so drift and recovery are both seen.
 *   <li>{@code CREEP}: the mean latency climbs linearly from 150 ms to 450 ms.
 *   <li>{@code RECOVERY}: degraded (3x) for the first half, then healthy: a service coming back.
 * </ul>
 */
public final class TrafficPattern {
  public enum Mode {
    NORMAL,
    SPIKE,
    CREEP,
    RECOVERY
  }

  /** One generated sample. */
  public record Point(double latencyMs, double payloadKb, boolean anomalous) {}

  static final double MEAN = 150, SD = 25, PAYLOAD_MEAN = 2.4, PAYLOAD_SD = 0.75;

  private final Mode mode;
  private final int total;
  private final Random random;

  public TrafficPattern(Mode mode, int total, long seed) {
    if (total < 1) throw new IllegalArgumentException("total must be >= 1 but was " + total);
    this.mode = mode;
    this.total = total;
    this.random = new Random(seed);
  }

  /** The {@code i}-th of {@code total} samples (0-based). */
  public Point next(int i) {
    double phase = (double) i / total;
    double factor =
        switch (mode) {
          case NORMAL -> 1;
          case SPIKE -> phase >= 1 / 3.0 && phase < 2 / 3.0 ? 3.5 : 1;
          case CREEP -> 1 + 2 * phase;
          case RECOVERY -> phase < 0.5 ? 3 : 1;
        };
    double latency = Math.max(1, MEAN * factor + SD * random.nextGaussian());
    double payload = Math.max(0.1, PAYLOAD_MEAN + PAYLOAD_SD * random.nextGaussian());
    return new Point(round(latency), round(payload), factor > 1);
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
