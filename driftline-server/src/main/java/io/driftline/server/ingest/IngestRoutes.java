package io.driftline.server.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftline.server.http.ApiError;
import io.driftline.server.http.Bodies;
import io.driftline.server.http.Json;
import io.driftline.server.http.JsonFields;
import io.driftline.server.http.Route;
import io.driftline.server.http.Timestamps;
import io.driftline.sources.PullRequest;
import io.driftline.telemetry.InvalidTelemetryException;
import io.driftline.telemetry.TelemetryLimits;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code POST /api/v1/ingest/{source}} (seeds/000: {@code hawkeye}, {@code newrelic}, {@code eks},
 * {@code prometheus} or {@code all}) pulls one window now and answers, per source, what was stored,
 * how long it took and what went wrong. Sources of {@code all} run in parallel and independently:
 * one failing does not fail the others. {@code GET /api/v1/ingest/status} shows every source's
 * schedule, last run, last success, last error and lag.
 *
 * <p>Status: {@code 200} when no source asked failed ({@code all} lists unconfigured ones as {@code
 * not_configured}), {@code 502} when every source that ran failed, {@code 409} when none of the
 * sources asked is configured. The body has the same shape in every case.
 */
public final class IngestRoutes {
  private static final Set<String> JSON = Set.of("application/json");
  private static final Set<String> FIELDS =
      Set.of("cluster_id", "start_time", "end_time", "namespaces");

  private final SourceRuns runs;
  private final SourceScheduler scheduler;
  private final Clock clock;
  private final long maxBodyBytes;

  public IngestRoutes(SourceRuns runs, SourceScheduler scheduler, Clock clock, long maxBodyBytes) {
    this.runs = runs;
    this.scheduler = scheduler;
    this.clock = clock;
    this.maxBodyBytes = maxBodyBytes;
  }

  public List<Route> routes() {
    return List.of(
        Route.post("/api/v1/ingest/{source}", this::ingest),
        Route.get("/api/v1/ingest/status", this::status));
  }

  private record Asked(
      String clusterId, Optional<Instant> start, Optional<Instant> end, List<String> namespaces) {}

  void ingest(Context ctx) {
    String name = ctx.pathParam("source");
    List<String> sources = sources(name);
    Bodies.mediaType(ctx, JSON);
    Asked asked;
    try {
      asked = parse(Bodies.read(ctx, maxBodyBytes));
    } catch (InvalidTelemetryException e) {
      throw ApiError.badRequest(e.field().isEmpty() ? null : e.field(), e.getMessage());
    }
    Map<String, PullRequest> windows = new LinkedHashMap<>();
    for (String source : sources) windows.put(source, window(source, asked));
    Map<String, SourceRuns.Result> results = runAll(windows);

    Map<String, Object> body = new LinkedHashMap<>();
    String status = overall(results.values());
    body.put("status", status);
    body.put("cluster_id", asked.clusterId());
    int stored = 0;
    Map<String, Object> perSource = new LinkedHashMap<>();
    for (var r : results.values()) {
      stored += r.written().stored();
      perSource.put(r.source(), r.json());
    }
    body.put("samples_stored", stored);
    body.put("results", perSource);
    int code =
        switch (status) {
          case "failed" -> 502;
          case "not_configured" -> 409;
          default -> 200;
        };
    Json.respond(ctx, code, body);
  }

  void status(Context ctx) {
    Map<String, Object> sources = new LinkedHashMap<>();
    for (String name : runs.registry().names()) {
      Map<String, Object> s = runs.status(name);
      s.put("next_run", scheduler.nextRun(name).map(Timestamps::format).orElse(null));
      sources.put(name, s);
    }
    Json.respond(ctx, 200, Map.of("now", Timestamps.format(clock.instant()), "sources", sources));
  }

  private List<String> sources(String name) {
    List<String> names = runs.registry().names();
    if (name.equals("all")) return names;
    if (names.contains(name)) return List.of(name);
    List<String> valid = new ArrayList<>(names);
    valid.add("all");
    throw ApiError.notFound("unknown source '" + name + "'; valid sources are " + valid);
  }

  private Asked parse(byte[] bytes) {
    JsonFields f = JsonFields.of(JsonFields.parse(bytes), FIELDS, "an ingest request");
    Optional<Instant> start = f.optionalInstant("start_time");
    Optional<Instant> end = f.optionalInstant("end_time");
    if (start.isPresent() != end.isPresent()) {
      throw new InvalidTelemetryException(
          start.isPresent() ? "end_time" : "start_time",
          "give both start_time and end_time, or neither (then each source's look-back ending now)");
    }
    if (start.isPresent() && !start.get().isBefore(end.get())) {
      throw new InvalidTelemetryException(
          "start_time", "start_time " + start.get() + " must be before end_time " + end.get());
    }
    return new Asked(f.id("cluster_id"), start, end, namespaces(f.node().get("namespaces")));
  }

  private static List<String> namespaces(JsonNode node) {
    if (node == null || node.isNull()) return List.of();
    if (!node.isArray()) {
      throw new InvalidTelemetryException(
          "namespaces", "namespaces must be an array of strings but was " + JsonFields.kind(node));
    }
    List<String> names = new ArrayList<>();
    for (JsonNode n : node) {
      if (!n.isTextual()) {
        throw new InvalidTelemetryException(
            "namespaces", "namespaces must hold strings but holds " + JsonFields.kind(n));
      }
      names.add(TelemetryLimits.normalizeId("namespaces", n.asText()));
    }
    return names;
  }

  private PullRequest window(String source, Asked asked) {
    var settings = runs.registry().get(source).orElseThrow().settings();
    Instant end = asked.end().orElseGet(clock::instant);
    Instant start = asked.start().orElseGet(() -> end.minus(settings.lookback()));
    Duration max = runs.registry().config().maxWindow();
    if (Duration.between(start, end).compareTo(max) > 0) {
      throw ApiError.badRequest(
          "start_time",
          "the window from start_time to end_time is longer than sources.max_window ("
              + io.driftline.server.config.Durations.format(max)
              + "); split it");
    }
    return new PullRequest(asked.clusterId(), start, end, asked.namespaces());
  }

  private Map<String, SourceRuns.Result> runAll(Map<String, PullRequest> windows) {
    Map<String, SourceRuns.Result> results = new LinkedHashMap<>();
    if (windows.size() == 1) {
      var only = windows.entrySet().iterator().next();
      results.put(
          only.getKey(), runs.run(only.getKey(), only.getValue(), SourceRuns.Trigger.REQUEST));
      return results;
    }
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      Map<String, Future<SourceRuns.Result>> pending = new LinkedHashMap<>();
      windows.forEach(
          (source, window) ->
              pending.put(
                  source, pool.submit(() -> runs.run(source, window, SourceRuns.Trigger.REQUEST))));
      for (var p : pending.entrySet()) results.put(p.getKey(), join(p.getValue()));
    }
    return results;
  }

  private static SourceRuns.Result join(Future<SourceRuns.Result> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiError.unavailable("interrupted while pulling", 1);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  private static String overall(java.util.Collection<SourceRuns.Result> results) {
    long ok = results.stream().filter(r -> r.outcome() == SourceRuns.Outcome.OK).count();
    long failed = results.stream().filter(r -> r.outcome() == SourceRuns.Outcome.ERROR).count();
    if (ok == 0 && failed == 0) return "not_configured";
    if (failed == 0) return "ok";
    return ok == 0 ? "failed" : "partial";
  }
}
