package io.driftline.server.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.server.TestServer;
import java.util.Iterator;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HealthApiTest {
  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.memory();
    var random = new Random(1);
    StringBuilder batch = new StringBuilder("[");
    for (int i = 0; i < 150; i++) {
      batch
          .append(i == 0 ? "" : ",")
          .append(
              String.format(
                  "{\"service_id\":\"payment-authorization-prod\",\"latency_ms\":%.2f,\"payload_kb\":%.2f,"
                      + "\"timestamp\":\"2026-01-12T09:%02d:%02d.000Z\"}",
                  150 + 25 * random.nextGaussian(),
                  2.4 + 0.2 * random.nextGaussian(),
                  i / 60,
                  i % 60));
    }
    assertThat(server.postJson("/v1/telemetry/batch", batch.append("]").toString()).status())
        .isEqualTo(202);
    server.sync();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void healthHasEveryFieldOfTheSeed() {
    var h = server.get("/v1/health/payment-authorization-prod").json();

    assertThat(h.get("service_id").asText()).isEqualTo("payment-authorization-prod");
    assertThat(h.get("state").asText()).isEqualTo("STABLE");
    assertThat(h.get("transition_timestamp").asText()).isEqualTo("2026-01-12T09:01:39.000Z");
    assertThat(h.get("sample_count").asInt()).isEqualTo(150);
    assertThat(h.get("baseline").get("mean_latency").asDouble()).isBetween(140.0, 160.0);
    assertThat(h.get("baseline").get("stddev_latency").asDouble()).isBetween(18.0, 32.0);
    assertThat(h.get("baseline").get("sample_count").asInt()).isBetween(100, 150);
    assertThat(h.get("metadata").get("recent_anomalies").isInt()).isTrue();
    assertThat(h.get("metrics").get("payload_kb").get("state").asText()).isEqualTo("STABLE");
  }

  @Test
  void eachMetricShowsTheSeverityOfItsLatestSample() {
    var random = new Random(2);
    StringBuilder batch = new StringBuilder("[");
    for (int i = 0; i < 121; i++) {
      double latency = i == 120 ? 1_000 : 150 + 25 * random.nextGaussian();
      batch
          .append(i == 0 ? "" : ",")
          .append(
              String.format(
                  "{\"service_id\":\"severity-demo\",\"latency_ms\":%.2f,\"payload_kb\":%.2f,"
                      + "\"timestamp\":\"2026-01-12T10:%02d:%02d.000Z\"}",
                  latency, 2.4 + 0.2 * random.nextGaussian(), i / 60, i % 60));
    }
    try (var own = TestServer.memory()) { // its own server: listShowsEveryService counts services
      assertThat(own.postJson("/v1/telemetry/batch", batch.append("]").toString()).status())
          .isEqualTo(202);
      own.sync();

      var metrics = own.get("/v1/health/severity-demo").json().get("metrics");

      assertThat(metrics.get("latency_ms").get("severity").asText()).isEqualTo("emergency");
      assertThat(metrics.get("payload_kb").get("severity").asText()).isIn("info", "warning");
    }
  }

  @Test
  void overriddenMetricRunsTheRulesWhileOthersRunTheDefaultEnsemble() {
    var random = new Random(3);
    StringBuilder batch = new StringBuilder("[");
    for (int i = 0; i < 123; i++) {
      // three samples far off: the ensemble alarms and the next two confirm; the rules need five
      boolean spike = i >= 120;
      batch
          .append(i == 0 ? "" : ",")
          .append(
              String.format(
                  "{\"service_id\":\"mixed\",\"latency_ms\":%.2f,\"payload_kb\":%.2f,"
                      + "\"timestamp\":\"2026-01-12T09:%02d:%02d.000Z\"}",
                  spike ? 2_000 : 150 + 25 * random.nextGaussian(),
                  spike ? 50 : 2.4 + 0.2 * random.nextGaussian(),
                  i / 60,
                  i % 60));
    }
    try (var own =
        new TestServer(java.util.Map.of("detection.overrides", "latency_ms=zscore-rules"))) {
      assertThat(own.postJson("/v1/telemetry/batch", batch.append("]").toString()).status())
          .isEqualTo(202);
      own.sync();

      var metrics = own.get("/v1/health/mixed").json().get("metrics");

      assertThat(metrics.get("payload_kb").get("state").asText()).isEqualTo("DRIFT_DETECTED");
      assertThat(metrics.get("latency_ms").get("state").asText()).isEqualTo("STABLE");
    }
  }

  @Test
  void baselineHasEveryFieldOfTheSeed() {
    var b = server.get("/v1/baseline/payment-authorization-prod").json();

    Iterator<String> names = b.fieldNames();
    assertThat(names)
        .toIterable()
        .contains(
            "service_id",
            "sample_count",
            "mean_latency",
            "stddev_latency",
            "mean_payload",
            "stddev_payload",
            "last_updated");
    assertThat(b.get("mean_payload").asDouble()).isBetween(2.2, 2.6);
    assertThat(b.get("last_updated").asText()).isEqualTo("2026-01-12T09:02:29.000Z");
  }

  @Test
  void listShowsEveryService() {
    var list = server.get("/v1/health").json();

    assertThat(list.get("count").asInt()).isEqualTo(1);
    assertThat(list.get("services").get(0).get("service_id").asText())
        .isEqualTo("payment-authorization-prod");
  }

  @Test
  void transitionsAreTheAuditTrail() {
    var t = server.get("/v1/health/payment-authorization-prod/transitions").json();

    assertThat(t.get("transitions")).hasSize(2); // latency_ms and payload_kb became STABLE
    assertThat(t.get("transitions").get(0).get("rule").asText()).isEqualTo("baseline_ready");
    assertThat(t.get("transitions").get(0).get("from").asText()).isEqualTo("INSUFFICIENT_DATA");
    assertThat(t.get("transitions").get(0).get("severity").asText()).isEqualTo("info");
  }

  @Test
  void aTransitionStoredWithoutSeverityShowsItAsNull() {
    var storage = new io.driftline.storage.InMemoryStorage();
    storage.write(
        new io.driftline.storage.WriteBatch(
            java.util.List.of(),
            java.util.List.of(
                new io.driftline.health.Transition(
                    io.driftline.telemetry.SeriesKey.of("old", "latency_ms"),
                    1,
                    1_000,
                    io.driftline.health.HealthState.STABLE,
                    io.driftline.health.HealthState.DRIFT_DETECTED,
                    "severe",
                    java.util.List.of(3.5))),
            java.util.List.of(),
            java.util.OptionalLong.empty()));
    try (var own = new TestServer(java.util.Map.of(), storage)) {
      own.postJson("/v1/telemetry", "{\"service_id\": \"old\", \"latency_ms\": 3}");
      own.sync();

      var t = own.get("/v1/health/old/transitions").json().get("transitions");

      assertThat(t).hasSize(1);
      assertThat(t.get(0).has("severity")).isTrue();
      assertThat(t.get(0).get("severity").isNull()).isTrue();
    }
  }

  @Test
  void aServiceIdWithSlashesIsAddressedUrlEncoded() {
    try (var own = TestServer.memory()) {
      own.postJson("/v1/telemetry", "{\"service_id\": \"c1/ns/web\", \"latency_ms\": 3}");
      own.sync();

      var h = own.get("/v1/health/c1%2Fns%2Fweb");

      assertThat(h.status()).isEqualTo(200);
      assertThat(h.json().get("service_id").asText()).isEqualTo("c1/ns/web");
    }
  }

  @Test
  void unknownServiceIsA404InJson() {
    for (String path :
        new String[] {"/v1/health/nope", "/v1/baseline/nope", "/v1/health/nope/transitions"}) {
      var reply = server.get(path);
      assertThat(reply.status()).as(path).isEqualTo(404);
      assertThat(reply.json().get("error").asText()).isEqualTo("not_found");
      assertThat(reply.json().get("message").asText()).contains("nope");
    }
  }

  @Test
  void badLimitIsA400() {
    assertThat(server.get("/v1/health/payment-authorization-prod/transitions?limit=0").status())
        .isEqualTo(400);
  }

  @Test
  void unknownRouteIsA404InJson() {
    var reply = server.get("/v2/nothing");
    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.json().get("error").asText()).isEqualTo("not_found");
  }
}
