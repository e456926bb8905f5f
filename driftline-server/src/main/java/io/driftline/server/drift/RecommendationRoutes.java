package io.driftline.server.drift;

import io.driftline.drift.DriftTracker;
import io.driftline.drift.Recommendation;
import io.driftline.drift.RecommendationStatus;
import io.driftline.server.http.ApiError;
import io.driftline.server.http.Bodies;
import io.driftline.server.http.Json;
import io.driftline.server.http.JsonFields;
import io.driftline.server.http.Query;
import io.driftline.server.http.Route;
import io.driftline.storage.RecommendationStore;
import io.driftline.telemetry.InvalidTelemetryException;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Recommendations: {@code POST /api/v1/drift/recommendations} (the seed's payload as it is), list
 * by drift or by cluster, approve or reject once.
 */
public final class RecommendationRoutes {
  private static final Set<String> JSON = Set.of("application/json");
  static final Set<String> FIELDS =
      Set.of(
          "cluster_id",
          "env",
          "drift_date",
          "drift_id",
          "rec_id",
          "recommendation_type",
          "recommendation_json",
          "estimated_savings_usd",
          "auto_approved");

  private final DriftTracker tracker;
  private final RecommendationStore store;
  private final Clock clock;
  private final long maxBodyBytes;

  public RecommendationRoutes(
      DriftTracker tracker, RecommendationStore store, Clock clock, long maxBodyBytes) {
    this.tracker = tracker;
    this.store = store;
    this.clock = clock;
    this.maxBodyBytes = maxBodyBytes;
  }

  public List<Route> routes() {
    return List.of(
        Route.post("/api/v1/drift/recommendations", this::create),
        Route.get("/api/v1/drift/recommendations", this::list),
        Route.get("/api/v1/drift/recommendations/{rec_id}", this::get),
        Route.post(
            "/api/v1/drift/recommendations/{rec_id}/approve",
            ctx -> decide(ctx, RecommendationStatus.APPROVED)),
        Route.post(
            "/api/v1/drift/recommendations/{rec_id}/reject",
            ctx -> decide(ctx, RecommendationStatus.REJECTED)));
  }

  void create(Context ctx) {
    Recommendation r = decode(fields(ctx, FIELDS, "a recommendation"));
    if (store.get(r.recId()).isPresent()) {
      throw DriftEventRoutes.conflict("recommendation " + r.recId() + " already exists");
    }
    store.write(r);
    Json.respond(ctx, 201, DriftJson.recommendation(r));
  }

  private JsonFields fields(Context ctx, Set<String> accepted, String what) {
    Bodies.mediaType(ctx, JSON);
    try {
      return JsonFields.of(JsonFields.parse(Bodies.read(ctx, maxBodyBytes)), accepted, what);
    } catch (InvalidTelemetryException e) {
      throw ApiError.badRequest(e.field().isEmpty() ? null : e.field(), e.getMessage());
    }
  }

  private Recommendation decode(JsonFields f) {
    try {
      String json = f.text("recommendation_json");
      if (!DriftJson.isJson(json)) {
        throw new InvalidTelemetryException(
            "recommendation_json",
            "recommendation_json must be a string holding JSON, e.g. \"{\\\"min_replicas\\\": 3}\"");
      }
      boolean autoApproved = f.optionalBoolean("auto_approved").orElse(false);
      long now = clock.millis();
      return new Recommendation(
          f.id("cluster_id"),
          f.id("env"),
          f.date("drift_date"),
          f.id("drift_id"),
          f.id("rec_id"),
          f.id("recommendation_type"),
          json,
          f.optionalNumber("estimated_savings_usd"),
          autoApproved,
          autoApproved ? RecommendationStatus.APPROVED : RecommendationStatus.PROPOSED,
          autoApproved ? Optional.of("auto") : Optional.empty(),
          autoApproved ? OptionalLong.of(now) : OptionalLong.empty(),
          now);
    } catch (InvalidTelemetryException e) {
      throw ApiError.badRequest(e.field(), e.getMessage());
    }
  }

  /** {@code ?drift_id=} (all of that event) or {@code ?cluster_id=} (newest first, paged). */
  void list(Context ctx) {
    Optional<String> drift = Query.optionalId(ctx, "drift_id");
    Optional<String> cluster = Query.optionalId(ctx, "cluster_id");
    if (drift.isPresent() == cluster.isPresent()) {
      throw ApiError.badRequest("drift_id", "give exactly one of drift_id or cluster_id");
    }
    int limit = Query.limit(ctx);
    int offset = Query.offset(ctx);
    List<Recommendation> found =
        drift.isPresent()
            ? store.forDrift(drift.get()).stream().skip(offset).limit(limit + 1L).toList()
            : store.forCluster(cluster.get(), limit + 1, offset);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("count", Math.min(found.size(), limit));
    body.put("limit", limit);
    body.put("offset", offset);
    body.put("next_offset", found.size() > limit ? offset + limit : null);
    body.put(
        "recommendations", found.stream().limit(limit).map(DriftJson::recommendation).toList());
    Json.respond(ctx, 200, body);
  }

  void get(Context ctx) {
    String id = Query.id(ctx, "rec_id");
    Recommendation r =
        store.get(id).orElseThrow(() -> ApiError.notFound("unknown recommendation " + id));
    Json.respond(ctx, 200, DriftJson.recommendation(r));
  }

  /** {@code {"by": "alice"}}. */
  void decide(Context ctx, RecommendationStatus decision) {
    String id = Query.id(ctx, "rec_id");
    String by;
    try {
      by = fields(ctx, Set.of("by"), "a decision").id("by");
    } catch (InvalidTelemetryException e) {
      throw ApiError.badRequest(e.field(), e.getMessage());
    }
    try {
      Recommendation decided =
          tracker
              .decide(id, decision, by)
              .orElseThrow(() -> ApiError.notFound("unknown recommendation " + id));
      Json.respond(ctx, 200, DriftJson.recommendation(decided));
    } catch (IllegalStateException e) {
      throw DriftEventRoutes.conflict(e.getMessage());
    }
  }
}
