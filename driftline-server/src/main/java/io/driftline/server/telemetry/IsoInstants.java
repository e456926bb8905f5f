package io.driftline.server.telemetry;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A fast path for the timestamps clients send almost always: {@code 2026-01-12T10:30:45.123Z}, with
 * or without fraction (1 to 9 digits), {@code Z}, a {@code +HH:MM} offset, or nothing (UTC). {@code
 * DateTimeFormatter.parseBest} took about 40% of decoding a sample (JFR, see docs/benchmarks.md).
 * Anything else, and anything out of range, returns {@code null} so the caller falls back to the
 * full ISO-8601 parser, which also words the error.
 */
final class IsoInstants {
  private IsoInstants() {}

  /** The instant, or {@code null} when {@code text} is not in the fast shape or not valid. */
  static Instant parse(String text) {
    int n = text.length();
    if (n < 19
        || text.charAt(4) != '-'
        || text.charAt(7) != '-'
        || text.charAt(10) != 'T'
        || text.charAt(13) != ':'
        || text.charAt(16) != ':') {
      return null;
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 2);
    int day = digits(text, 8, 2);
    int hour = digits(text, 11, 2);
    int minute = digits(text, 14, 2);
    int second = digits(text, 17, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23) return null;
    if (minute < 0 || minute > 59 || second < 0 || second > 59) return null;
    int i = 19;
    long nanos = 0;
    if (i < n && text.charAt(i) == '.') {
      int start = ++i;
      while (i < n && isDigit(text.charAt(i))) i++;
      int count = i - start;
      if (count < 1 || count > 9) return null;
      nanos = digits(text, start, count);
      for (int k = count; k < 9; k++) nanos *= 10;
    }
    int offsetSeconds;
    if (i == n) {
      offsetSeconds = 0; // no offset: UTC, like Python's isoformat() of a naive datetime
    } else if (text.charAt(i) == 'Z' && i + 1 == n) {
      offsetSeconds = 0;
    } else if ((text.charAt(i) == '+' || text.charAt(i) == '-')
        && i + 6 == n
        && text.charAt(i + 3) == ':') {
      int hours = digits(text, i + 1, 2);
      int minutes = digits(text, i + 4, 2);
      if (hours < 0 || hours > 18 || minutes < 0 || minutes > 59) return null;
      if (hours == 18 && minutes > 0) return null;
      offsetSeconds = (text.charAt(i) == '-' ? -1 : 1) * (hours * 3600 + minutes * 60);
    } else {
      return null;
    }
    if (day > LocalDate.of(year, month, 1).lengthOfMonth()) return null;
    long epochDay = LocalDate.of(year, month, day).toEpochDay();
    long seconds = epochDay * 86_400 + hour * 3600L + minute * 60L + second - offsetSeconds;
    return Instant.ofEpochSecond(seconds, nanos);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** The decimal number in {@code text[from, from + count)}, or -1 if a character is no digit. */
  private static int digits(String text, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = text.charAt(i);
      if (!isDigit(c)) return -1;
      value = value * 10 + (c - '0');
    }
    return value;
  }
}
