package io.driftline.server.telemetry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.driftline.server.http.ApiError;
import io.driftline.server.http.Json;
import io.driftline.telemetry.InvalidTelemetryException;
import io.driftline.telemetry.TelemetryLimits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns request bodies into validated {@link TelemetryRecord}s. A body is checked whole before
 * anything is stored: one bad item rejects the request, and the answer lists every bad item.
 */
public final class TelemetryDecoder {
  static final Set<String> FIELDS =
      Set.of("service_id", "latency_ms", "payload_kb", "timestamp", "metrics", "labels");
  private static final int MAX_REPORTED_ERRORS = 100;

  private final Clock clock;
  private final Duration maxFutureSkew;
  private final int maxItems;

  public TelemetryDecoder(Clock clock, Duration maxFutureSkew, int maxItems) {
    this.clock = clock;
    this.maxFutureSkew = maxFutureSkew;
    this.maxItems = maxItems;
  }

  public TelemetryRecord decodeOne(byte[] body) {
    try {
      return record(parse(body, 1), clock.instant());
    } catch (InvalidTelemetryException e) {
      throw ApiError.badRequest(e.field(), e.getMessage());
    }
  }

  /** A JSON array of telemetry objects. */
  public List<TelemetryRecord> decodeArray(byte[] body) {
    JsonNode root = parse(body, 1);
    if (!root.isArray()) {
      throw ApiError.badRequest(
          null,
          "expected a JSON array of telemetry objects but got "
              + kind(root)
              + " (send one object to /v1/telemetry)");
    }
    List<JsonNode> items = new ArrayList<>(root.size());
    root.forEach(items::add);
    return validateAll(items, false);
  }

  /** Newline-delimited JSON: one telemetry object per line; blank lines are skipped. */
  public List<TelemetryRecord> decodeNdjson(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    List<JsonNode> items = new ArrayList<>();
    int line = 0;
    for (String raw : text.split("\r?\n")) {
      line++;
      if (raw.isBlank()) continue;
      if (items.size() >= maxItems) throw tooMany();
      items.add(parse(raw.getBytes(StandardCharsets.UTF_8), line));
    }
    return validateAll(items, true);
  }

  private List<TelemetryRecord> validateAll(List<JsonNode> items, boolean ndjson) {
    if (items.isEmpty()) throw ApiError.badRequest(null, "the batch holds no telemetry objects");
    if (items.size() > maxItems) throw tooMany();
    Instant now = clock.instant();
    List<TelemetryRecord> records = new ArrayList<>(items.size());
    List<Map<String, Object>> errors = new ArrayList<>();
    int invalid = 0;
    for (int i = 0; i < items.size(); i++) {
      try {
        records.add(record(items.get(i), now));
      } catch (InvalidTelemetryException e) {
        invalid++;
        if (errors.size() < MAX_REPORTED_ERRORS) {
          Map<String, Object> error = new LinkedHashMap<>();
          error.put("index", i);
          error.put("field", e.field());
          error.put("message", e.getMessage());
          errors.add(error);
        }
      }
    }
    if (invalid > 0) {
      throw new ApiError(
          400,
          "invalid_request",
          invalid
              + " of "
              + items.size()
              + " "
              + (ndjson ? "lines" : "items")
              + " are invalid; nothing was stored",
          null,
          errors,
          Map.of());
    }
    return records;
  }

  private ApiError tooMany() {
    return ApiError.badRequest(
        null, "a batch holds at most " + maxItems + " items (ingest.max_batch_items); split it");
  }

  static JsonNode parse(byte[] body, int line) {
    try {
      JsonNode node = Json.MAPPER.readTree(body);
      if (node == null || node.isMissingNode()) {
        throw ApiError.badRequest(null, "request body holds no JSON value");
      }
      return node;
    } catch (JsonProcessingException e) {
      var loc = e.getLocation();
      String where =
          loc == null
              ? ""
              : " at line " + (line > 1 ? line : loc.getLineNr()) + ", column " + loc.getColumnNr();
      throw ApiError.badRequest(null, "malformed JSON" + where + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw ApiError.badRequest(null, "unreadable body: " + e.getMessage());
    }
  }

  TelemetryRecord record(JsonNode node, Instant now) {
    if (!node.isObject()) {
      throw new InvalidTelemetryException("", "expected a telemetry object but got " + kind(node));
    }
    for (var it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!FIELDS.contains(name)) {
        throw new InvalidTelemetryException(
            name,
            "unknown field '" + name + "'; accepted fields are " + new java.util.TreeSet<>(FIELDS));
      }
    }
    JsonNode id = node.get("service_id");
    if (id == null || id.isNull()) {
      throw new InvalidTelemetryException("service_id", "service_id is required");
    }
    if (!id.isTextual()) {
      throw new InvalidTelemetryException(
          "service_id", "service_id must be a string but was " + kind(id));
    }
    String serviceId = TelemetryLimits.normalizeId("service_id", id.asText());
    Map<String, Double> metrics = new LinkedHashMap<>();
    number(node, "latency_ms", "latency_ms", metrics);
    number(node, "payload_kb", "payload_kb", metrics);
    JsonNode extra = node.get("metrics");
    if (extra != null) {
      if (!extra.isObject()) {
        throw new InvalidTelemetryException(
            "metrics", "metrics must be an object of metric name to number but was " + kind(extra));
      }
      for (var it = extra.fieldNames(); it.hasNext(); ) {
        String name = it.next();
        try {
          TelemetryLimits.checkMetricName(name);
        } catch (InvalidTelemetryException e) {
          throw new InvalidTelemetryException("metrics." + name, e.getMessage());
        }
        if (metrics.containsKey(name)) {
          throw new InvalidTelemetryException("metrics." + name, name + " is given twice");
        }
        number(extra, name, "metrics." + name, metrics);
      }
    }
    if (metrics.isEmpty()) {
      throw new InvalidTelemetryException(
          "latency_ms", "at least one of latency_ms, payload_kb or metrics is required");
    }
    return TelemetryRecord.of(
        serviceId, timestamp(node.get("timestamp"), now), metrics, labels(node.get("labels")));
  }

  private static void number(JsonNode parent, String name, String field, Map<String, Double> out) {
    JsonNode value = parent.get(name);
    if (value == null) return;
    if (!value.isNumber()) {
      throw new InvalidTelemetryException(
          field, field + " must be a number but was " + kind(value));
    }
    out.put(name, TelemetryLimits.checkValue(field, value.doubleValue()));
  }

  private Instant timestamp(JsonNode value, Instant now) {
    if (value == null || value.isNull()) return now.truncatedTo(ChronoUnit.MILLIS);
    if (!value.isTextual()) {
      throw new InvalidTelemetryException(
          "timestamp",
          "timestamp must be an ISO-8601 string such as 2026-01-12T10:30:45.123Z but was "
              + kind(value));
    }
    Instant at = parseInstant(value.asText());
    if (at.isAfter(now.plus(maxFutureSkew))) {
      throw new InvalidTelemetryException(
          "timestamp",
          "timestamp "
              + value.asText()
              + " is more than "
              + maxFutureSkew.toSeconds()
              + "s ahead of server time "
              + now
              + " (ingest.max_future_skew)");
    }
    // old timestamps are accepted (the seed's own example dates from January); a sample older
    // than retention.samples is stored and removed by the next retention pass
    return at.truncatedTo(ChronoUnit.MILLIS);
  }

  /** ISO-8601 with an offset, or without one, which is taken as UTC (Python's isoformat()). */
  public static Instant parseInstant(String text) {
    Instant fast = IsoInstants.parse(text);
    if (fast != null) return fast;
    try {
      TemporalAccessor parsed =
          DateTimeFormatter.ISO_DATE_TIME.parseBest(
              text, java.time.OffsetDateTime::from, LocalDateTime::from);
      return parsed instanceof LocalDateTime local
          ? local.toInstant(ZoneOffset.UTC)
          : ((java.time.OffsetDateTime) parsed).toInstant();
    } catch (DateTimeParseException e) {
      throw new InvalidTelemetryException(
          "timestamp", "timestamp '" + text + "' is not ISO-8601 (e.g. 2026-01-12T10:30:45.123Z)");
    }
  }

  static Map<String, String> labels(JsonNode node) {
    if (node == null || node.isNull()) return Map.of();
    if (!node.isObject()) {
      throw new InvalidTelemetryException(
          "labels", "labels must be an object of name to string but was " + kind(node));
    }
    Map<String, String> labels = new LinkedHashMap<>();
    for (var it = node.properties().iterator(); it.hasNext(); ) {
      var e = it.next();
      if (!e.getValue().isTextual()) {
        throw new InvalidTelemetryException(
            "labels." + e.getKey(),
            "label values must be strings but " + e.getKey() + " was " + kind(e.getValue()));
      }
      labels.put(
          e.getKey(), TelemetryLimits.normalizeId("labels." + e.getKey(), e.getValue().asText()));
    }
    return labels;
  }

  static String kind(JsonNode node) {
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
