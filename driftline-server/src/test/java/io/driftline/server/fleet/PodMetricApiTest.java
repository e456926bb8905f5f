package io.driftline.server.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.server.TestServer;
import io.driftline.storage.PodMetricQuery;
import io.driftline.telemetry.SeriesKey;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PodMetricApiTest {
  static final String POST = "/api/v1/telemetry/pod-metrics";
  TestServer server;

  @BeforeEach
  void start() {
    server = new TestServer(Map.of("server.max_body_bytes", "4096"));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  static String item(String pod, String workload, String ts, String fields) {
    return "{\"cluster_id\": \"prod-us-east-1\", \"namespace\": \"production\", \"pod_name\": \""
        + pod
        + "\", \"workload_name\": \""
        + workload
        + "\", \"timestamp\": \""
        + ts
        + "\""
        + (fields.isEmpty() ? "" : ", " + fields)
        + "}";
  }

  long rows() {
    return server
        .server
        .storage()
        .podMetrics()
        .find(
            new PodMetricQuery(
                "prod-us-east-1",
                "production",
                java.util.Optional.empty(),
                java.util.Optional.empty(),
                0,
                Long.MAX_VALUE,
                1000,
                0))
        .size();
  }

  @Test
  void seedsPodQueryReturnsTheLast24HoursOfThePod() {
    var reply =
        server.postJson(
            POST,
            "{\"metrics\": ["
                + item(
                    "app-xyz-12345",
                    "app",
                    "2026-01-12T09:00:00Z",
                    "\"latency_p95_ms\": 120.5, \"cpu_cores\": 0.4, \"container\": \"main\","
                        + " \"labels\": {\"app.kubernetes.io/name\": \"app\"}")
                + ", "
                + item("app-xyz-12345", "app", "2026-01-11T09:00:00Z", "\"latency_p95_ms\": 99")
                + ", "
                + item("app-other", "app", "2026-01-12T09:00:00Z", "\"latency_p95_ms\": 1")
                + "]}");
    assertThat(reply.status()).as(reply.text()).isEqualTo(202);
    assertThat(reply.json().get("accepted").asInt()).isEqualTo(3);

    var get =
        server.get(
            "/api/v1/telemetry/metrics/pod/prod-us-east-1/production/app-xyz-12345?hours=24");

    assertThat(get.status()).as(get.text()).isEqualTo(200);
    assertThat(get.json().get("count").asInt()).isEqualTo(1);
    var row = get.json().get("metrics").get(0);
    assertThat(row.get("timestamp").asText()).isEqualTo("2026-01-12T09:00:00.000Z");
    assertThat(row.get("latency_p95_ms").asDouble()).isEqualTo(120.5);
    assertThat(row.get("container").asText()).isEqualTo("main");
    assertThat(row.get("labels").get("app.kubernetes.io/name").asText()).isEqualTo("app");
    assertThat(row.has("throughput_rps")).isFalse();
  }

  @Test
  void workloadSignalsAreAggregatedOverPodsAndFedToDetection() {
    server.postJson(
        POST,
        "{\"metrics\": ["
            + item(
                "app-1",
                "app",
                "2026-01-12T09:00:00Z",
                "\"latency_p95_ms\": 100, \"throughput_rps\": 10, \"cpu_request_cores\": 1")
            + ", "
            + item(
                "app-2",
                "app",
                "2026-01-12T09:00:00Z",
                "\"latency_p95_ms\": 200, \"throughput_rps\": 30")
            + "]}");
    server.sync();

    String service = "prod-us-east-1/production/app";
    assertThat(server.server.ingestor().service(service)).isPresent();
    var samples = server.server.storage().samples();
    assertThat(samples.range(SeriesKey.of(service, "latency_p95_ms"), 0, Long.MAX_VALUE, 10))
        .extracting(s -> s.sample().value())
        .containsExactly(150.0);
    assertThat(samples.range(SeriesKey.of(service, "throughput_rps"), 0, Long.MAX_VALUE, 10))
        .extracting(s -> s.sample().value())
        .containsExactly(40.0);
    assertThat(samples.series(service))
        .extracting(SeriesKey::metric)
        .containsExactlyInAnyOrder("latency_p95_ms", "throughput_rps");
  }

  @Test
  void workloadQueryDownsamplesPerStepWithAvgMaxAndP95AndPages() {
    StringBuilder body = new StringBuilder("{\"metrics\": [");
    for (int i = 0; i < 20; i++) {
      if (i > 0) body.append(", ");
      String ts = String.format("2026-01-12T09:%02d:00Z", i);
      body.append(item("app-" + (i % 2), "app", ts, "\"latency_p95_ms\": " + (i + 1)));
    }
    assertThat(server.postJson(POST, body + "]}").status()).isEqualTo(202);
    String base =
        "/api/v1/telemetry/metrics/workload/prod-us-east-1/production/app"
            + "?start=2026-01-12T09:00:00Z&end=2026-01-12T10:00:00Z";

    var stepped = server.get(base + "&step=10m").json();
    var raw = server.get(base + "&limit=15").json();
    var rest = server.get(base + "&limit=15&offset=15").json();

    assertThat(stepped.get("step_seconds").asInt()).isEqualTo(600);
    assertThat(stepped.get("points")).hasSize(2);
    var first = stepped.get("points").get(0);
    assertThat(first.get("timestamp").asText()).isEqualTo("2026-01-12T09:00:00.000Z");
    assertThat(first.get("rows").asInt()).isEqualTo(10);
    assertThat(first.get("latency_p95_ms").get("avg").asDouble()).isEqualTo(5.5);
    assertThat(first.get("latency_p95_ms").get("max").asDouble()).isEqualTo(10);
    assertThat(first.get("latency_p95_ms").get("p95").asDouble()).isEqualTo(10);
    assertThat(raw.get("count").asInt()).isEqualTo(15);
    assertThat(raw.get("next_offset").asInt()).isEqualTo(15);
    assertThat(rest.get("count").asInt()).isEqualTo(5);
    assertThat(rest.get("next_offset").isNull()).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      missing pod_name     | "cluster_id": "c", "namespace": "n", "workload_name": "w", "timestamp": "2026-01-12T09:00:00Z", "cpu_cores": 1 | pod_name
      slash in namespace   | "cluster_id": "c", "namespace": "a/b", "pod_name": "p", "workload_name": "w", "timestamp": "2026-01-12T09:00:00Z", "cpu_cores": 1 | namespace
      missing timestamp    | "cluster_id": "c", "namespace": "n", "pod_name": "p", "workload_name": "w", "cpu_cores": 1 | timestamp
      future timestamp     | "cluster_id": "c", "namespace": "n", "pod_name": "p", "workload_name": "w", "timestamp": "2026-01-12T11:00:00Z", "cpu_cores": 1 | timestamp
      error rate above 1   | "cluster_id": "c", "namespace": "n", "pod_name": "p", "workload_name": "w", "timestamp": "2026-01-12T09:00:00Z", "error_rate": 1.5 | error_rate
      string latency       | "cluster_id": "c", "namespace": "n", "pod_name": "p", "workload_name": "w", "timestamp": "2026-01-12T09:00:00Z", "latency_p95_ms": "9" | latency_p95_ms
      negative cpu         | "cluster_id": "c", "namespace": "n", "pod_name": "p", "workload_name": "w", "timestamp": "2026-01-12T09:00:00Z", "cpu_cores": -1 | cpu_cores
      no metric            | "cluster_id": "c", "namespace": "n", "pod_name": "p", "workload_name": "w", "timestamp": "2026-01-12T09:00:00Z" | latency_p95_ms
      unknown field typo   | "cluster_id": "c", "namespace": "n", "pod_name": "p", "workload_name": "w", "timestamp": "2026-01-12T09:00:00Z", "cpu": 1 | cpu
      """)
  void aBadItemIsA400NamingItsIndexAndFieldAndNothingIsStored(
      String why, String bad, String field) {
    var reply =
        server.postJson(
            POST,
            "{\"metrics\": ["
                + item("ok", "w", "2026-01-12T09:00:00Z", "\"cpu_cores\": 1")
                + ", {"
                + bad
                + "}]}");

    assertThat(reply.status()).as(reply.text()).isEqualTo(400);
    var error = reply.json().get("errors").get(0);
    assertThat(error.get("index").asInt()).isEqualTo(1);
    assertThat(error.get("field").asText()).isEqualTo(field);
    assertThat(reply.json().get("message").asText()).contains("nothing was stored");
    assertThat(rows()).isZero();
    assertThat(server.storedSamples()).isZero();
  }

  @Test
  void wrongShapesMediaTypeAndSizeAreRefused() {
    assertThat(server.postJson(POST, "[]").status()).isEqualTo(400);
    assertThat(server.postJson(POST, "{\"metrics\": []}").json().get("field").asText())
        .isEqualTo("metrics");
    assertThat(server.postJson(POST, "{\"metrics\": {}}").status()).isEqualTo(400);
    assertThat(server.postJson(POST, "{\"metrics\": [], \"extra\": 1}").status()).isEqualTo(400);
    assertThat(server.post(POST, "text/plain", "{}").status()).isEqualTo(415);
    assertThat(server.postJson(POST, "{\"metrics\": [" + "1,".repeat(3000) + "1]}").status())
        .isEqualTo(413);
    assertThat(rows()).isZero();
  }

  @Test
  void badQueryParametersAreA400NamingThem() {
    String path = "/api/v1/telemetry/metrics/pod/c/n/p";
    assertThat(server.get(path + "?hours=0").json().get("field").asText()).isEqualTo("hours");
    assertThat(server.get(path + "?start=yesterday").json().get("field").asText())
        .isEqualTo("start");
    assertThat(server.get(path + "?step=-1m").json().get("field").asText()).isEqualTo("step");
    assertThat(server.get(path + "?limit=0").json().get("field").asText()).isEqualTo("limit");
    assertThat(server.get(path + "?hours=1&start=2026-01-12T00:00:00Z").status()).isEqualTo(400);
  }

  @Test
  void resendingTheSameRowReplacesIt() {
    String one =
        "{\"metrics\": [" + item("p", "w", "2026-01-12T09:00:00Z", "\"cpu_cores\": 1") + "]}";
    server.postJson(POST, one);
    server.postJson(POST, one.replace("\"cpu_cores\": 1", "\"cpu_cores\": 2"));

    assertThat(rows()).isEqualTo(1);
    assertThat(
            server
                .get("/api/v1/telemetry/metrics/pod/prod-us-east-1/production/p")
                .json()
                .get("metrics")
                .get(0)
                .get("cpu_cores")
                .asDouble())
        .isEqualTo(2);
  }
}
