package io.driftline.server.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftline.server.TestServer;
import io.driftline.server.http.Json;
import io.driftline.server.http.Timestamps;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end over HTTP: the running server detects a latency drift in pod metrics (or a client
 * posts an event) and the notification arrives at a webhook and at a Slack-like receiver routed by
 * category, once while it fires and once when it resolves, also across a restart.
 */
class AlertDeliveryTest {
  static final Instant T0 = TestServer.START.minus(Duration.ofHours(1));
  static final Duration ARRIVAL = Duration.ofSeconds(20);
  static final int BASELINE = 150;
  static final int SPIKE = 20;
  static final int RECOVERY = 60;

  final LocalReceiver hook = LocalReceiver.start();
  final LocalReceiver slack = LocalReceiver.start();
  final Random random = new Random(42);
  TestServer server;

  Map<String, String> settings(Map<String, String> more) {
    Map<String, String> s = new HashMap<>(more);
    s.putAll(TestServer.ZSCORE_RULES); // the drift and recovery below follow the rules' timing
    s.put("notify.webhook.url", hook.uri("/driftline").toString());
    s.put("notify.slack.webhook_url", slack.uri("/services/T1/B2/secret").toString());
    s.put("notify.slack.categories", "CPU_MEMORY_DRIFT");
    return s;
  }

  @AfterEach
  void stop() {
    if (server != null) server.close();
    hook.close();
    slack.close();
  }

  /** Two pods per timestamp, one uniform noise per timestamp: |z| stays below recovery_z. */
  String pods(int from, int to, double level) {
    StringBuilder body = new StringBuilder("{\"metrics\": [");
    for (int i = from; i < to; i++) {
      double noise = random.nextDouble() * 2 - 1;
      String ts = Timestamps.format(T0.plusSeconds(i * 10L));
      for (int pod = 0; pod < 2; pod++) {
        if (i > from || pod > 0) body.append(", ");
        body.append(
            """
            {"cluster_id": "prod-us-east-1", "namespace": "production", "pod_name": "checkout-%d",
             "workload_name": "checkout", "timestamp": "%s", "latency_p95_ms": %s}"""
                .formatted(pod, ts, level + 10 * pod + noise));
      }
    }
    return body.append("]}").toString();
  }

  void send(String body) {
    var reply = server.postJson("/api/v1/telemetry/pod-metrics", body);
    assertThat(reply.status()).as(reply.text()).isEqualTo(202);
    server.sync();
  }

  JsonNode next(LocalReceiver receiver) throws Exception {
    return Json.MAPPER.readTree(receiver.take(ARRIVAL).body());
  }

  @Test
  void aDetectedDriftReachesTheWebhookOnceAndItsResolutionFollows() throws Exception {
    server = new TestServer(settings(Map.of()));
    send(pods(0, BASELINE, 100));
    send(pods(BASELINE, BASELINE + SPIKE, 150));
    String driftId =
        server
            .get("/api/v1/drift/events?status=open")
            .json()
            .get("events")
            .get(0)
            .get("drift_id")
            .asText();

    JsonNode firing = next(hook);
    assertThat(firing.get("status").asText()).isEqualTo("firing");
    assertThat(firing.get("event").get("drift_id").asText()).isEqualTo(driftId);
    assertThat(firing.get("event").get("drift_category").asText()).isEqualTo("LATENCY_DRIFT");
    assertThat(firing.get("event").get("severity").asText()).isEqualTo("critical");

    send(pods(BASELINE + SPIKE, BASELINE + SPIKE + RECOVERY, 100));
    JsonNode resolved = next(hook);
    assertThat(resolved.get("status").asText()).isEqualTo("resolved");
    assertThat(resolved.get("event").get("drift_id").asText()).isEqualTo(driftId);
    assertThat(resolved.get("event").get("resolved_by").asText()).isEqualTo("driftline");

    assertThat(hook.drain()).isEmpty();
    assertThat(slack.drain()).as("Slack gets CPU_MEMORY_DRIFT only").isEmpty();
    // the receiver saw the request before the sender counted its answer: wait for the count
    String resolvedCount =
        "driftline_notify_sent_total{kind=\"resolved\",notifier=\"webhook\"} 1.0";
    String metrics = server.get("/metrics").text();
    for (long deadline = System.nanoTime() + 5_000_000_000L;
        !metrics.contains(resolvedCount) && System.nanoTime() < deadline; ) {
      Thread.sleep(20);
      metrics = server.get("/metrics").text();
    }
    assertThat(metrics)
        .contains("driftline_notify_sent_total{kind=\"firing\",notifier=\"webhook\"} 1.0")
        .contains(resolvedCount);
  }

  @Test
  void aDetectedDriftFiresInARealAlertmanagerAndResolvesThere(@TempDir Path dir) throws Exception {
    try (var alertmanager = LocalAlertmanager.start(dir)) {
      server =
          new TestServer(
              TestServer.zscoreRules(
                  Map.of("notify.alertmanager.url", alertmanager.base().toString())));
      send(pods(0, BASELINE, 100));
      send(pods(BASELINE, BASELINE + SPIKE, 150));
      String driftId =
          server
              .get("/api/v1/drift/events?status=open")
              .json()
              .get("events")
              .get(0)
              .get("drift_id")
              .asText();

      JsonNode firing = alertmanager.routed(driftId);
      assertThat(firing.get("status").asText()).isEqualTo("firing");
      assertThat(firing.get("commonLabels").get("alertname").asText()).isEqualTo("LatencyDrift");
      assertThat(firing.get("commonLabels").get("severity").asText()).isEqualTo("critical");
      assertThat(firing.get("commonLabels").get("workload").asText()).isEqualTo("checkout");
      assertThat(alertmanager.alertsOf(driftId)).hasSize(1);

      send(pods(BASELINE + SPIKE, BASELINE + SPIKE + RECOVERY, 100));
      JsonNode resolved = alertmanager.routed(driftId);
      assertThat(resolved.get("status").asText()).isEqualTo("resolved");
      assertThat(alertmanager.alertsOf(driftId)).isEmpty();
      server.close();
      server = null;
    }
  }

  @Test
  void anEventAnyComponentWritesToTheServersStorageIsDelivered() throws Exception {
    server = new TestServer(settings(Map.of()));
    var risk =
        TestEvents.open(
            "capacity-1",
            io.driftline.drift.DriftCategory.CAPACITY_RISK,
            io.driftline.drift.Severity.CRITICAL,
            TestServer.START);
    server.server.storage().driftEvents().write(risk); // as a capacity engine would

    JsonNode firing = next(hook);
    assertThat(firing.get("event").get("drift_id").asText()).isEqualTo("capacity-1");
    assertThat(firing.get("event").get("drift_category").asText()).isEqualTo("CAPACITY_RISK");
    assertThat(firing.get("summary").asText()).startsWith("Capacity risk of production/checkout");
  }

  @Test
  void aPostedEventIsRoutedByCategoryAndResolvingItThroughTheApiIsDelivered() throws Exception {
    server = new TestServer(settings(Map.of()));
    String id = "550e8400-e29b-41d4-a716-446655440000";
    var created =
        server.postJson(
            "/api/v1/drift/events",
            """
            {"cluster_id": "prod-us-east-1", "env": "prod", "drift_date": "2026-01-12",
             "drift_id": "%s", "drift_category": "CPU_MEMORY_DRIFT", "severity": "major",
             "workload_name": "payment-service", "namespace": "production",
             "start_ts": "2026-01-12T09:00:00Z", "detection_method": "anomaly",
             "confidence_score": 0.92, "status": "open"}"""
                .formatted(id));
    assertThat(created.status()).as(created.text()).isEqualTo(201);

    JsonNode toSlack = next(slack);
    assertThat(toSlack.get("text").asText())
        .contains("[FIRING MAJOR] Cpu memory drift of production/payment-service");
    assertThat(next(hook).get("event").get("drift_id").asText()).isEqualTo(id);

    server.postJson(
        "/api/v1/drift/events/" + id + "/status", "{\"status\": \"acknowledged\", \"by\": \"a\"}");
    server.postJson(
        "/api/v1/drift/events/" + id + "/status", "{\"status\": \"resolved\", \"by\": \"bob\"}");

    assertThat(next(slack).get("text").asText()).contains("[RESOLVED MAJOR]");
    JsonNode resolved = next(hook);
    assertThat(resolved.get("status").asText()).isEqualTo("resolved");
    assertThat(resolved.get("event").get("resolved_by").asText()).isEqualTo("bob");
    assertThat(hook.drain()).isEmpty();
    assertThat(slack.drain()).isEmpty();
  }

  @Test
  void aReceiverThatDoesNotAnswerHoldsUpNeitherIngestionNorDetection() throws Exception {
    // a timeout long enough that the held request is never retried while the test runs
    server = new TestServer(settings(Map.of("notify.timeout", "2m")));
    hook.hold();
    send(pods(0, BASELINE, 100));
    send(pods(BASELINE, BASELINE + SPIKE, 150));
    assertThat(hook.take(ARRIVAL).body()).contains("\"status\":\"firing\""); // and hangs

    send(pods(BASELINE + SPIKE, BASELINE + SPIKE + RECOVERY, 100));
    assertThat(server.get("/api/v1/drift/events?status=resolved").json().get("events")).hasSize(1);

    hook.release();
    assertThat(next(hook).get("status").asText()).isEqualTo("resolved");
  }

  @Test
  void aRestartNeitherRepeatsTheFiringNotificationNorLosesTheResolution(@TempDir Path dir)
      throws Exception {
    var sqlite = Map.of("storage.type", "sqlite", "storage.data_dir", dir.toString());
    server = new TestServer(settings(sqlite));
    send(pods(0, BASELINE, 100));
    send(pods(BASELINE, BASELINE + SPIKE, 150));
    assertThat(next(hook).get("status").asText()).isEqualTo("firing");
    server.close();

    server = new TestServer(settings(sqlite));
    send(pods(BASELINE + SPIKE, BASELINE + SPIKE + RECOVERY, 100));

    // a repeated firing would arrive first: the start-up reconcile runs before any change
    assertThat(next(hook).get("status").asText()).isEqualTo("resolved");
    assertThat(hook.drain()).isEmpty();
  }
}
