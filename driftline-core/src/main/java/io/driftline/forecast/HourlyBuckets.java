package io.driftline.forecast;

/**
 * Turns irregular samples into the equally spaced hourly history the models need: the mean of the
 * samples in each hour of a window, NaN for an hour without one (a gap that {@link History#clean}
 * fills). Add samples in any order, in as many batches as the store returns.
 */
public final class HourlyBuckets {
  private static final long HOUR = 3_600_000L;

  private final long fromMillis;
  private final double[] sum;
  private final int[] count;

  /** Hours {@code [fromMillis, fromMillis + hours * 1h)}; {@code fromMillis} on an hour. */
  public HourlyBuckets(long fromMillis, int hours) {
    if (fromMillis % HOUR != 0)
      throw new IllegalArgumentException("fromMillis must be on an hour but was " + fromMillis);
    if (hours < 1) throw new IllegalArgumentException("hours must be >= 1 but was " + hours);
    this.fromMillis = fromMillis;
    this.sum = new double[hours];
    this.count = new int[hours];
  }

  /** Counts a sample; outside the window or not finite, it is ignored. */
  public void add(long epochMillis, double value) {
    if (epochMillis < fromMillis || !Double.isFinite(value)) return;
    long i = (epochMillis - fromMillis) / HOUR;
    if (i >= sum.length) return;
    sum[(int) i] += value;
    count[(int) i]++;
  }

  /**
   * Hourly means from the first hour with a sample to the end of the window (NaN for hours without
   * one, at the end too); empty when there is no sample.
   */
  public double[] values() {
    int first = 0;
    while (first < count.length && count[first] == 0) first++;
    double[] out = new double[count.length - first];
    for (int i = first; i < count.length; i++)
      out[i - first] = count[i] == 0 ? Double.NaN : sum[i] / count[i];
    return out;
  }
}
