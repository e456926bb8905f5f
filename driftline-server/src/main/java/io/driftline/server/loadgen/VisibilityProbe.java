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
 * is visible through the API. Each probe warms a fresh service up (one batch of 100 steady samples)
 * and waits until the service is {@code STABLE}, then sends spikes one at a time. After each
 * spike's {@code 202} it polls {@code GET /v1/health/{service}} until the answer counts the spike;
 * the spike whose answer says {@code DRIFT_DETECTED} is the one that completed the rule (the first
 * with the default detector, the fifth with the seed's {@code zscore-rules}), and the time from its
 * {@code 202} to the arrival of that answer is recorded. The poll's own round trip is included:
 * what a client that reads right after writing would see.
 */
public final class VisibilityProbe {
  private static final int WARMUP = 100;
  private static final int MAX_SPIKES = 10;

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

  /**
   * Probes until {@code duration} has passed and forgets the results: the requests the probes make
   * (a batch, health reads, single samples) are then compiled and warm in this process and in the
   * server before the measured probes, as the load's own requests are after the warm-up. Without it
   * the first measured probes paid both JITs, on a machine already busy with the load.
   */
  public void warmUp(Duration duration) throws InterruptedException {
    long end = System.nanoTime() + duration.toNanos();
    for (int i = 0; System.nanoTime() - end < 0; i++) {
      try {
        probe("visibility-" + run + "-warmup-" + i);
      } catch (IOException | IllegalStateException e) {
        // warm-up only: the measured probes report their own failures
      }
    }
    micros.reset();
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
    Instant start = clock.instant().minusSeconds(WARMUP + MAX_SPIKES + 10);
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
        throw new IllegalStateException(service + " was " + health.state() + " after warm-up");
      }
      health = health(service);
    }
    for (int i = 0; i < MAX_SPIKES; i++) {
      long before = health.sampleCount();
      post("/v1/telemetry", object(service, start.plusSeconds(WARMUP + i), 1000));
      long accepted = System.nanoTime();
      long deadline = accepted + timeout.toNanos();
      health = health(service);
      while (health.sampleCount() == before) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(service + " did not count its spike within " + timeout);
        }
        health = health(service);
      }
      if (health.state().equals("DRIFT_DETECTED")) {
        micros.recordValue(Math.max(1, (System.nanoTime() - accepted) / 1000));
        return;
      }
    }
    throw new IllegalStateException(
        service + " was " + health.state() + " after " + MAX_SPIKES + " spikes");
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
    JsonNode count = body.get("sample_count");
    return new Health(
        state == null ? "UNKNOWN" : state.asText(), count == null ? 0 : count.asLong());
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
