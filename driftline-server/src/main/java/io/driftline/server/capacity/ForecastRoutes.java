package io.driftline.server.capacity;

import io.driftline.forecast.Forecast;
import io.driftline.forecast.ForecastInterval;
import io.driftline.forecast.ForecastReport;
import io.driftline.forecast.Forecasters;
import io.driftline.forecast.HourlyBuckets;
import io.driftline.server.http.ApiError;
import io.driftline.server.http.Json;
import io.driftline.server.http.Query;
import io.driftline.server.http.Route;
import io.driftline.server.http.Timestamps;
import io.driftline.storage.SampleStore;
import io.driftline.telemetry.SeriesKey;
import io.driftline.telemetry.StoredSample;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /api/v1/forecasts?service=&metric=&interval=hourly|daily|weekly&horizon=}: a forecast
 * of one stored series with 80% and 95% intervals, the model that answered and its backtest error
 * on this series (docs/forecasting.md). The history is the stored samples averaged per hour, then
 * per interval step. Answers are cached per series, interval and horizon until the clock enters the
 * next step, i.e. until a new step of data can have arrived.
 */
public final class ForecastRoutes {
  private static final long HOUR = 3_600_000L;

  /** Samples read per store query; the window is read a day at a time. */
  private static final int CHUNK_LIMIT = 1_000_000;

  /** History looked at per interval, in hours: 28 days, 365 days, 3 years. */
  private static final Map<ForecastInterval, Integer> HISTORY_HOURS =
      Map.of(
          ForecastInterval.HOURLY, 28 * 24,
          ForecastInterval.DAILY, 365 * 24,
          ForecastInterval.WEEKLY, 3 * 364 * 24);

  private final SampleStore samples;
  private final Clock clock;

  /** At most this many answers are kept; the least recently used goes first. */
  static final int CACHE_ENTRIES = 10_000;

  private final Map<String, Cached> cache =
      java.util.Collections.synchronizedMap(
          new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
              return size() > CACHE_ENTRIES;
            }
          });

  private record Cached(long stepEnd, Map<String, Object> body) {}

  public ForecastRoutes(SampleStore samples, Clock clock) {
    this.samples = samples;
    this.clock = clock;
  }

  public List<Route> routes() {
    return List.of(Route.get("/api/v1/forecasts", this::forecast));
  }

  void forecast(Context ctx) {
    String service = required(ctx, "service");
    String metric = required(ctx, "metric");
    ForecastInterval interval = interval(ctx);
    int maxSteps = interval.rangeHours / interval.hours;
    int horizon = Query.integer(ctx, "horizon", maxSteps, 1, maxSteps);
    SeriesKey key = SeriesKey.of(service, metric);
    long stepMillis = interval.hours * HOUR;
    // hourly: the history runs to the end of the current hour, so a sample just taken counts (a
    // partial hour's mean is a fair estimate of it); daily and weekly: whole steps only, as a
    // partial day's mean is biased by the time of day it ends at
    long end = Math.floorDiv(clock.millis(), stepMillis) * stepMillis;
    if (interval == ForecastInterval.HOURLY) end += stepMillis;
    String cacheKey = service + "\n" + metric + "\n" + interval + "\n" + horizon;
    Cached hit = cache.get(cacheKey);
    if (hit != null && hit.stepEnd() == end) {
      Map<String, Object> body = new LinkedHashMap<>(hit.body());
      body.put("cached", true);
      Json.respond(ctx, 200, body);
      return;
    }
    double[] history = history(key, interval, end);
    int last = history.length - 1;
    while (last >= 0 && Double.isNaN(history[last])) last--;
    if (last < 0)
      throw ApiError.notFound("no samples of " + service + "/" + metric + " in the history window");
    // steps without samples at the end are forecast too, so the points start at `end`
    int gap = history.length - 1 - last;
    double[] known = java.util.Arrays.copyOf(history, last + 1);
    ForecastReport report =
        ForecastReport.of(
            Forecasters.byName(Forecasters.DEFAULT).orElseThrow(),
            known,
            known.length >= 2 * interval.period ? interval.period : 1,
            gap + horizon);
    Map<String, Object> body = body(service, metric, interval, horizon, gap, end, report);
    cache.put(cacheKey, new Cached(end, body));
    body = new LinkedHashMap<>(body);
    body.put("cached", false);
    Json.respond(ctx, 200, body);
  }

  private double[] history(SeriesKey key, ForecastInterval interval, long end) {
    int hours = HISTORY_HOURS.get(interval);
    long from = end - hours * HOUR;
    HourlyBuckets buckets = new HourlyBuckets(from, hours);
    for (long day = from; day < end; day += 24 * HOUR) {
      for (StoredSample s : samples.range(key, day, Math.min(day + 24 * HOUR, end), CHUNK_LIMIT))
        buckets.add(s.sample().epochMillis(), s.sample().value());
    }
    double[] hourly = buckets.values();
    return interval == ForecastInterval.HOURLY ? hourly : interval.aggregate(hourly);
  }

  private static Map<String, Object> body(
      String service,
      String metric,
      ForecastInterval interval,
      int horizon,
      int gap,
      long end,
      ForecastReport report) {
    Forecast f = report.forecast();
    long step = interval.hours * HOUR;
    List<Map<String, Object>> points = new ArrayList<>();
    for (int i = 0; i < horizon; i++) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("timestamp", Timestamps.format(java.time.Instant.ofEpochMilli(end + i * step)));
      p.put("value", f.mean()[gap + i]);
      p.put("lower_80", f.lower80()[gap + i]);
      p.put("upper_80", f.upper80()[gap + i]);
      p.put("lower_95", f.lower95()[gap + i]);
      p.put("upper_95", f.upper95()[gap + i]);
      points.add(p);
    }
    Map<String, Object> backtest = new LinkedHashMap<>();
    backtest.put("smape", finiteOrNull(report.backtestSmape()));
    backtest.put("mase", finiteOrNull(report.backtestMase()));
    backtest.put("horizon", gap + horizon);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("service", service);
    body.put("metric", metric);
    body.put("interval", interval.name().toLowerCase(Locale.ROOT));
    body.put("horizon", horizon);
    body.put("model", f.model());
    body.put("fallback_reason", f.fallbackReason().orElse(null));
    body.put("backtest", backtest);
    body.put("history_points", report.historyPoints());
    body.put("computed_at", Timestamps.format(java.time.Instant.ofEpochMilli(end)));
    body.put("points", points);
    return body;
  }

  private static Double finiteOrNull(double v) {
    return Double.isFinite(v) ? v : null;
  }

  private static String required(Context ctx, String name) {
    return Query.optionalId(ctx, name)
        .orElseThrow(() -> ApiError.badRequest(name, name + " is required"));
  }

  private static ForecastInterval interval(Context ctx) {
    String raw = ctx.queryParam("interval");
    if (raw == null) return ForecastInterval.HOURLY;
    try {
      return ForecastInterval.valueOf(raw.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest(
          "interval", "interval must be hourly, daily or weekly but was " + raw);
    }
  }
}
