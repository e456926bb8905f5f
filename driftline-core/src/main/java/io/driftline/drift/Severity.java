package io.driftline.drift;

import java.util.Locale;

/**
 * How bad a drift event is; written lower case on the API ({@code minor}, ...). Detected drift uses
 * the seed's {@code minor}/{@code major}/{@code critical}; capacity risk uses {@code info}, {@code
 * warning}, {@code critical}, {@code emergency} (seeds/001's words). Declared from least to most
 * urgent, so {@link #max} and routing by a minimum severity work across both scales.
 */
public enum Severity {
  /** Capacity risk far ahead (more than 30 days by default). */
  INFO,
  MINOR,
  /** Capacity risk within weeks (7 to 30 days by default). */
  WARNING,
  MAJOR,
  CRITICAL,
  /** Capacity risk within a day. */
  EMERGENCY;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Severity max(Severity a, Severity b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
