package io.driftline.server.telemetry;

import io.driftline.server.http.ApiError;
import io.driftline.server.http.Bodies;
import io.driftline.server.http.Json;
import io.driftline.server.http.Query;
import io.driftline.server.http.Route;
import io.driftline.server.http.Timestamps;
import io.driftline.server.ingest.TelemetryWriter;
import io.driftline.storage.PodMetricQuery;
import io.driftline.storage.PodMetricStore;
import io.driftline.workload.PodMetric;
import io.driftline.workload.PodRollup;
import io.driftline.workload.PodSignal;
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

/**
 * Pod golden signals: {@code POST /api/v1/telemetry/pod-metrics} stores pod rows and feeds the
 * workload series derived from them to detection, in one commit ({@code 202} means durable, a
 * request is all-or-nothing); the {@code GET} routes read rows of a pod or a workload, raw or
 * downsampled per {@code step}.
 */
public final class PodMetricRoutes {
  /** Rows a downsampled read looks at, at most; beyond it the answer asks for a narrower range. */
  static final int MAX_ROLLUP_ROWS = 200_000;

  private static final Set<String> JSON = Set.of("application/json");

  private final TelemetryWriter writer;
  private final PodMetricStore store;
  private final PodMetricDecoder decoder;
  private final Clock clock;
  private final long maxBodyBytes;

  public PodMetricRoutes(
      TelemetryWriter writer,
      PodMetricStore store,
      PodMetricDecoder decoder,
      Clock clock,
      long maxBodyBytes) {
    this.writer = writer;
    this.store = store;
    this.decoder = decoder;
    this.clock = clock;
    this.maxBodyBytes = maxBodyBytes;
  }

  public List<Route> routes() {
    return List.of(
        Route.post("/api/v1/telemetry/pod-metrics", this::ingest),
        Route.get("/api/v1/telemetry/metrics/pod/{cluster_id}/{namespace}/{pod_name}", this::pod),
        Route.get(
            "/api/v1/telemetry/metrics/workload/{cluster_id}/{namespace}/{workload_name}",
            this::workload));
  }

  void ingest(Context ctx) {
    Bodies.mediaType(ctx, JSON);
    List<PodMetric> metrics = decoder.decode(Bodies.read(ctx, maxBodyBytes));
    TelemetryWriter.Written written = writer.podMetrics(metrics, false);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", "accepted");
    body.put("accepted", metrics.size());
    body.put("workload_samples", written.workloadSamples());
    Json.respond(ctx, 202, body);
  }

  void pod(Context ctx) {
    String cluster = Query.id(ctx, "cluster_id");
    String namespace = Query.id(ctx, "namespace");
    String pod = Query.id(ctx, "pod_name");
    Range range = range(ctx);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("cluster_id", cluster);
    body.put("namespace", namespace);
    body.put("pod_name", pod);
    answer(
        ctx,
        body,
        range,
        (limit, offset) ->
            store.find(
                PodMetricQuery.pod(
                    cluster,
                    namespace,
                    pod,
                    range.from.toEpochMilli(),
                    range.to.toEpochMilli(),
                    limit,
                    offset)));
  }

  void workload(Context ctx) {
    String cluster = Query.id(ctx, "cluster_id");
    String namespace = Query.id(ctx, "namespace");
    String workload = Query.id(ctx, "workload_name");
    Range range = range(ctx);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("cluster_id", cluster);
    body.put("namespace", namespace);
    body.put("workload_name", workload);
    answer(
        ctx,
        body,
        range,
        (limit, offset) ->
            store.find(
                PodMetricQuery.workload(
                    cluster,
                    namespace,
                    workload,
                    range.from.toEpochMilli(),
                    range.to.toEpochMilli(),
                    limit,
                    offset)));
  }

  private interface Reader {
    List<PodMetric> read(int limit, int offset);
  }

  private record Range(Instant from, Instant to, Optional<Duration> step) {}

  /**
   * {@code hours} back from now (default 24), or {@code start}/{@code end}; {@code step} optional.
   */
  private Range range(Context ctx) {
    Optional<Instant> start = Query.instant(ctx, "start");
    Optional<Instant> end = Query.instant(ctx, "end");
    if (ctx.queryParam("hours") != null && (start.isPresent() || end.isPresent())) {
      throw ApiError.badRequest("hours", "give either hours or start/end, not both");
    }
    Instant now = clock.instant();
    Instant to = end.orElse(now.plusMillis(1));
    Instant from =
        start.orElseGet(
            () ->
                (end.isPresent() ? to : now)
                    .minus(Duration.ofHours(Query.integer(ctx, "hours", 24, 1, 24 * 366))));
    if (!from.isBefore(to)) throw ApiError.badRequest("start", "start must be before end");
    return new Range(from, to, Query.duration(ctx, "step"));
  }

  private void answer(Context ctx, Map<String, Object> body, Range range, Reader reader) {
    int limit = Query.limit(ctx);
    int offset = Query.offset(ctx);
    body.put("start", Timestamps.format(range.from));
    body.put("end", Timestamps.format(range.to));
    List<Map<String, Object>> items = new ArrayList<>();
    boolean more;
    if (range.step.isEmpty()) {
      List<PodMetric> rows = reader.read(limit + 1, offset);
      more = rows.size() > limit;
      rows.stream().limit(limit).forEach(m -> items.add(row(m)));
    } else {
      List<PodMetric> rows = reader.read(MAX_ROLLUP_ROWS + 1, 0);
      if (rows.size() > MAX_ROLLUP_ROWS) {
        throw ApiError.badRequest(
            "step", "more than " + MAX_ROLLUP_ROWS + " rows in the range; narrow start/end");
      }
      body.put("step_seconds", range.step.get().toSeconds());
      List<PodRollup.Point> points = PodRollup.downsample(rows, range.step.get().toMillis());
      more = points.size() > offset + limit;
      points.stream().skip(offset).limit(limit).forEach(p -> items.add(point(p)));
    }
    body.put("count", items.size());
    body.put("limit", limit);
    body.put("offset", offset);
    body.put("next_offset", more ? offset + limit : null);
    body.put(range.step.isEmpty() ? "metrics" : "points", items);
    Json.respond(ctx, 200, body);
  }

  static Map<String, Object> row(PodMetric m) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("cluster_id", m.clusterId());
    row.put("namespace", m.namespace());
    row.put("pod_name", m.podName());
    row.put("workload_name", m.workloadName());
    m.container().ifPresent(c -> row.put("container", c));
    row.put("timestamp", Timestamps.format(m.epochMillis()));
    m.values().forEach((signal, value) -> row.put(signal.field(), value));
    if (!m.labels().isEmpty()) row.put("labels", m.labels());
    return row;
  }

  private static Map<String, Object> point(PodRollup.Point p) {
    Map<String, Object> point = new LinkedHashMap<>();
    point.put("timestamp", Timestamps.format(p.startMillis()));
    point.put("rows", p.rows());
    for (PodSignal signal : PodSignal.values()) {
      PodRollup.Stats s = p.signals().get(signal);
      if (s == null) continue;
      point.put(signal.field(), Map.of("avg", s.avg(), "max", s.max(), "p95", s.p95()));
    }
    return point;
  }
}
