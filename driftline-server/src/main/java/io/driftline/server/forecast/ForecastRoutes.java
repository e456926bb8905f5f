package io.driftline.server.forecast;

import io.driftline.capacity.CapacityRiskPolicy;
import io.driftline.forecast.Exhaustion;
import io.driftline.forecast.Forecast;
import io.driftline.forecast.ForecastInterval;
import io.driftline.server.http.ApiError;
import io.driftline.server.http.Json;
import io.driftline.server.http.Query;
import io.driftline.server.http.Route;
import io.driftline.server.http.Timestamps;
import io.driftline.telemetry.InvalidTelemetryException;
import io.driftline.telemetry.SeriesKey;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * {@code GET /api/v1/forecasts}: the forecast of a series ({@code service_id} + {@code metric},
 * optional {@code labels=k=v,...}) or of a cluster resource ({@code cluster_id} + {@code
 * resource=cpu|memory}), {@code horizon} ahead (default 7d) at {@code interval} (default: the
 * finest that reaches the horizon), by {@code model}, with the time capacity runs out when a {@code
 * capacity} is given or known (a cluster's allocatable total).
 */
public final class ForecastRoutes {
  private final ForecastService service;
  private final String defaultModel;
  private final CapacityRiskPolicy policy;

  public ForecastRoutes(ForecastService service, String defaultModel, CapacityRiskPolicy policy) {
    this.service = service;
    this.defaultModel = defaultModel;
    this.policy = policy;
  }

  public List<Route> routes() {
    return List.of(Route.get("/api/v1/forecasts", this::forecast));
  }

  void forecast(Context ctx) {
    ForecastService.Request request = request(ctx);
    ForecastService.Answer answer;
    try {
      answer = service.forecast(request);
    } catch (ForecastService.NoHistoryException e) {
      if (e.none()) throw ApiError.notFound(e.getMessage());
      throw ApiError.badRequest("horizon", e.getMessage());
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest("model", e.getMessage());
    }
    Json.respond(ctx, 200, render(answer.result(), answer.cached(), policy));
  }

  private ForecastService.Request request(Context ctx) {
    ForecastTarget target = target(ctx);
    Duration horizon = Query.duration(ctx, "horizon").orElse(Duration.ofDays(7));
    if (horizon.toHours() < 1 || horizon.toHours() > 90 * 24) {
      throw ApiError.badRequest("horizon", "horizon must be between 1h and 90d but was " + horizon);
    }
    int hours = (int) horizon.toHours();
    ForecastInterval interval =
        Query.choice(ctx, "interval", ForecastInterval.class)
            .orElseGet(() -> ForecastInterval.forHorizon(hours));
    if (hours > interval.rangeHours) {
      throw ApiError.badRequest(
          "horizon",
          "a "
              + interval.name().toLowerCase(java.util.Locale.ROOT)
              + " forecast reaches at most "
              + interval.rangeHours / 24
              + " days; ask for a coarser interval or a shorter horizon");
    }
    String model = ctx.queryParam("model") == null ? defaultModel : ctx.queryParam("model").strip();
    OptionalDouble capacity = OptionalDouble.empty();
    String raw = ctx.queryParam("capacity");
    if (raw != null) {
      try {
        double value = Double.parseDouble(raw.strip());
        if (!Double.isFinite(value)) throw new NumberFormatException();
        capacity = OptionalDouble.of(value);
      } catch (NumberFormatException e) {
        throw ApiError.badRequest("capacity", "capacity must be a finite number but was " + raw);
      }
    }
    return new ForecastService.Request(target, hours, interval, model, capacity);
  }

  private static ForecastTarget target(Context ctx) {
    boolean series = ctx.queryParam("service_id") != null || ctx.queryParam("metric") != null;
    boolean cluster = ctx.queryParam("cluster_id") != null || ctx.queryParam("resource") != null;
    if (series == cluster) {
      throw ApiError.badRequest(
          "service_id",
          "give either service_id and metric (a series) or cluster_id and resource (cpu or"
              + " memory of a cluster)");
    }
    if (cluster) {
      String id = required(ctx, "cluster_id");
      String raw = ctx.queryParam("resource");
      if (raw == null) throw ApiError.badRequest("resource", "resource is required: cpu or memory");
      return new ForecastTarget.ClusterResource(
          id, Query.choice("resource", raw, ForecastTarget.Resource.class));
    }
    String service = required(ctx, "service_id");
    String metric = ctx.queryParam("metric");
    if (metric == null) throw ApiError.badRequest("metric", "metric is required");
    try {
      return new ForecastTarget.Series(new SeriesKey(service, metric, labels(ctx)));
    } catch (InvalidTelemetryException e) {
      throw ApiError.badRequest(e.field(), e.getMessage());
    }
  }

  private static String required(Context ctx, String name) {
    String value = ctx.queryParam(name);
    if (value == null || value.isBlank()) throw ApiError.badRequest(name, name + " is required");
    return value.strip();
  }

  private static Map<String, String> labels(Context ctx) {
    String raw = ctx.queryParam("labels");
    if (raw == null || raw.isBlank()) return Map.of();
    Map<String, String> labels = new LinkedHashMap<>();
    for (String pair : raw.split(",")) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw ApiError.badRequest("labels", "labels must be name=value pairs joined by commas");
      }
      labels.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
    }
    return labels;
  }

  static Map<String, Object> render(
      ForecastService.Result r, boolean cached, CapacityRiskPolicy policy) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("target", r.request().target().describe());
    body.put("interval", r.request().interval().name().toLowerCase(java.util.Locale.ROOT));
    body.put("horizon_hours", r.request().horizonHours());
    Forecast f = r.forecast();
    body.put("model", f.model());
    body.put("requested_model", r.request().model());
    body.put("fallback_reason", f.fallbackReason().orElse(null));
    Map<String, Object> history = new LinkedHashMap<>();
    history.put("points", r.historyPoints());
    history.put("start", Timestamps.format(r.historyStartMillis()));
    history.put("end", Timestamps.format(r.historyEndMillis()));
    body.put("history", history);
    body.put(
        "backtest",
        r.backtest()
            .map(
                b -> {
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("holdout_steps", b.holdoutSteps());
                  m.put("smape", round(b.smape()));
                  m.put("mase", Double.isFinite(b.mase()) ? round(b.mase()) : null);
                  return m;
                })
            .orElse(null));
    List<Map<String, Object>> points = new ArrayList<>();
    for (int i = 0; i < f.horizon(); i++) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("timestamp", Timestamps.format(r.stepStart(i)));
      p.put("value", f.mean()[i]);
      p.put("lower_80", f.lower80()[i]);
      p.put("upper_80", f.upper80()[i]);
      p.put("lower_95", f.lower95()[i]);
      p.put("upper_95", f.upper95()[i]);
      points.add(p);
    }
    body.put("points", points);
    if (r.capacity().isPresent()) {
      Map<String, Object> capacity = new LinkedHashMap<>();
      capacity.put("value", r.capacity().getAsDouble());
      capacity.put("source", r.capacitySource().orElse(null));
      body.put("capacity", capacity);
    } else {
      body.put("capacity", null);
    }
    body.put("exhaustion", r.exhaustion().map(e -> exhaustion(r, e, policy)).orElse(null));
    body.put("generated_at", Timestamps.format(r.generatedAtMillis()));
    body.put("cached", cached);
    return body;
  }

  /** The predicted time is when the point forecast reaches capacity, else its 95% bound. */
  static Map<String, Object> exhaustion(
      ForecastService.Result r, Exhaustion e, CapacityRiskPolicy policy) {
    long earliest = r.stepStart(e.firstStep());
    long predicted = e.expectedStep().map(r::stepStart).orElse(earliest);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("predicted_at", Timestamps.format(predicted));
    m.put("earliest_at", Timestamps.format(earliest));
    m.put("expected_at", e.expectedStep().map(s -> Timestamps.format(r.stepStart(s))).orElse(null));
    long untilMillis = Math.max(0, predicted - r.generatedAtMillis());
    m.put("hours_until", Math.round(untilMillis / 36_000.0) / 100.0);
    m.put("confidence", round(e.probability()));
    m.put("severity", policy.severity(Duration.ofMillis(untilMillis)).wire());
    return m;
  }

  private static double round(double v) {
    return Math.round(v * 10_000) / 10_000.0;
  }
}
