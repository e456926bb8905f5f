package io.driftline.sources.hawkeye;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftline.sources.SourceException;
import io.driftline.workload.PodMetric;
import io.driftline.workload.PodSignal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * One Hawkeye item as a pod metric, through the configured pointers. Missing identity (timestamp,
 * namespace, pod) or an unreadable value fails with the item's place and the pointer, because it
 * means the mapping does not fit the API; a missing or null signal is simply absent, and an item
 * without any signal is skipped.
 */
final class HawkeyeItem {
  private final Map<String, String> fields;

  HawkeyeItem(Map<String, String> fields) {
    this.fields = fields;
  }

  Optional<PodMetric> map(JsonNode item, String clusterId, String where) throws SourceException {
    long epochMillis = timestamp(required(item, "timestamp", where), where);
    String namespace = text(required(item, "namespace", where));
    String pod = text(required(item, "pod", where));
    String workload = optionalText(item, "workload").orElse(pod);
    Optional<String> container = optionalText(item, "container");
    Map<PodSignal, Double> values = new EnumMap<>(PodSignal.class);
    for (PodSignal signal : PodSignal.values()) {
      JsonNode node = at(item, signal.field());
      if (node == null || node.isNull()) continue;
      double value = number(node, signal.field(), where);
      if (Double.isFinite(value) && value >= 0) values.put(signal, value);
    }
    if (values.isEmpty()) return Optional.empty();
    try {
      return Optional.of(
          new PodMetric(
              clusterId, namespace, pod, workload, container, epochMillis, Map.of(), values));
    } catch (IllegalArgumentException e) {
      throw new SourceException("hawkeye: " + where + ": " + e.getMessage());
    }
  }

  private JsonNode at(JsonNode item, String field) {
    String pointer = fields.get(field);
    if (pointer == null || pointer.isEmpty()) return null;
    JsonNode node = item.at(pointer);
    return node.isMissingNode() ? null : node;
  }

  private JsonNode required(JsonNode item, String field, String where) throws SourceException {
    JsonNode node = at(item, field);
    if (node == null || node.isNull() || (node.isTextual() && node.asText().isBlank())) {
      throw new SourceException(
          "hawkeye: "
              + where
              + " has no "
              + field
              + " at "
              + fields.get(field)
              + " (set sources.hawkeye.fields to the API's shape)");
    }
    return node;
  }

  private Optional<String> optionalText(JsonNode item, String field) {
    JsonNode node = at(item, field);
    if (node == null || node.isNull() || text(node).isBlank()) return Optional.empty();
    return Optional.of(text(node));
  }

  private static String text(JsonNode node) {
    return node.isValueNode() ? node.asText() : node.toString();
  }

  private double number(JsonNode node, String field, String where) throws SourceException {
    if (node.isNumber()) return node.asDouble();
    if (node.isTextual()) {
      try {
        return Double.parseDouble(node.asText().strip());
      } catch (NumberFormatException e) {
        // fall through to the error below
      }
    }
    throw new SourceException(
        "hawkeye: "
            + where
            + ": "
            + field
            + " at "
            + fields.get(field)
            + " is not a number: "
            + node);
  }

  /** ISO-8601 text, or epoch seconds / milliseconds as a number (milliseconds above 1e11). */
  private long timestamp(JsonNode node, String where) throws SourceException {
    if (node.isNumber()) {
      double n = node.asDouble();
      return n > 1e11 ? (long) n : (long) (n * 1000);
    }
    String text = node.asText().strip();
    try {
      return OffsetDateTime.parse(text).toInstant().toEpochMilli();
    } catch (DateTimeParseException notOffset) {
      try {
        return Instant.parse(text).toEpochMilli();
      } catch (DateTimeParseException e) {
        throw new SourceException(
            "hawkeye: " + where + ": timestamp '" + text + "' is neither ISO-8601 nor epoch time");
      }
    }
  }
}
