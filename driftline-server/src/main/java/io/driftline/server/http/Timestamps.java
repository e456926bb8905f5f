package io.driftline.server.http;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Times in responses look like the seed's: {@code 2026-01-12T10:30:45.123Z}, always milliseconds.
 */
public final class Timestamps {
  private static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private Timestamps() {}

  public static String format(Instant instant) {
    return ISO_MILLIS.format(instant);
  }

  public static String format(long epochMillis) {
    return format(Instant.ofEpochMilli(epochMillis));
  }
}
