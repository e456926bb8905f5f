package io.driftline.detect.eval;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Optional;

/**
 * Timestamps as recorded series write them: NAB's {@code 2014-04-10 07:15:00}, the same with a
 * {@code T} or fractional seconds, ISO-8601 with an offset, a bare date, or epoch seconds or
 * milliseconds. Times without an offset are read as UTC.
 */
public final class CsvTimestamps {
  private static final DateTimeFormatter LOCAL =
      new DateTimeFormatterBuilder()
          .append(DateTimeFormatter.ISO_LOCAL_DATE)
          .optionalStart()
          .appendLiteral(' ')
          .optionalEnd()
          .optionalStart()
          .appendLiteral('T')
          .optionalEnd()
          .append(DateTimeFormatter.ofPattern("HH:mm"))
          .optionalStart()
          .appendPattern(":ss")
          .optionalEnd()
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
          .optionalEnd()
          .toFormatter();

  /** Epoch values below this are seconds, above it milliseconds (1e11 s is the year 5138). */
  private static final double SECONDS_LIMIT = 1e11;

  private CsvTimestamps() {}

  /** Epoch milliseconds of {@code text}, or empty when it is in none of the accepted forms. */
  public static Optional<Long> parseMillis(String text) {
    return parse(text).map(Instant::toEpochMilli);
  }

  public static Optional<Instant> parse(String text) {
    String t = text.strip();
    if (t.isEmpty()) return Optional.empty();
    try {
      return Optional.of(LocalDateTime.parse(t, LOCAL).toInstant(ZoneOffset.UTC));
    } catch (DateTimeParseException ignored) {
      // not a local date-time; try the other forms
    }
    try {
      return Optional.of(OffsetDateTime.parse(t).toInstant());
    } catch (DateTimeParseException ignored) {
      // not an offset date-time either
    }
    try {
      return Optional.of(LocalDate.parse(t).atStartOfDay().toInstant(ZoneOffset.UTC));
    } catch (DateTimeParseException ignored) {
      // fall through to epoch numbers
    }
    try {
      double epoch = Double.parseDouble(t);
      if (!Double.isFinite(epoch)) return Optional.empty();
      long millis = epoch < SECONDS_LIMIT ? Math.round(epoch * 1000) : Math.round(epoch);
      return Optional.of(Instant.ofEpochMilli(millis));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
