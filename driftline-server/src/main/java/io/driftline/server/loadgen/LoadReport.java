package io.driftline.server.loadgen;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import org.HdrHistogram.Histogram;

/**
 * What a load run measured, after warmup: throughput, latency percentiles (milliseconds, from the
 * intended send time in open loop), answers by status code, transport errors, and requests an
 * open-loop run could not send before its end because every connection was busy.
 */
public record LoadReport(
    LoadPlan plan,
    long requests,
    double requestsPerSecond,
    double samplesPerSecond,
    double p50,
    double p90,
    double p99,
    double p999,
    double max,
    double mean,
    SendLag sendLag,
    SortedMap<String, Long> statuses,
    SortedMap<String, Long> errors,
    long unsent) {

  /**
   * Open loop: how long after their intended time the measured requests left, in milliseconds. It
   * is the generator's own delay (a busy core, the selector's millisecond sleeps), and it is part
   * of every latency, which is measured from the intended time.
   */
  public record SendLag(double p50, double p99, double max) {}

  static LoadReport of(
      LoadPlan plan,
      Histogram latency,
      Histogram lag,
      SortedMap<String, Long> statuses,
      SortedMap<String, Long> errors,
      long unsent) {
    double seconds = plan.duration().toNanos() / 1e9;
    long accepted =
        statuses.entrySet().stream()
            .filter(e -> e.getKey().startsWith("2"))
            .mapToLong(Map.Entry::getValue)
            .sum();
    return new LoadReport(
        plan,
        latency.getTotalCount(),
        latency.getTotalCount() / seconds,
        accepted * (double) plan.samplesPerRequest() / seconds,
        LoadGenerator.ms(latency.getValueAtPercentile(50)),
        LoadGenerator.ms(latency.getValueAtPercentile(90)),
        LoadGenerator.ms(latency.getValueAtPercentile(99)),
        LoadGenerator.ms(latency.getValueAtPercentile(99.9)),
        LoadGenerator.ms(latency.getMaxValue()),
        latency.getMean() / 1000,
        plan.openLoop()
            ? new SendLag(
                LoadGenerator.ms(lag.getValueAtPercentile(50)),
                LoadGenerator.ms(lag.getValueAtPercentile(99)),
                LoadGenerator.ms(lag.getMaxValue()))
            : null,
        statuses,
        errors,
        unsent);
  }

  /** Whether every request sent got a 2xx answer and nothing was left unsent. */
  public boolean clean() {
    return errors.isEmpty()
        && unsent == 0
        && statuses.keySet().stream().allMatch(code -> code.startsWith("2"));
  }

  public String toText() {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            "%s %s, %s, %d connections (%s client), %ds measured%n",
            plan.mode(),
            plan.target(),
            plan.openLoop() ? "open loop at " + plan.rate() + " req/s" : "closed loop (max)",
            plan.connections(),
            plan.client().name().toLowerCase(java.util.Locale.ROOT),
            plan.duration().toSeconds()));
    out.append(
        String.format(
            "throughput  %.1f requests/s, %.1f samples/s accepted (%d requests)%n",
            requestsPerSecond, samplesPerSecond, requests));
    out.append(
        String.format(
            "latency ms  p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f  mean %.3f%s%n",
            p50, p90, p99, p999, max, mean, plan.openLoop() ? " (from intended send time)" : ""));
    if (sendLag != null) {
      out.append(
          String.format(
              "send lag    p50 %.3f  p99 %.3f  max %.3f (after the intended time; part of the latency)%n",
              sendLag.p50(), sendLag.p99(), sendLag.max()));
    }
    out.append("status      ").append(statuses.isEmpty() ? "none" : statuses).append('\n');
    out.append("errors      ").append(errors.isEmpty() ? "none" : errors).append('\n');
    if (unsent > 0) out.append("unsent      ").append(unsent).append(" (all connections busy)\n");
    return out.toString();
  }

  /** The same summary as a JSON-ready map. */
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("target", plan.target().toString());
    json.put("mode", plan.mode().name().toLowerCase(java.util.Locale.ROOT));
    json.put("batch_size", plan.itemsPerRequest());
    json.put("series", plan.series());
    json.put("open_loop", plan.openLoop());
    if (plan.openLoop()) json.put("rate", plan.rate());
    json.put("connections", plan.connections());
    json.put("client", plan.client().name().toLowerCase(java.util.Locale.ROOT));
    json.put("duration_s", plan.duration().toNanos() / 1e9);
    json.put("warmup_s", plan.warmup().toNanos() / 1e9);
    json.put("requests", requests);
    json.put("requests_per_second", requestsPerSecond);
    json.put("samples_per_second", samplesPerSecond);
    Map<String, Object> latency = new LinkedHashMap<>();
    latency.put("p50", p50);
    latency.put("p90", p90);
    latency.put("p99", p99);
    latency.put("p99_9", p999);
    latency.put("max", max);
    latency.put("mean", mean);
    json.put("latency_ms", latency);
    if (sendLag != null) {
      Map<String, Object> lag = new LinkedHashMap<>();
      lag.put("p50", sendLag.p50());
      lag.put("p99", sendLag.p99());
      lag.put("max", sendLag.max());
      json.put("send_lag_ms", lag);
    }
    json.put("status_codes", statuses);
    json.put("errors", errors);
    json.put("unsent", unsent);
    return json;
  }
}
