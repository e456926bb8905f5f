package io.driftline.server.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftline.server.http.ApiError;
import io.driftline.server.http.JsonFields;
import io.driftline.telemetry.InvalidTelemetryException;
import io.driftline.telemetry.TelemetryLimits;
import io.driftline.workload.PodMetric;
import io.driftline.workload.PodSignal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns {@code {"metrics": [...]}} into validated {@link PodMetric}s with the standard of {@code
 * /v1/telemetry}: the whole request is checked before anything is stored, and the {@code 400} lists
 * every bad item by index and field.
 */
public final class PodMetricDecoder {
  static final Set<String> FIELDS;
  private static final Set<String> IDS =
      Set.of("cluster_id", "namespace", "pod_name", "workload_name", "container");
  private static final int MAX_REPORTED_ERRORS = 100;

  static {
    Set<String> fields = new HashSet<>(IDS);
    fields.addAll(Set.of("timestamp", "labels"));
    for (PodSignal s : PodSignal.values()) fields.add(s.field());
    FIELDS = Set.copyOf(fields);
  }

  private final Clock clock;
  private final Duration maxFutureSkew;
  private final Duration maxAge;
  private final int maxItems;

  public PodMetricDecoder(Clock clock, Duration maxFutureSkew, Duration maxAge, int maxItems) {
    this.clock = clock;
    this.maxFutureSkew = maxFutureSkew;
    this.maxAge = maxAge;
    this.maxItems = maxItems;
  }

  public List<PodMetric> decode(byte[] body) {
    JsonNode root = JsonFields.parse(body);
    JsonNode items;
    try {
      items =
          JsonFields.of(root, Set.of("metrics"), "a {\"metrics\": [...]}").node().get("metrics");
    } catch (InvalidTelemetryException e) {
      throw ApiError.badRequest(e.field().isEmpty() ? null : e.field(), e.getMessage());
    }
    if (items == null || !items.isArray()) {
      throw ApiError.badRequest(
          "metrics",
          "metrics must be an array of pod metric objects but was "
              + (items == null ? "missing" : JsonFields.kind(items)));
    }
    if (items.isEmpty()) throw ApiError.badRequest("metrics", "metrics holds no items");
    if (items.size() > maxItems) {
      throw ApiError.badRequest(
          "metrics",
          "metrics holds at most " + maxItems + " items (ingest.max_batch_items); split it");
    }
    Instant now = clock.instant();
    List<PodMetric> metrics = new ArrayList<>(items.size());
    List<Map<String, Object>> errors = new ArrayList<>();
    int invalid = 0;
    for (int i = 0; i < items.size(); i++) {
      try {
        metrics.add(item(items.get(i), now));
      } catch (InvalidTelemetryException e) {
        invalid++;
        if (errors.size() < MAX_REPORTED_ERRORS) errors.add(error(i, e.field(), e.getMessage()));
      } catch (IllegalArgumentException e) {
        invalid++;
        if (errors.size() < MAX_REPORTED_ERRORS) errors.add(error(i, "", e.getMessage()));
      }
    }
    if (invalid > 0) {
      throw new ApiError(
          400,
          "invalid_request",
          invalid + " of " + items.size() + " metrics are invalid; nothing was stored",
          null,
          errors,
          Map.of());
    }
    return metrics;
  }

  private static Map<String, Object> error(int index, String field, String message) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("index", index);
    error.put("field", field);
    error.put("message", message);
    return error;
  }

  private PodMetric item(JsonNode node, Instant now) {
    JsonFields f = JsonFields.of(node, FIELDS, "a pod metric");
    String cluster = f.id("cluster_id");
    String namespace = f.id("namespace");
    String pod = f.id("pod_name");
    String workload = f.id("workload_name");
    String workloadId = cluster + "/" + namespace + "/" + workload;
    if (workloadId.length() > TelemetryLimits.MAX_ID_LENGTH) {
      throw new InvalidTelemetryException(
          "workload_name",
          "cluster_id/namespace/workload_name"
              + " must be at most "
              + TelemetryLimits.MAX_ID_LENGTH
              + " characters together");
    }
    Instant at = timestamp(f, now);
    Map<PodSignal, Double> values = new EnumMap<>(PodSignal.class);
    for (PodSignal s : PodSignal.values()) {
      f.optionalNumber(s.field()).ifPresent(v -> values.put(s, v));
    }
    Double errorRate = values.get(PodSignal.ERROR_RATE);
    if (errorRate != null && errorRate > 1) {
      throw new InvalidTelemetryException(
          "error_rate", "error_rate is a fraction and must be within 0..1 but was " + errorRate);
    }
    if (values.isEmpty()) {
      throw new InvalidTelemetryException(
          "latency_p95_ms",
          "at least one metric is required,"
              + " e.g. latency_p95_ms, throughput_rps, error_rate or cpu_cores");
    }
    return new PodMetric(
        cluster,
        namespace,
        pod,
        workload,
        f.optionalId("container"),
        at.toEpochMilli(),
        labels(node.get("labels")),
        values);
  }

  private Instant timestamp(JsonFields f, Instant now) {
    Instant at = f.instant("timestamp");
    if (at.isAfter(now.plus(maxFutureSkew))) {
      throw new InvalidTelemetryException(
          "timestamp",
          "timestamp "
              + at
              + " is more than "
              + maxFutureSkew.toSeconds()
              + "s ahead of server time "
              + now
              + " (ingest.max_future_skew)");
    }
    if (at.isBefore(now.minus(maxAge))) {
      throw new InvalidTelemetryException(
          "timestamp",
          "timestamp "
              + at
              + " is older than the sample retention of "
              + maxAge.toHours()
              + "h (retention.samples)");
    }
    return at.truncatedTo(ChronoUnit.MILLIS);
  }

  /** Kubernetes labels: any normalised key (they hold '.', '/' and '-') to a string. */
  private static Map<String, String> labels(JsonNode node) {
    if (node == null || node.isNull()) return Map.of();
    if (!node.isObject()) {
      throw new InvalidTelemetryException(
          "labels", "labels must be an object of name to string but was " + JsonFields.kind(node));
    }
    if (node.size() > TelemetryLimits.MAX_LABELS) {
      throw new InvalidTelemetryException(
          "labels",
          "at most " + TelemetryLimits.MAX_LABELS + " labels are allowed but got " + node.size());
    }
    Map<String, String> labels = new LinkedHashMap<>();
    for (var e : node.properties()) {
      String key = TelemetryLimits.normalizeId("labels", e.getKey());
      if (key.indexOf('=') >= 0) {
        throw new InvalidTelemetryException("labels", "label names must not contain '='");
      }
      if (!e.getValue().isTextual()) {
        throw new InvalidTelemetryException(
            "labels." + key,
            "label values must be strings but " + key + " was " + JsonFields.kind(e.getValue()));
      }
      labels.put(key, TelemetryLimits.normalizeId("labels." + key, e.getValue().asText()));
    }
    return labels;
  }
}
