package io.driftline.server.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftline.server.TestServer;
import io.driftline.server.http.Timestamps;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A synthetic latency spike in pod metrics, end to end over HTTP: detection on the workload's
 * aggregated series opens exactly one LATENCY_DRIFT event, a config change shortly before is its
 * probable cause with a rollback drafted, and the event resolves when latency returns.
 */
class WorkloadDriftTest {
  static final Instant T0 = TestServer.START.minus(Duration.ofHours(1));
  static final long STEP_SECONDS = 10;
  static final int BASELINE = 150;
  static final int SPIKE = 20;
  static final int RECOVERY = 60;

  TestServer server;
  final Random random = new Random(42);

  @BeforeEach
  void start() {
    server = new TestServer(TestServer.ZSCORE_RULES); // exact timing of severe and recovery
  }

  @AfterEach
  void stop() {
    server.close();
  }

  static TestServer sqliteWithRules(Path dir) {
    return new TestServer(
        TestServer.zscoreRules(
            java.util.Map.of("storage.type", "sqlite", "storage.data_dir", dir.toString())));
  }

  /** Two pods per timestamp; uniform noise (|z| stays below the recovery threshold of 2). */
  String pods(int from, int to, double level) {
    StringBuilder body = new StringBuilder("{\"metrics\": [");
    for (int i = from; i < to; i++) {
      double noise = random.nextDouble() * 2 - 1;
      String ts = Timestamps.format(time(i));
      for (int pod = 0; pod < 2; pod++) {
        if (i > from || pod > 0) body.append(", ");
        body.append(
            PodMetricApiTest.item(
                "checkout-" + pod,
                "checkout",
                ts,
                "\"latency_p95_ms\": " + (level + 10 * pod + noise)));
      }
    }
    return body.append("]}").toString();
  }

  static Instant time(int i) {
    return T0.plusSeconds(i * STEP_SECONDS);
  }

  void send(String body) {
    var reply = server.postJson("/api/v1/telemetry/pod-metrics", body);
    assertThat(reply.status()).as(reply.text()).isEqualTo(202);
    server.sync();
  }

  JsonNode events(String query) {
    return server.get("/api/v1/drift/events?" + query).json().get("events");
  }

  @Test
  void latencySpikeOpensOneLatencyDriftEventWithItsCauseAndResolvesWhenLatencyReturns() {
    String changedAt = Timestamps.format(time(BASELINE).minus(Duration.ofMinutes(5)));
    var change =
        server.postJson(
            "/api/v1/config/history",
            """
        {"cluster_id": "prod-us-east-1", "namespace": "production", "workload_name": "checkout",
         "change_type": "image", "changed_at": "%s", "changed_by": "deploy-bot",
         "before": {"image": "checkout:1.4"}, "after": {"image": "checkout:1.5"}}"""
                .formatted(changedAt));
    server.postJson(
        "/api/v1/config/history",
        """
        {"cluster_id": "prod-us-east-1", "namespace": "production", "workload_name": "billing",
         "change_type": "replicas", "changed_at": "%s", "changed_by": "hpa",
         "before": 3, "after": 5}"""
            .formatted(changedAt));
    assertThat(change.status()).as(change.text()).isEqualTo(201);
    String changeId = change.json().get("change_id").asText();

    send(pods(0, BASELINE, 100));
    assertThat(events("")).isEmpty();

    send(pods(BASELINE, BASELINE + SPIKE, 150));
    var open = events("workload_name=checkout");
    assertThat(open).hasSize(1);
    JsonNode event = open.get(0);
    assertThat(event.get("drift_category").asText()).isEqualTo("LATENCY_DRIFT");
    assertThat(event.get("status").asText()).isEqualTo("open");
    assertThat(event.get("cluster_id").asText()).isEqualTo("prod-us-east-1");
    assertThat(event.get("namespace").asText()).isEqualTo("production");
    assertThat(event.get("env").asText()).isEqualTo("prod");
    assertThat(event.get("severity").asText()).isEqualTo("critical");
    assertThat(event.get("detection_method").asText()).isEqualTo("zscore_rules/severe");
    assertThat(event.get("confidence_score").asDouble()).isGreaterThan(0.99);
    // the severe rule fires on the fifth consecutive sample beyond 3 sigma
    assertThat(event.get("start_ts").asText()).isEqualTo(Timestamps.format(time(BASELINE + 4)));
    assertThat(event.get("end_ts").isNull()).isTrue();
    assertThat(event.get("probable_cause").asText()).isEqualTo(changeId);
    String driftId = event.get("drift_id").asText();
    var recs =
        server
            .get("/api/v1/drift/recommendations?drift_id=" + driftId)
            .json()
            .get("recommendations");
    assertThat(recs).hasSize(1);
    assertThat(recs.get(0).get("recommendation_type").asText()).isEqualTo("rollback");
    assertThat(recs.get(0).get("recommendation_json").asText())
        .contains("\"change_id\": \"" + changeId + "\"")
        .contains("\"restore\": {\"image\":\"checkout:1.4\"}");

    send(pods(BASELINE + SPIKE, BASELINE + SPIKE + RECOVERY, 100));
    var after = events("workload_name=checkout");
    assertThat(after).hasSize(1);
    assertThat(after.get(0).get("drift_id").asText()).isEqualTo(driftId);
    assertThat(after.get(0).get("status").asText()).isEqualTo("resolved");
    assertThat(after.get(0).get("resolved_by").asText()).isEqualTo("driftline");
    // recovery: the 50th consecutive normal sample after the spike
    assertThat(after.get(0).get("end_ts").asText())
        .isEqualTo(Timestamps.format(time(BASELINE + SPIKE + 49)));
    assertThat(events("status=open")).isEmpty();
  }

  @Test
  void anEventOpenedBeforeARestartIsResolvedAfterItAndNeverDuplicated(@TempDir Path dir) {
    server.close();
    server = sqliteWithRules(dir);
    send(pods(0, BASELINE, 100));
    send(pods(BASELINE, BASELINE + SPIKE, 150));
    String driftId = events("status=open").get(0).get("drift_id").asText();
    server.close();

    server = sqliteWithRules(dir);
    assertThat(events("")).hasSize(1);
    send(pods(BASELINE + SPIKE, BASELINE + SPIKE + RECOVERY, 100));

    var after = events("workload_name=checkout");
    assertThat(after).hasSize(1);
    assertThat(after.get(0).get("drift_id").asText()).isEqualTo(driftId);
    assertThat(after.get(0).get("status").asText()).isEqualTo("resolved");
  }
}
