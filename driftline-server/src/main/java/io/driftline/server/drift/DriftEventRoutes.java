package io.driftline.server.drift;

import io.driftline.drift.DriftCategory;
import io.driftline.drift.DriftEvent;
import io.driftline.drift.DriftStatus;
import io.driftline.drift.DriftTracker;
import io.driftline.drift.Severity;
import io.driftline.server.http.ApiError;
import io.driftline.server.http.Bodies;
import io.driftline.server.http.Json;
import io.driftline.server.http.JsonFields;
import io.driftline.server.http.Query;
import io.driftline.server.http.Route;
import io.driftline.storage.DriftEventQuery;
import io.driftline.storage.DriftEventStore;
import io.driftline.telemetry.InvalidTelemetryException;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Drift events: {@code POST /api/v1/drift/events} (the seed's payload as it is), list with filters
 * and pages, get one, and status changes {@code open -> acknowledged -> resolved}.
 */
public final class DriftEventRoutes {
  private static final Set<String> JSON = Set.of("application/json");
  static final Set<String> FIELDS =
      Set.of(
          "cluster_id",
          "env",
          "drift_date",
          "drift_id",
          "drift_category",
          "severity",
          "workload_name",
          "namespace",
          "start_ts",
          "end_ts",
          "detection_method",
          "confidence_score",
          "status");

  private final DriftTracker tracker;
  private final DriftEventStore store;
  private final long maxBodyBytes;

  public DriftEventRoutes(DriftTracker tracker, DriftEventStore store, long maxBodyBytes) {
    this.tracker = tracker;
    this.store = store;
    this.maxBodyBytes = maxBodyBytes;
  }

  public List<Route> routes() {
    return List.of(
        Route.post("/api/v1/drift/events", this::create),
        Route.get("/api/v1/drift/events", this::list),
        Route.get("/api/v1/drift/events/{drift_id}", this::get),
        Route.post("/api/v1/drift/events/{drift_id}/status", this::status));
  }

  void create(Context ctx) {
    DriftEvent event = decode(body(ctx));
    try {
      tracker.record(event);
    } catch (IllegalStateException e) {
      throw conflict(e.getMessage());
    }
    Json.respond(ctx, 201, DriftJson.event(event));
  }

  private JsonFields body(Context ctx) {
    Bodies.mediaType(ctx, JSON);
    var node = JsonFields.parse(Bodies.read(ctx, maxBodyBytes));
    try {
      return JsonFields.of(node, FIELDS, "a drift event");
    } catch (InvalidTelemetryException e) {
      throw ApiError.badRequest(e.field().isEmpty() ? null : e.field(), e.getMessage());
    }
  }

  static DriftEvent decode(JsonFields f) {
    try {
      double confidence = f.number("confidence_score");
      if (confidence > 1) {
        throw new InvalidTelemetryException(
            "confidence_score", "confidence_score must be within 0..1 but was " + confidence);
      }
      Instant start = f.instant("start_ts");
      Optional<Instant> end = f.optionalInstant("end_ts");
      if (end.isPresent() && end.get().isBefore(start)) {
        throw new InvalidTelemetryException("end_ts", "end_ts must not be before start_ts");
      }
      return new DriftEvent(
          f.id("cluster_id"),
          f.id("env"),
          f.date("drift_date"),
          f.id("drift_id"),
          choice(f, "drift_category", DriftCategory.class),
          choice(f, "severity", Severity.class),
          f.id("workload_name"),
          f.id("namespace"),
          start.toEpochMilli(),
          end.map(i -> OptionalLong.of(i.toEpochMilli())).orElse(OptionalLong.empty()),
          f.text("detection_method"),
          confidence,
          f.has("status") ? choice(f, "status", DriftStatus.class) : DriftStatus.OPEN,
          List.of(),
          Optional.empty(),
          Optional.empty(),
          OptionalLong.empty(),
          Optional.empty(),
          OptionalLong.empty(),
          0);
    } catch (InvalidTelemetryException e) {
      throw ApiError.badRequest(e.field(), e.getMessage());
    }
  }

  static <E extends Enum<E>> E choice(JsonFields f, String field, Class<E> type) {
    return Query.choice(field, f.text(field), type);
  }

  void list(Context ctx) {
    int limit = Query.limit(ctx);
    int offset = Query.offset(ctx);
    var query =
        new DriftEventQuery(
            Query.optionalId(ctx, "cluster_id"),
            Query.optionalId(ctx, "env"),
            Query.date(ctx, "start_date"),
            Query.date(ctx, "end_date"),
            Query.choice(ctx, "category", DriftCategory.class),
            Query.choice(ctx, "severity", Severity.class),
            Query.choice(ctx, "status", DriftStatus.class),
            Query.optionalId(ctx, "workload_name"),
            Query.optionalId(ctx, "namespace"),
            limit + 1,
            offset);
    List<DriftEvent> found = store.find(query);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("count", Math.min(found.size(), limit));
    body.put("limit", limit);
    body.put("offset", offset);
    body.put("next_offset", found.size() > limit ? offset + limit : null);
    body.put("events", found.stream().limit(limit).map(DriftJson::event).toList());
    Json.respond(ctx, 200, body);
  }

  void get(Context ctx) {
    String id = Query.id(ctx, "drift_id");
    DriftEvent e = store.get(id).orElseThrow(() -> ApiError.notFound("unknown drift event " + id));
    Json.respond(ctx, 200, DriftJson.event(e));
  }

  /** {@code {"status": "acknowledged" | "resolved", "by": "alice"}}. */
  void status(Context ctx) {
    String id = Query.id(ctx, "drift_id");
    Bodies.mediaType(ctx, JSON);
    DriftStatus next;
    String by;
    try {
      var f =
          JsonFields.of(
              JsonFields.parse(Bodies.read(ctx, maxBodyBytes)),
              Set.of("status", "by"),
              "a status change");
      next = choice(f, "status", DriftStatus.class);
      by = f.id("by");
    } catch (InvalidTelemetryException e) {
      throw ApiError.badRequest(e.field().isEmpty() ? null : e.field(), e.getMessage());
    }
    try {
      DriftEvent changed =
          tracker
              .changeStatus(id, next, by)
              .orElseThrow(() -> ApiError.notFound("unknown drift event " + id));
      Json.respond(ctx, 200, DriftJson.event(changed));
    } catch (IllegalStateException e) {
      throw conflict(e.getMessage());
    }
  }

  static ApiError conflict(String message) {
    return new ApiError(409, "conflict", message, null, List.of(), Map.of());
  }
}
