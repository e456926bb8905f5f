package io.driftline.server.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses durations as operators write them: {@code 0}, {@code 500us}, {@code 500ms}, {@code 10s},
 * {@code 5m}, {@code 1h}, {@code 7d}, or ISO-8601.
 */
public final class Durations {
  private static final Pattern SIMPLE = Pattern.compile("(\\d+)(us|ms|s|m|h|d|w)");

  private Durations() {}

  public static Duration parse(String text) {
    String t = text.strip();
    if (t.equals("0")) return Duration.ZERO;
    Matcher m = SIMPLE.matcher(t);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "us" -> Duration.ofNanos(Math.multiplyExact(n, 1000));
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        case "d" -> Duration.ofDays(n);
        default -> Duration.ofDays(7 * n);
      };
    }
    try {
      return Duration.parse(t);
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException("not a duration: " + text);
    }
  }

  /** The shortest of the simple forms that represents {@code d} exactly. */
  public static String format(Duration d) {
    if (d.isZero()) return "0";
    if (d.toNanos() % 1_000_000 != 0) return d.toNanos() / 1000 + "us";
    long ms = d.toMillis();
    if (ms % 86_400_000 == 0) return ms / 86_400_000 + "d";
    if (ms % 3_600_000 == 0) return ms / 3_600_000 + "h";
    if (ms % 60_000 == 0) return ms / 60_000 + "m";
    if (ms % 1000 == 0) return ms / 1000 + "s";
    return ms + "ms";
  }
}
