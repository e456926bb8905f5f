package io.driftline.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.driftline.server.telemetry.TelemetryDecoder;
import io.driftline.telemetry.InvalidTelemetryException;
import io.driftline.telemetry.TelemetryLimits;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed reads of one JSON object's fields for the request decoders. Every failure is an {@link
 * InvalidTelemetryException} naming the field, so a decoder turns it into a {@code 400} (or an item
 * error of a batch) the same way everywhere.
 */
public final class JsonFields {
  private final JsonNode node;
  private final String prefix;

  private JsonFields(JsonNode node, String prefix) {
    this.node = node;
    this.prefix = prefix;
  }

  /** The object's fields, refusing anything but an object and any field not in {@code accepted}. */
  public static JsonFields of(JsonNode node, Set<String> accepted, String what) {
    if (node == null || !node.isObject()) {
      throw new InvalidTelemetryException(
          "", "expected " + what + " object but got " + (node == null ? "nothing" : kind(node)));
    }
    for (var it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!accepted.contains(name)) {
        throw new InvalidTelemetryException(
            name, "unknown field '" + name + "'; accepted fields are " + new TreeSet<>(accepted));
      }
    }
    return new JsonFields(node, "");
  }

  /** Parses a whole request body as one JSON value; malformed JSON is a 400 with its position. */
  public static JsonNode parse(byte[] body) {
    try {
      JsonNode node = Json.MAPPER.readTree(body);
      if (node == null || node.isMissingNode()) {
        throw ApiError.badRequest(null, "request body holds no JSON value");
      }
      return node;
    } catch (JsonProcessingException e) {
      var loc = e.getLocation();
      String where =
          loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
      throw ApiError.badRequest(null, "malformed JSON" + where + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw ApiError.badRequest(null, "unreadable body: " + e.getMessage());
    }
  }

  public JsonNode node() {
    return node;
  }

  public boolean has(String field) {
    JsonNode v = node.get(field);
    return v != null && !v.isNull();
  }

  /** A required identifier: a non-blank string, NFC, no control characters, no '/'. */
  public String id(String field) {
    return optionalId(field).orElseThrow(() -> missing(field));
  }

  public Optional<String> optionalId(String field) {
    return optionalText(field)
        .map(
            text -> {
              String id = TelemetryLimits.normalizeId(field, text);
              if (id.indexOf('/') >= 0) {
                throw new InvalidTelemetryException(
                    field, field + " must not contain '/' but was " + id);
              }
              return id;
            });
  }

  public String text(String field) {
    return optionalText(field).orElseThrow(() -> missing(field));
  }

  public Optional<String> optionalText(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) return Optional.empty();
    if (!v.isTextual()) {
      throw new InvalidTelemetryException(field, field + " must be a string but was " + kind(v));
    }
    if (v.asText().isBlank()) {
      throw new InvalidTelemetryException(field, field + " must not be empty");
    }
    return Optional.of(v.asText());
  }

  public double number(String field) {
    OptionalDouble v = optionalNumber(field);
    if (v.isEmpty()) throw missing(field);
    return v.getAsDouble();
  }

  /** A finite, non-negative number. */
  public OptionalDouble optionalNumber(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) return OptionalDouble.empty();
    if (!v.isNumber()) {
      throw new InvalidTelemetryException(field, field + " must be a number but was " + kind(v));
    }
    return OptionalDouble.of(TelemetryLimits.checkValue(field, v.doubleValue()));
  }

  public int count(String field) {
    double v = number(field);
    if (v != Math.rint(v) || v > Integer.MAX_VALUE) {
      throw new InvalidTelemetryException(field, field + " must be a whole number but was " + v);
    }
    return (int) v;
  }

  public Optional<Boolean> optionalBoolean(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) return Optional.empty();
    if (!v.isBoolean()) {
      throw new InvalidTelemetryException(
          field, field + " must be true or false but was " + kind(v));
    }
    return Optional.of(v.asBoolean());
  }

  public Instant instant(String field) {
    return optionalInstant(field).orElseThrow(() -> missing(field));
  }

  public Optional<Instant> optionalInstant(String field) {
    return optionalText(field)
        .map(
            text -> {
              try {
                return TelemetryDecoder.parseInstant(text);
              } catch (InvalidTelemetryException e) {
                throw new InvalidTelemetryException(
                    field, field + " '" + text + "' is not ISO-8601 (e.g. 2024-01-15T10:00:00Z)");
              }
            });
  }

  public LocalDate date(String field) {
    String text = text(field);
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw new InvalidTelemetryException(
          field, field + " must be a date such as 2024-01-15 but was '" + text + "'");
    }
  }

  /** Any JSON value, kept as compact JSON text ({@code null} when absent). */
  public String jsonText(String field) {
    JsonNode v = node.get(field);
    return v == null ? "null" : v.toString();
  }

  private InvalidTelemetryException missing(String field) {
    return new InvalidTelemetryException(prefix + field, prefix + field + " is required");
  }

  public static String kind(JsonNode node) {
    return switch (node.getNodeType()) {
      case ARRAY -> "an array";
      case OBJECT, POJO -> "an object";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> "an unsupported value";
    };
  }
}
