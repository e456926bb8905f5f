package io.driftline.server.system;

import io.driftline.ingest.Ingestor;
import io.driftline.server.http.Json;
import io.driftline.server.http.Route;
import io.driftline.storage.CheckResult;
import io.driftline.storage.StorageComponent;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Liveness, readiness, system status (seeds/003) and Prometheus metrics. */
public final class SystemRoutes {
  private final Ingestor ingestor;
  private final StorageComponent storage;
  private final PrometheusMeterRegistry registry;
  private final Clock clock;
  private final long startedMillis;
  private final String version;

  public SystemRoutes(
      Ingestor ingestor,
      StorageComponent storage,
      PrometheusMeterRegistry registry,
      Clock clock,
      String version) {
    this.ingestor = ingestor;
    this.storage = storage;
    this.registry = registry;
    this.clock = clock;
    this.startedMillis = clock.millis();
    this.version = version;
  }

  public List<Route> routes() {
    return List.of(
        Route.get("/health", this::ready),
        Route.get("/health/live", this::live),
        Route.get("/health/ready", this::ready),
        Route.get("/v1/system/status", this::status),
        Route.get("/metrics", this::metrics));
  }

  void live(Context ctx) {
    Json.respond(ctx, 200, Map.of("status", "ok"));
  }

  /** Ready when storage answers: 200, else 503 with the reason. */
  void ready(Context ctx) {
    CheckResult check = storage.check();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", check.ok() ? "ok" : "unavailable");
    body.put("version", version);
    body.put("checks", Map.of("storage", check.ok() ? "ok" : check.error().orElse("failed")));
    Json.respond(ctx, check.ok() ? 200 : 503, body);
  }

  void status(Context ctx) {
    boolean healthy = storage.check().ok();
    long records = 0;
    for (var s : ingestor.services()) records += s.sampleCount();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", healthy ? "healthy" : "degraded");
    body.put("uptime_seconds", (clock.millis() - startedMillis) / 1000);
    body.put("services_monitored", ingestor.services().size());
    body.put("total_telemetry_records", records);
    body.put("database_size_mb", Math.round(storage.sizeBytes() / 1048576.0 * 100) / 100.0);
    body.put("series_monitored", ingestor.seriesCount());
    body.put("ingest_queue_depth", ingestor.queueDepth());
    body.put("version", version);
    Json.respond(ctx, 200, body);
  }

  void metrics(Context ctx) {
    ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape());
  }
}
