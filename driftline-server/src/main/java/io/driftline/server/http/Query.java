package io.driftline.server.http;

import io.driftline.server.config.Durations;
import io.driftline.server.telemetry.TelemetryDecoder;
import io.driftline.telemetry.InvalidTelemetryException;
import io.driftline.telemetry.TelemetryLimits;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reading path and query parameters with one error standard: a bad value is a {@code 400} that
 * names the parameter and says what is accepted.
 */
public final class Query {
  public static final int DEFAULT_LIMIT = 100;
  public static final int MAX_LIMIT = 10_000;

  private Query() {}

  /** A path parameter that is an identifier (NFC, no control characters, no '/'). */
  public static String id(Context ctx, String name) {
    return checkedId(name, ctx.pathParam(name));
  }

  public static Optional<String> optionalId(Context ctx, String name) {
    String raw = ctx.queryParam(name);
    return raw == null ? Optional.empty() : Optional.of(checkedId(name, raw));
  }

  private static String checkedId(String name, String raw) {
    try {
      return TelemetryLimits.normalizeId(name, raw);
    } catch (InvalidTelemetryException e) {
      throw ApiError.badRequest(name, e.getMessage());
    }
  }

  public static int limit(Context ctx) {
    return integer(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
  }

  public static int offset(Context ctx) {
    return integer(ctx, "offset", 0, 0, Integer.MAX_VALUE);
  }

  public static int integer(Context ctx, String name, int fallback, int min, int max) {
    String raw = ctx.queryParam(name);
    if (raw == null) return fallback;
    try {
      int value = Integer.parseInt(raw.strip());
      if (value < min || value > max) throw new NumberFormatException();
      return value;
    } catch (NumberFormatException e) {
      throw ApiError.badRequest(
          name, name + " must be a whole number " + min + "-" + max + " but was " + raw);
    }
  }

  /** An ISO-8601 time ({@code 2024-01-15T10:00:00Z}; without an offset: UTC). */
  public static Optional<Instant> instant(Context ctx, String name) {
    String raw = ctx.queryParam(name);
    if (raw == null) return Optional.empty();
    try {
      return Optional.of(TelemetryDecoder.parseInstant(raw.strip()));
    } catch (InvalidTelemetryException e) {
      throw ApiError.badRequest(
          name, name + " must be an ISO-8601 time such as 2024-01-15T10:00:00Z but was " + raw);
    }
  }

  /** An ISO date ({@code 2024-01-31}). */
  public static Optional<LocalDate> date(Context ctx, String name) {
    String raw = ctx.queryParam(name);
    if (raw == null) return Optional.empty();
    try {
      return Optional.of(LocalDate.parse(raw.strip()));
    } catch (DateTimeParseException e) {
      throw ApiError.badRequest(name, name + " must be a date such as 2024-01-31 but was " + raw);
    }
  }

  /** A duration such as {@code 5m}, {@code 1h} or {@code 300s}. */
  public static Optional<Duration> duration(Context ctx, String name) {
    String raw = ctx.queryParam(name);
    if (raw == null) return Optional.empty();
    try {
      Duration d = Durations.parse(raw.strip());
      if (d.isZero() || d.isNegative()) throw new IllegalArgumentException();
      return Optional.of(d);
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest(
          name, name + " must be a positive duration such as 60s, 5m or 1h but was " + raw);
    }
  }

  /** An optional enum value given in any case; the 400 lists the accepted values. */
  public static <E extends Enum<E>> Optional<E> choice(Context ctx, String name, Class<E> type) {
    String raw = ctx.queryParam(name);
    if (raw == null) return Optional.empty();
    return Optional.of(choice(name, raw, type));
  }

  public static <E extends Enum<E>> E choice(String name, String raw, Class<E> type) {
    try {
      return Enum.valueOf(type, raw.strip().toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest(
          name,
          name
              + " must be one of "
              + java.util.Arrays.stream(type.getEnumConstants())
                  .map(c -> c.name().toLowerCase(java.util.Locale.ROOT))
                  .toList()
              + " but was "
              + raw);
    }
  }
}
