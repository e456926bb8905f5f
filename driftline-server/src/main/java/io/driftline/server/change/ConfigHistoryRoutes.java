package io.driftline.server.change;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftline.change.ConfigChange;
import io.driftline.drift.DriftTracker;
import io.driftline.server.http.ApiError;
import io.driftline.server.http.Bodies;
import io.driftline.server.http.Json;
import io.driftline.server.http.JsonFields;
import io.driftline.server.http.Query;
import io.driftline.server.http.Route;
import io.driftline.server.http.Timestamps;
import io.driftline.storage.ConfigHistoryStore;
import io.driftline.telemetry.InvalidTelemetryException;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * {@code POST/GET /api/v1/config/history}: runtime and policy changes of workloads. Drift events of
 * a workload starting within {@code drift.cause_window} after one of its changes carry it as their
 * probable cause, also when the change is reported after the event opened.
 */
public final class ConfigHistoryRoutes {
  private static final Set<String> JSON = Set.of("application/json");
  static final Set<String> FIELDS =
      Set.of(
          "change_id",
          "cluster_id",
          "namespace",
          "workload_name",
          "change_type",
          "changed_at",
          "changed_by",
          "before",
          "after");

  private final DriftTracker tracker;
  private final ConfigHistoryStore store;
  private final long maxBodyBytes;

  public ConfigHistoryRoutes(DriftTracker tracker, ConfigHistoryStore store, long maxBodyBytes) {
    this.tracker = tracker;
    this.store = store;
    this.maxBodyBytes = maxBodyBytes;
  }

  public List<Route> routes() {
    return List.of(
        Route.post("/api/v1/config/history", this::create),
        Route.get("/api/v1/config/history", this::list));
  }

  void create(Context ctx) {
    Bodies.mediaType(ctx, JSON);
    ConfigChange change;
    try {
      var f = JsonFields.of(JsonFields.parse(Bodies.read(ctx, maxBodyBytes)), FIELDS, "a change");
      change =
          new ConfigChange(
              f.optionalId("change_id").orElseGet(() -> UUID.randomUUID().toString()),
              f.id("cluster_id"),
              f.id("namespace"),
              f.id("workload_name"),
              f.id("change_type"),
              f.instant("changed_at").toEpochMilli(),
              f.id("changed_by"),
              state(f, "before"),
              state(f, "after"));
    } catch (InvalidTelemetryException e) {
      throw ApiError.badRequest(e.field().isEmpty() ? null : e.field(), e.getMessage());
    }
    tracker.changeRecorded(change);
    Json.respond(ctx, 201, json(change));
  }

  /** Any JSON value describing the state; required, {@code null} allowed for "none". */
  private static String state(JsonFields f, String field) {
    if (!f.node().has(field)) {
      throw new InvalidTelemetryException(field, field + " is required (any JSON value, or null)");
    }
    return f.jsonText(field);
  }

  void list(Context ctx) {
    String cluster =
        Query.optionalId(ctx, "cluster_id")
            .orElseThrow(() -> ApiError.badRequest("cluster_id", "cluster_id is required"));
    int limit = Query.limit(ctx);
    int offset = Query.offset(ctx);
    long from = Query.instant(ctx, "start").map(Instant::toEpochMilli).orElse(Long.MIN_VALUE);
    long to = Query.instant(ctx, "end").map(Instant::toEpochMilli).orElse(Long.MAX_VALUE);
    List<ConfigChange> found =
        store.find(
            cluster,
            Query.optionalId(ctx, "namespace"),
            Query.optionalId(ctx, "workload_name"),
            from,
            to,
            limit + 1,
            offset);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("count", Math.min(found.size(), limit));
    body.put("limit", limit);
    body.put("offset", offset);
    body.put("next_offset", found.size() > limit ? offset + limit : null);
    body.put("changes", found.stream().limit(limit).map(ConfigHistoryRoutes::json).toList());
    Json.respond(ctx, 200, body);
  }

  static Map<String, Object> json(ConfigChange c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("change_id", c.changeId());
    m.put("cluster_id", c.clusterId());
    m.put("namespace", c.namespace());
    m.put("workload_name", c.workloadName());
    m.put("change_type", c.changeType());
    m.put("changed_at", Timestamps.format(c.changedAtMillis()));
    m.put("changed_by", c.changedBy());
    m.put("before", parsed(c.before()));
    m.put("after", parsed(c.after()));
    return m;
  }

  private static JsonNode parsed(String json) {
    try {
      return Json.MAPPER.readTree(json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("stored state is not JSON: " + json, e);
    }
  }
}
