package io.driftline.telemetry;

/** One observation of one series. Values are finite; the time is epoch milliseconds. */
public record Sample(SeriesKey key, long epochMillis, double value) {

  public Sample {
    if (key == null) throw new NullPointerException("key");
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("value must be finite but was " + value);
    }
  }
}
