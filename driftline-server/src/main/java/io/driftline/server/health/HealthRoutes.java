package io.driftline.server.health;

import io.driftline.detect.AnomalySeverity;
import io.driftline.detect.BaselineSnapshot;
import io.driftline.health.ServiceSnapshot;
import io.driftline.health.Transition;
import io.driftline.ingest.Ingestor;
import io.driftline.server.http.ApiError;
import io.driftline.server.http.Json;
import io.driftline.server.http.Route;
import io.driftline.server.http.Timestamps;
import io.driftline.storage.StorageComponent;
import io.driftline.telemetry.InvalidTelemetryException;
import io.driftline.telemetry.SeriesKey;
import io.driftline.telemetry.TelemetryLimits;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Health and baselines of services (seeds/003): the seed's fields exactly, plus a per-metric
 * breakdown and the audit trail of transitions.
 */
public final class HealthRoutes {
  private final Ingestor ingestor;
  private final StorageComponent storage;

  public HealthRoutes(Ingestor ingestor, StorageComponent storage) {
    this.ingestor = ingestor;
    this.storage = storage;
  }

  public List<Route> routes() {
    return List.of(
        Route.get("/v1/health", this::list),
        Route.get("/v1/health/{service_id}", this::health),
        Route.get("/v1/health/{service_id}/transitions", this::transitions),
        Route.get("/v1/baseline/{service_id}", this::baseline));
  }

  void list(Context ctx) {
    List<Map<String, Object>> services = new ArrayList<>();
    ingestor.services().stream()
        .sorted(Comparator.comparing(ServiceSnapshot::service))
        .forEach(
            s -> {
              Map<String, Object> item = new LinkedHashMap<>();
              item.put("service_id", s.service());
              item.put("state", s.state().name());
              item.put("transition_timestamp", Timestamps.format(s.transitionMillis()));
              item.put("sample_count", s.sampleCount());
              item.put("drifting_metrics", metricNames(s.drifting()));
              services.add(item);
            });
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("count", services.size());
    body.put("services", services);
    Json.respond(ctx, 200, body);
  }

  void health(Context ctx) {
    ServiceSnapshot s = service(ctx);
    Optional<BaselineSnapshot> latency = s.metric("latency_ms");
    Map<String, Object> baseline = new LinkedHashMap<>();
    baseline.put("mean_latency", latency.map(BaselineSnapshot::mean).orElse(null));
    baseline.put("stddev_latency", latency.map(BaselineSnapshot::stddev).orElse(null));
    baseline.put("sample_count", latency.map(BaselineSnapshot::baselineCount).orElse(0L));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("service_id", s.service());
    body.put("state", s.state().name());
    body.put("transition_timestamp", Timestamps.format(s.transitionMillis()));
    body.put("sample_count", s.sampleCount());
    body.put("baseline", baseline);
    body.put("metadata", Map.of("recent_anomalies", s.recentAnomalies()));
    body.put("drifting_metrics", metricNames(s.drifting()));
    body.put("metrics", metrics(s));
    Json.respond(ctx, 200, body);
  }

  void baseline(Context ctx) {
    ServiceSnapshot s = service(ctx);
    Optional<BaselineSnapshot> latency = s.metric("latency_ms");
    Optional<BaselineSnapshot> payload = s.metric("payload_kb");
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("service_id", s.service());
    body.put(
        "sample_count", latency.or(() -> payload).map(BaselineSnapshot::baselineCount).orElse(0L));
    body.put("mean_latency", latency.map(BaselineSnapshot::mean).orElse(null));
    body.put("stddev_latency", latency.map(BaselineSnapshot::stddev).orElse(null));
    body.put("mean_payload", payload.map(BaselineSnapshot::mean).orElse(null));
    body.put("stddev_payload", payload.map(BaselineSnapshot::stddev).orElse(null));
    body.put("last_updated", Timestamps.format(s.lastUpdatedMillis()));
    body.put("state", s.state().name());
    body.put("metrics", metrics(s));
    Json.respond(ctx, 200, body);
  }

  void transitions(Context ctx) {
    ServiceSnapshot s = service(ctx);
    int limit = limit(ctx);
    List<Map<String, Object>> items = new ArrayList<>();
    for (Transition t : storage.transitions().forService(s.service(), limit)) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("metric", t.series().metric());
      if (!t.series().labels().isEmpty()) item.put("labels", t.series().labels());
      item.put("from", t.from().name());
      item.put("to", t.to().name());
      item.put("timestamp", Timestamps.format(t.epochMillis()));
      item.put("rule", t.rule());
      item.put("z_scores", t.zScores());
      item.put("severity", t.severity().map(AnomalySeverity::label).orElse(null));
      item.put("sample_seq", t.seq());
      items.add(item);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("service_id", s.service());
    body.put("count", items.size());
    body.put("transitions", items);
    Json.respond(ctx, 200, body);
  }

  private ServiceSnapshot service(Context ctx) {
    String raw = ctx.pathParam("service_id");
    String id;
    try {
      id = TelemetryLimits.normalizeId("service_id", raw);
    } catch (InvalidTelemetryException e) {
      throw ApiError.badRequest("service_id", e.getMessage());
    }
    return ingestor
        .service(id)
        .orElseThrow(
            () ->
                ApiError.notFound(
                    "unknown service: " + id + " (no telemetry has been received for it)"));
  }

  private static int limit(Context ctx) {
    String raw = ctx.queryParam("limit");
    if (raw == null) return 100;
    try {
      int limit = Integer.parseInt(raw);
      if (limit < 1 || limit > 10_000) throw new NumberFormatException();
      return limit;
    } catch (NumberFormatException e) {
      throw ApiError.badRequest("limit", "limit must be a whole number 1-10000 but was " + raw);
    }
  }

  private static Map<String, Object> metrics(ServiceSnapshot s) {
    Map<String, Object> metrics = new LinkedHashMap<>();
    s.series().entrySet().stream()
        .sorted(Map.Entry.comparingByKey(Comparator.comparing(SeriesKey::toString)))
        .forEach(
            e -> {
              BaselineSnapshot b = e.getValue();
              Map<String, Object> m = new LinkedHashMap<>();
              m.put("state", b.state().name());
              m.put("mean", b.mean());
              m.put("stddev", b.stddev());
              m.put("sample_count", b.sampleCount());
              m.put("baseline_sample_count", b.baselineCount());
              m.put("last_z", b.lastZ());
              m.put("recent_anomalies", b.recentAnomalies());
              m.put("severity", b.severity().label());
              if (!Double.isNaN(b.score())) m.put("score", b.score());
              if (!e.getKey().labels().isEmpty()) m.put("labels", e.getKey().labels());
              metrics.put(seriesName(e.getKey()), m);
            });
    return metrics;
  }

  private static String seriesName(SeriesKey key) {
    if (key.labels().isEmpty()) return key.metric();
    StringBuilder name = new StringBuilder(key.metric()).append('{');
    key.labels()
        .forEach(
            (k, v) ->
                name.append(name.charAt(name.length() - 1) == '{' ? "" : ",")
                    .append(k)
                    .append("=\"")
                    .append(v)
                    .append('"'));
    return name.append('}').toString();
  }

  private static List<String> metricNames(List<SeriesKey> keys) {
    return keys.stream().map(HealthRoutes::seriesName).toList();
  }
}
