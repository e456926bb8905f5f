package io.driftline.server.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.server.TestServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DriftApiTest {
  /** The seed's "Create Drift Event" body, verbatim. */
  static final String SEED_EVENT =
      """
      {
          "cluster_id": "prod-us-east-1",
          "env": "prod",
          "drift_date": "2024-01-15",
          "drift_id": "550e8400-e29b-41d4-a716-446655440000",
          "drift_category": "CPU_MEMORY_DRIFT",
          "severity": "major",
          "workload_name": "payment-service",
          "namespace": "production",
          "start_ts": "2024-01-15T10:00:00Z",
          "detection_method": "anomaly",
          "confidence_score": 0.92,
          "status": "open"
        }""";

  /** The seed's "Create Recommendation" body, verbatim. */
  static final String SEED_RECOMMENDATION =
      """
      {
          "cluster_id": "prod-us-east-1",
          "env": "prod",
          "drift_date": "2024-01-15",
          "drift_id": "550e8400-e29b-41d4-a716-446655440000",
          "rec_id": "660e8400-e29b-41d4-a716-446655440001",
          "recommendation_type": "hpa_tune",
          "recommendation_json": "{\\"min_replicas\\": 3, \\"max_replicas\\": 15}",
          "estimated_savings_usd": 450.0,
          "auto_approved": false
        }""";

  static final String DRIFT = "550e8400-e29b-41d4-a716-446655440000";
  static final String REC = "660e8400-e29b-41d4-a716-446655440001";

  TestServer server;

  @BeforeEach
  void start() {
    server = TestServer.memory();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void seedsDriftEventAndRecommendationAreAcceptedVerbatim() {
    var event = server.postJson("/api/v1/drift/events", SEED_EVENT);
    var rec = server.postJson("/api/v1/drift/recommendations", SEED_RECOMMENDATION);

    assertThat(event.status()).as(event.text()).isEqualTo(201);
    assertThat(rec.status()).as(rec.text()).isEqualTo(201);
    var got = server.get("/api/v1/drift/events/" + DRIFT).json();
    assertThat(got.get("drift_category").asText()).isEqualTo("CPU_MEMORY_DRIFT");
    assertThat(got.get("severity").asText()).isEqualTo("major");
    assertThat(got.get("start_ts").asText()).isEqualTo("2024-01-15T10:00:00.000Z");
    assertThat(got.get("confidence_score").asDouble()).isEqualTo(0.92);
    assertThat(got.get("status").asText()).isEqualTo("open");
    var recs = server.get("/api/v1/drift/recommendations?drift_id=" + DRIFT).json();
    assertThat(recs.get("count").asInt()).isEqualTo(1);
    var r = recs.get("recommendations").get(0);
    assertThat(r.get("rec_id").asText()).isEqualTo(REC);
    assertThat(r.get("recommendation_json").asText())
        .isEqualTo("{\"min_replicas\": 3, \"max_replicas\": 15}");
    assertThat(r.get("estimated_savings_usd").asDouble()).isEqualTo(450.0);
    assertThat(r.get("status").asText()).isEqualTo("proposed");
    assertThat(
            server
                .get("/api/v1/drift/recommendations?cluster_id=prod-us-east-1")
                .json()
                .get("count")
                .asInt())
        .isEqualTo(1);
  }

  @Test
  void postingAnExistingIdAgainIsAConflict() {
    server.postJson("/api/v1/drift/events", SEED_EVENT);
    server.postJson("/api/v1/drift/recommendations", SEED_RECOMMENDATION);

    assertThat(server.postJson("/api/v1/drift/events", SEED_EVENT).status()).isEqualTo(409);
    assertThat(server.postJson("/api/v1/drift/recommendations", SEED_RECOMMENDATION).status())
        .isEqualTo(409);
  }

  @Test
  void statusMovesOpenToAcknowledgedToResolvedWithWhoAndWhen() {
    server.postJson("/api/v1/drift/events", SEED_EVENT);
    String path = "/api/v1/drift/events/" + DRIFT + "/status";

    var ack = server.postJson(path, "{\"status\": \"acknowledged\", \"by\": \"alice\"}");
    server.clock.advance(Duration.ofMinutes(5));
    var resolved = server.postJson(path, "{\"status\": \"resolved\", \"by\": \"bob\"}");
    var again = server.postJson(path, "{\"status\": \"acknowledged\", \"by\": \"carol\"}");

    assertThat(ack.status()).isEqualTo(200);
    assertThat(ack.json().get("acknowledged_by").asText()).isEqualTo("alice");
    assertThat(ack.json().get("acknowledged_at").asText()).isEqualTo("2026-01-12T10:00:00.000Z");
    assertThat(resolved.json().get("status").asText()).isEqualTo("resolved");
    assertThat(resolved.json().get("resolved_by").asText()).isEqualTo("bob");
    assertThat(resolved.json().get("end_ts").asText()).isEqualTo("2026-01-12T10:05:00.000Z");
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.json().get("error").asText()).isEqualTo("conflict");
    assertThat(
            server
                .postJson(path, "{\"status\": \"closed\", \"by\": \"x\"}")
                .json()
                .get("field")
                .asText())
        .isEqualTo("status");
    assertThat(server.postJson(path, "{\"status\": \"resolved\"}").json().get("field").asText())
        .isEqualTo("by");
    assertThat(
            server
                .postJson(
                    "/api/v1/drift/events/nope/status", "{\"status\": \"resolved\", \"by\": \"x\"}")
                .status())
        .isEqualTo(404);
  }

  @Test
  void listFiltersAndPages() {
    server.postJson("/api/v1/drift/events", SEED_EVENT);
    server.postJson(
        "/api/v1/drift/events",
        SEED_EVENT
            .replace(DRIFT, "d2")
            .replace("2024-01-15", "2024-01-20")
            .replace("CPU_MEMORY_DRIFT", "IO_DRIFT"));
    server.postJson(
        "/api/v1/drift/events",
        SEED_EVENT
            .replace(DRIFT, "d3")
            .replace("\"prod\"", "\"staging\"")
            .replace("payment-service", "ledger"));

    assertThat(ids("")).containsExactlyInAnyOrder(DRIFT, "d2", "d3");
    assertThat(ids("?category=IO_DRIFT")).containsExactly("d2");
    assertThat(ids("?env=staging")).containsExactly("d3");
    assertThat(ids("?workload_name=payment-service&start_date=2024-01-16")).containsExactly("d2");
    assertThat(ids("?end_date=2024-01-15&namespace=production&severity=major&status=open"))
        .containsExactlyInAnyOrder(DRIFT, "d3");
    var page = server.get("/api/v1/drift/events?limit=2").json();
    assertThat(page.get("count").asInt()).isEqualTo(2);
    assertThat(page.get("next_offset").asInt()).isEqualTo(2);
    assertThat(server.get("/api/v1/drift/events?severity=huge").status()).isEqualTo(400);
    assertThat(server.get("/api/v1/drift/events?start_date=15/01/2024").status()).isEqualTo(400);
  }

  @Test
  void badEventsAreA400NamingTheField() {
    assertThat(field(SEED_EVENT.replace("\"major\"", "\"huge\""))).isEqualTo("severity");
    assertThat(field(SEED_EVENT.replace("0.92", "1.5"))).isEqualTo("confidence_score");
    assertThat(field(SEED_EVENT.replace("\"2024-01-15\"", "\"15.01.2024\"")))
        .isEqualTo("drift_date");
    assertThat(field(SEED_EVENT.replace("\"env\"", "\"environment\""))).isEqualTo("environment");
    assertThat(field(SEED_EVENT.replace("\"CPU_MEMORY_DRIFT\"", "\"COST_DRIFT\"")))
        .isEqualTo("drift_category");
    assertThat(server.post("/api/v1/drift/events", "text/plain", SEED_EVENT).status())
        .isEqualTo(415);
    assertThat(
            server
                .postJson(
                    "/api/v1/drift/recommendations",
                    SEED_RECOMMENDATION.replace("{\\\"min", "{min"))
                .json()
                .get("field")
                .asText())
        .isEqualTo("recommendation_json");
    assertThat(server.get("/api/v1/drift/events/nope").status()).isEqualTo(404);
  }

  @Test
  void aRecommendationIsApprovedOrRejectedOnce() {
    server.postJson("/api/v1/drift/recommendations", SEED_RECOMMENDATION);
    String base = "/api/v1/drift/recommendations/" + REC;

    var approved = server.postJson(base + "/approve", "{\"by\": \"alice\"}");
    var rejected = server.postJson(base + "/reject", "{\"by\": \"bob\"}");

    assertThat(approved.status()).isEqualTo(200);
    assertThat(approved.json().get("status").asText()).isEqualTo("approved");
    assertThat(approved.json().get("decided_by").asText()).isEqualTo("alice");
    assertThat(rejected.status()).isEqualTo(409);
    assertThat(server.get(base).json().get("status").asText()).isEqualTo("approved");
    assertThat(
            server
                .postJson("/api/v1/drift/recommendations/nope/reject", "{\"by\": \"x\"}")
                .status())
        .isEqualTo(404);
    assertThat(server.get("/api/v1/drift/recommendations").status()).isEqualTo(400);
  }

  private String field(String body) {
    var reply = server.postJson("/api/v1/drift/events", body);
    assertThat(reply.status()).as(reply.text()).isEqualTo(400);
    return reply.json().get("field").asText();
  }

  private java.util.List<String> ids(String query) {
    var list = new java.util.ArrayList<String>();
    server
        .get("/api/v1/drift/events" + query)
        .json()
        .get("events")
        .forEach(e -> list.add(e.get("drift_id").asText()));
    return list;
  }
}
