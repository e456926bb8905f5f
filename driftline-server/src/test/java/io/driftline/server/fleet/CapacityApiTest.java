package io.driftline.server.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.server.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CapacityApiTest {
  TestServer server;

  @BeforeEach
  void start() {
    server = TestServer.memory();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  static String snapshot(String ts, int generalCount) {
    return """
        {"cluster_id": "prod-us-east-1", "timestamp": "%s", "node_groups": [
          {"name": "general", "instance_type": "m5.xlarge", "count": %d,
           "allocatable_cpu_cores": 16, "allocatable_memory_bytes": 64e9,
           "requested_cpu_cores": 12, "requested_memory_bytes": 32e9,
           "used_cpu_cores": 8, "used_memory_bytes": 16e9, "pods": 40},
          {"instance_type": "c5.2xlarge", "count": 2,
           "allocatable_cpu_cores": 16, "allocatable_memory_bytes": 32e9,
           "requested_cpu_cores": 4, "requested_memory_bytes": 8e9,
           "used_cpu_cores": 4, "used_memory_bytes": 16e9}]}"""
        .formatted(ts, generalCount);
  }

  @Test
  void seedsLatestAndRangeQueriesReturnSnapshotsWithDerivedUtilisation() {
    assertThat(
            server
                .postJson("/api/v1/capacity/snapshots", snapshot("2026-01-01T10:00:00Z", 4))
                .status())
        .isEqualTo(201);
    server.postJson("/api/v1/capacity/snapshots", snapshot("2026-01-10T10:00:00Z", 5));
    server.postJson("/api/v1/capacity/snapshots", snapshot("2026-01-12T09:00:00Z", 6));

    var latest = server.get("/api/v1/capacity/snapshots/latest/prod-us-east-1");
    var january =
        server.get(
            "/api/v1/capacity/snapshots/prod-us-east-1?start_date=2026-01-01&end_date=2026-01-10");

    assertThat(latest.status()).isEqualTo(200);
    var s = latest.json();
    assertThat(s.get("timestamp").asText()).isEqualTo("2026-01-12T09:00:00.000Z");
    assertThat(s.get("node_count").asInt()).isEqualTo(8);
    assertThat(s.get("cpu_utilization").asDouble()).isEqualTo(12.0 / 32);
    assertThat(s.get("memory_requested_ratio").asDouble()).isEqualTo(40e9 / 96e9, within());
    var general = s.get("node_groups").get(0);
    assertThat(general.get("cpu_utilization").asDouble()).isEqualTo(0.5);
    assertThat(general.get("cpu_requested_ratio").asDouble()).isEqualTo(0.75);
    assertThat(general.get("pods").asInt()).isEqualTo(40);
    var compute = s.get("node_groups").get(1);
    assertThat(compute.get("name").asText()).isEqualTo("c5.2xlarge");
    assertThat(compute.get("pods").isNull()).isTrue();
    assertThat(january.json().get("count").asInt()).isEqualTo(2);
    assertThat(january.json().get("snapshots").get(1).get("node_count").asInt()).isEqualTo(7);
  }

  static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-6);
  }

  @Test
  void unknownClusterIs404AndBadSnapshotsNameTheField() {
    assertThat(server.get("/api/v1/capacity/snapshots/latest/nope").status()).isEqualTo(404);
    assertThat(field(snapshot("2026-01-12T09:00:00Z", 4).replace("\"count\": 2", "\"count\": 2.5")))
        .isEqualTo("node_groups[1].count");
    assertThat(
            field(
                snapshot("2026-01-12T09:00:00Z", 4)
                    .replace("\"pods\": 40", "\"pods\": 40, \"cpu_utilization\": 0.9")))
        .isEqualTo("node_groups[0].cpu_utilization");
    assertThat(
            field(
                snapshot("2026-01-12T09:00:00Z", 4)
                    .replace("\"name\": \"general\", ", "")
                    .replace("c5.2xlarge", "m5.xlarge")))
        .isEqualTo("node_groups");
    assertThat(
            field(
                "{\"cluster_id\": \"c\", \"timestamp\": \"2026-01-12T09:00:00Z\","
                    + " \"node_groups\": []}"))
        .isEqualTo("node_groups");
    assertThat(field(snapshot("2026-01-12T12:00:00Z", 4))).isEqualTo("timestamp");
    assertThat(
            server
                .get("/api/v1/capacity/snapshots/c?start_date=2026-01-10&end_date=2026-01-01")
                .status())
        .isEqualTo(400);
  }

  private String field(String body) {
    var reply = server.postJson("/api/v1/capacity/snapshots", body);
    assertThat(reply.status()).as(reply.text()).isEqualTo(400);
    return reply.json().get("field").asText();
  }
}
