package io.driftline.server.loadgen;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftline.server.http.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Measures how long after the {@code 202} of the sample that completes a drift rule the new state
 * is visible through the API. Each probe warms a fresh service up (one batch of 100 steady
 * samples), then sends up to five spikes one at a time, and from each one's {@code 202} polls
 * {@code GET /v1/health/{service}} until the answer says {@code DRIFT_DETECTED} (measured) or shows
 * the spike applied without a drift (then the next spike goes). The default ensemble fires on the
 * first spike, the seed's severe rule (five consecutive |z| > 3) on the fifth. The clock runs from
 * the {@code 202}'s arrival to the arrival of the first answer showing the state, so the poll's own
 * round trip is included: what a client that reads right after writing would see.
 */
public final class VisibilityProbe {
  private static final int WARMUP = 100;
  private static final int SPIKES = 5;

  private final URI base;
  private final Clock clock;
  private final String run;
  private final HttpClient client;
  private final Duration timeout;
  private final Histogram micros = new Histogram(60_000_000L, 3);
  private int failures;
  private String lastFailure = "";

  /**
   * @param clock where the probe's sample timestamps come from: the server's time (samples too far
   *     in its future are refused)
   */
  public VisibilityProbe(URI base, String run, Duration timeout, Clock clock) {
    this.base = base;
    this.clock = clock;
    this.run = run;
    this.timeout = timeout;
    this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  /** Runs {@code probes} probes one after the other; returns the summary. */
  public Map<String, Object> run(int probes) throws InterruptedException {
    for (int i = 0; i < probes; i++) {
      try {
        probe("visibility-" + run + "-" + i);
      } catch (IOException | IllegalStateException e) {
        failures++;
        lastFailure = e.getMessage();
      }
    }
    return summary();
  }

  private void probe(String service) throws IOException, InterruptedException {
    Instant start = clock.instant().minusSeconds(WARMUP + SPIKES + 10);
    StringBuilder warm = new StringBuilder("[");
    for (int i = 0; i < WARMUP; i++) {
      if (i > 0) warm.append(',');
      warm.append(object(service, start.plusSeconds(i), i % 2 == 0 ? 99 : 101));
    }
    post("/v1/telemetry/batch", warm.append(']').toString());
    // the warm-up's own state must be visible first, or the spike's latency includes it
    long settle = System.nanoTime() + timeout.toNanos();
    Health health = health(service);
    while (!health.state().equals("STABLE")) {
      if (!health.state().equals("UNKNOWN") && !health.state().equals("INSUFFICIENT_DATA")
          || System.nanoTime() > settle) {
        throw new IllegalStateException(
            service + " was " + health.state() + " before its first spike");
      }
      health = health(service);
    }
    for (int k = 1; k <= SPIKES; k++) {
      post("/v1/telemetry", object(service, start.plusSeconds(WARMUP + k - 1), 1000));
      long accepted = System.nanoTime();
      if (drifted(service, WARMUP + k, k == SPIKES, accepted)) {
        micros.recordValue(Math.max(1, (System.nanoTime() - accepted) / 1000));
        return;
      }
    }
  }

  /**
   * Polls until the service drifts (true), or, unless this is the {@code last} spike, until the
   * spike is applied without a drift (false: the detector needs more evidence).
   */
  private boolean drifted(String service, long samples, boolean last, long accepted)
      throws IOException, InterruptedException {
    long deadline = accepted + timeout.toNanos();
    while (true) {
      Health health = health(service);
      if (health.state().equals("DRIFT_DETECTED")) return true;
      if (!last && health.sampleCount() >= samples) return false;
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(service + " did not turn DRIFT_DETECTED within " + timeout);
      }
    }
  }

  private static String object(String service, Instant at, double latency) {
    return "{\"service_id\":\""
        + service
        + "\",\"timestamp\":\""
        + at
        + "\",\"latency_ms\":"
        + latency
        + ",\"payload_kb\":2.0}";
  }

  private void post(String path, String body) throws IOException, InterruptedException {
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(base.resolve(path))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 202) {
      throw new IllegalStateException(
          "POST " + path + " answered " + response.statusCode() + ": " + response.body());
    }
  }

  private record Health(String state, long sampleCount) {}

  private Health health(String service) throws IOException, InterruptedException {
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(
                    base.resolve(
                        "/v1/health/" + URLEncoder.encode(service, StandardCharsets.UTF_8)))
                .timeout(timeout)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() == 404) return new Health("UNKNOWN", 0);
    if (response.statusCode() != 200) {
      throw new IllegalStateException("GET health answered " + response.statusCode());
    }
    JsonNode body = Json.MAPPER.readTree(response.body());
    JsonNode state = body.get("state");
    return new Health(
        state == null ? "UNKNOWN" : state.asText(), body.path("sample_count").asLong());
  }

  Map<String, Object> summary() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("probes", micros.getTotalCount());
    out.put("failures", failures);
    if (failures > 0) out.put("last_failure", lastFailure);
    if (micros.getTotalCount() > 0) {
      out.put("p50_ms", micros.getValueAtPercentile(50) / 1000.0);
      out.put("p99_ms", micros.getValueAtPercentile(99) / 1000.0);
      out.put("max_ms", micros.getMaxValue() / 1000.0);
    }
    return out;
  }

  /** One line for people. */
  public static String toText(Map<String, Object> summary) {
    return "202 -> state visible: "
        + summary.get("probes")
        + " probes, "
        + summary.get("failures")
        + " failed"
        + (summary.containsKey("p50_ms")
            ? ", p50 "
                + summary.get("p50_ms")
                + " ms, p99 "
                + summary.get("p99_ms")
                + " ms, max "
                + summary.get("max_ms")
                + " ms"
            : "")
        + (summary.containsKey("last_failure")
            ? " (last failure: " + summary.get("last_failure") + ")"
            : "")
        + "\n";
  }
}
