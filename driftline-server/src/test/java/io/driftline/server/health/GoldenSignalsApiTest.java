package io.driftline.server.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftline.server.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The multivariate detector in the running service: DriftWatch records carrying three golden
 * signals become rows of one Isolation Forest per service, reported as the series golden_signals.
 */
class GoldenSignalsApiTest {
  /**
   * The univariate series run the seed's rules: a shift of 2.3 standard deviations held for 15
   * samples is "ordinary" to them, while the default ensemble's CUSUM rightly calls it a drift.
   */
  private static final Map<String, String> ON =
      Map.of("detection.multivariate", "isolation-forest", "detection.detector", "zscore-rules");

  private static final Instant T0 = Instant.parse("2026-01-12T09:00:00Z");

  @Test
  void aBrokenCorrelationOfOrdinaryValuesDriftsOnlyTheGoldenSignals() {
    try (var server = new TestServer(ON)) {
      var traffic = new Traffic("checkout", 7);
      post(server, traffic.ordinary(1200));
      JsonNode before = server.get("/v1/health/checkout").json().get("metrics");
      assertThat(before.get("golden_signals").get("state").asText()).isEqualTo("STABLE");
      assertThat(before.get("golden_signals").get("sample_count").asInt()).isEqualTo(1200);
      assertThat(before.get("golden_signals").get("score").asDouble()).isBetween(0.3, 0.6);

      // high load served at the latency of low load: each value within 2.5 standard deviations
      post(server, traffic.broken(15, 2.3));

      JsonNode h = server.get("/v1/health/checkout").json();
      JsonNode golden = h.get("metrics").get("golden_signals");
      assertThat(golden.get("state").asText()).isEqualTo("DRIFT_DETECTED");
      assertThat(golden.get("score").asDouble()).isGreaterThanOrEqualTo(0.65);
      assertThat(golden.get("severity").asText()).isIn("critical", "emergency");
      assertThat(h.get("state").asText()).isEqualTo("DRIFT_DETECTED");
      assertThat(h.get("drifting_metrics")).extracting(JsonNode::asText).contains("golden_signals");
      for (String metric : new String[] {"latency_ms", "throughput_rps", "error_rate"}) {
        assertThat(h.get("metrics").get(metric).get("state").asText())
            .as(metric)
            .isEqualTo("STABLE");
      }
      JsonNode transitions =
          server.get("/v1/health/checkout/transitions").json().get("transitions");
      assertThat(transitions)
          .anySatisfy(
              t -> {
                assertThat(t.get("metric").asText()).isEqualTo("golden_signals");
                assertThat(t.get("to").asText()).isEqualTo("DRIFT_DETECTED");
                assertThat(t.get("rule").asText()).isEqualTo("isolation-forest");
              });
    }
  }

  @Test
  void anOutageOfAllThreeSignalsDriftsTheGoldenSignalsWithinFiveRecords() {
    try (var server = new TestServer(ON)) {
      var traffic = new Traffic("payments", 8);
      post(server, traffic.ordinary(1200));
      post(server, traffic.outage(5));

      JsonNode golden =
          server.get("/v1/health/payments").json().get("metrics").get("golden_signals");
      assertThat(golden.get("state").asText()).isEqualTo("DRIFT_DETECTED");
      assertThat(golden.get("severity").asText()).isIn("critical", "emergency");
    }
  }

  @Test
  void offByDefaultTheResponsesHaveNoGoldenSignals() {
    try (var server = TestServer.memory()) {
      post(server, new Traffic("checkout", 7).ordinary(300));

      JsonNode h = server.get("/v1/health/checkout").json();
      assertThat(h.get("metrics").has("golden_signals")).isFalse();
      assertThat(h.get("metrics").get("latency_ms").has("score")).isFalse();
      assertThat(server.get("/v1/baseline/checkout").json().get("metrics").has("golden_signals"))
          .isFalse();
    }
  }

  @Test
  void aServiceWithoutAllTheSignalsShowsNoGoldenSignals() {
    try (var server = new TestServer(ON)) {
      StringBuilder batch = new StringBuilder("[");
      for (int i = 0; i < 300; i++) {
        batch
            .append(i == 0 ? "" : ",")
            .append(
                String.format(
                    "{\"service_id\":\"legacy\",\"latency_ms\":%d,\"payload_kb\":2,\"timestamp\":\"%s\"}",
                    100 + i % 7, T0.plusSeconds(i)));
      }
      assertThat(server.postJson("/v1/telemetry/batch", batch + "]").status()).isEqualTo(202);
      server.sync();

      assertThat(server.get("/v1/health/legacy").json().get("metrics").has("golden_signals"))
          .isFalse();
    }
  }

  @Test
  void aRestartContinuesTheGoldenSignalsFromTheCheckpoint(@TempDir Path dir) {
    Map<String, String> sqlite =
        Map.of(
            "storage.type", "sqlite",
            "storage.data_dir", dir.toString(),
            "detection.multivariate", "isolation-forest");
    var traffic = new Traffic("checkout", 9);
    String first = traffic.ordinary(700);
    String second = traffic.ordinary(300) + "\n" + traffic.broken(15, 2.3);

    JsonNode uninterrupted;
    try (var server = new TestServer(ON)) {
      post(server, first);
      post(server, second);
      uninterrupted = server.get("/v1/health/checkout").json().get("metrics").get("golden_signals");
    }
    try (var server = new TestServer(sqlite)) {
      post(server, first);
    }
    try (var server = new TestServer(sqlite)) {
      JsonNode restored =
          server.get("/v1/health/checkout").json().get("metrics").get("golden_signals");
      assertThat(restored.get("sample_count").asInt()).isEqualTo(700);
      assertThat(restored.get("state").asText()).isEqualTo("STABLE");
      post(server, second);
      JsonNode after =
          server.get("/v1/health/checkout").json().get("metrics").get("golden_signals");
      assertThat(after).isEqualTo(uninterrupted);
      assertThat(after.get("state").asText()).isEqualTo("DRIFT_DETECTED");
    }
  }

  @Test
  void aWorkloadsPodMetricsFormRowsAndItsDriftOpensAnEventWhenTheSeriesHasACategory() {
    Map<String, String> settings =
        Map.of(
            "detection.detector",
            "zscore-rules",
            "detection.multivariate",
            "isolation-forest",
            "drift.categories",
            io.driftline.drift.DriftSettings.DEFAULT_CATEGORIES + ",golden_signals=LATENCY_DRIFT");
    try (var server = new TestServer(settings)) {
      var random = new Random(11);
      StringBuilder body = new StringBuilder("{\"metrics\": [");
      for (int i = 0; i < 1215; i++) {
        double z = i < 1200 ? random.nextGaussian() : 2.3;
        double load = 100 + 10 * z + (i < 1200 ? 0 : random.nextGaussian());
        double latency = 50 + 0.5 * (i < 1200 ? load : 100 - 10 * z) + 0.5 * random.nextGaussian();
        body.append(i == 0 ? "" : ", ")
            .append(
                String.format(
                    "{\"cluster_id\": \"prod-us-east-1\", \"namespace\": \"production\","
                        + " \"pod_name\": \"checkout-0\", \"workload_name\": \"checkout\","
                        + " \"timestamp\": \"%s\", \"latency_p95_ms\": %.3f,"
                        + " \"throughput_rps\": %.3f, \"error_rate\": %.6f}",
                    T0.plusSeconds(i), latency, load, 0.01 + 0.0001 * load));
      }
      var reply = server.postJson("/api/v1/telemetry/pod-metrics", body.append("]}").toString());
      assertThat(reply.status()).as(reply.text()).isEqualTo(202);
      server.sync();

      JsonNode metrics =
          server.get("/v1/health/prod-us-east-1%2Fproduction%2Fcheckout").json().get("metrics");
      assertThat(metrics.get("golden_signals").get("sample_count").asInt()).isEqualTo(1215);
      assertThat(metrics.get("golden_signals").get("state").asText()).isEqualTo("DRIFT_DETECTED");
      assertThat(metrics.get("latency_p95_ms").get("state").asText()).isEqualTo("STABLE");
      JsonNode events =
          server.get("/api/v1/drift/events?workload_name=checkout").json().get("events");
      assertThat(events).hasSize(1);
      assertThat(events.get(0).get("drift_category").asText()).isEqualTo("LATENCY_DRIFT");
      assertThat(events.get(0).get("status").asText()).isEqualTo("open");
    }
  }

  private static void post(TestServer server, String ndjson) {
    var reply = server.post("/v1/telemetry/batch", "application/x-ndjson", ndjson);
    assertThat(reply.status()).as(reply.text()).isEqualTo(202);
    server.sync();
  }

  /**
   * One record a second: throughput ~ N(100, 10), latency 50 + throughput / 2 + N(0, 0.5), error
   * rate tied to throughput; a fixed seed.
   */
  private static final class Traffic {
    private final String service;
    private final Random random;
    private int i;

    Traffic(String service, long seed) {
      this.service = service;
      this.random = new Random(seed);
    }

    String ordinary(int n) {
      StringBuilder out = new StringBuilder();
      for (int k = 0; k < n; k++) {
        double load = 100 + 10 * random.nextGaussian();
        out.append(record(load, 50 + 0.5 * load + 0.5 * random.nextGaussian(), errors(load)));
      }
      return out.toString();
    }

    /** Load {@code z} deviations up, latency {@code z} down: a combination never seen. */
    String broken(int n, double z) {
      StringBuilder out = new StringBuilder();
      for (int k = 0; k < n; k++) {
        double load = 100 + 10 * z + random.nextGaussian();
        double latency = 50 + 0.5 * (100 - 10 * z) + 0.5 * random.nextGaussian();
        out.append(record(load, latency, errors(load)));
      }
      return out.toString();
    }

    String outage(int n) {
      StringBuilder out = new StringBuilder();
      for (int k = 0; k < n; k++) out.append(record(20, 400, 0.3));
      return out.toString();
    }

    private double errors(double load) {
      return 0.01 + 0.0001 * load + 0.0002 * random.nextGaussian();
    }

    private String record(double load, double latency, double errorRate) {
      return String.format(
          "{\"service_id\":\"%s\",\"latency_ms\":%.3f,\"metrics\":{\"throughput_rps\":%.3f,"
              + "\"error_rate\":%.6f},\"timestamp\":\"%s\"}%n",
          service, latency, load, Math.max(0, errorRate), T0.plus(Duration.ofSeconds(i++)));
    }
  }
}
