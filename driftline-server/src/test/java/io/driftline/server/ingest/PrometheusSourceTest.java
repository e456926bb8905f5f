package io.driftline.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftline.server.TestServer;
import io.driftline.storage.PodMetricQuery;
import io.driftline.telemetry.SeriesKey;
import io.driftline.workload.PodMetric;
import io.driftline.workload.PodSignal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Prometheus source end to end: a real Prometheus scraping a real node-exporter and an exporter
 * with cAdvisor names ({@link RealPrometheus}); {@code POST /api/v1/ingest/prometheus} pulls it
 * with the default queries and the rows land in Driftline.
 */
class PrometheusSourceTest {
  @TempDir static Path dir;
  static RealPrometheus prometheus;
  static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    prometheus = new RealPrometheus(dir, "");
    // rate() needs two scrapes; the node figures need node-exporter scraped
    prometheus.awaitSeries(
        "rate(container_cpu_usage_seconds_total{namespace=\"shop\"}[5m])",
        2,
        Duration.ofSeconds(60));
    prometheus.awaitSeries(
        "rate(node_cpu_seconds_total{mode!=\"idle\"}[5m])", 1, Duration.ofSeconds(60));
    prometheus.awaitSeries("node_memory_MemAvailable_bytes", 1, Duration.ofSeconds(60));
    server =
        new TestServer(
            Map.of(
                "sources.prometheus.url", prometheus.url(),
                "sources.prometheus.step", "1s",
                "sources.prometheus.capacity_step", "1s",
                "sources.schedule", "false"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) server.close();
    if (prometheus != null) prometheus.close();
  }

  private static String window(Instant start, Instant end) {
    return "{\"cluster_id\":\"lab\",\"start_time\":\""
        + start
        + "\",\"end_time\":\""
        + end
        + "\",\"namespaces\":[\"shop\"]}";
  }

  @Test
  void pulledContainerSeriesLandAsPodRowsWorkloadSamplesAndCapacity() {
    Instant start = prometheus.started.minusSeconds(5);
    Instant end = Instant.now();

    var reply = server.postJson("/api/v1/ingest/prometheus", window(start, end));

    assertThat(reply.status()).as(reply.text()).isEqualTo(200);
    JsonNode result = reply.json().get("results").get("prometheus");
    assertThat(result.get("status").asText()).as(result.toString()).isEqualTo("ok");
    assertThat(result.get("pod_metrics").asInt()).isPositive();
    assertThat(result.get("capacity_snapshots").asInt()).isPositive();

    List<PodMetric> rows =
        server
            .server
            .storage()
            .podMetrics()
            .find(
                PodMetricQuery.workload(
                    "lab",
                    "shop",
                    "checkout",
                    start.toEpochMilli(),
                    end.toEpochMilli(),
                    10_000,
                    0));
    assertThat(rows)
        .extracting(PodMetric::podName)
        .contains(RealPrometheus.POD_A, RealPrometheus.POD_B);
    PodMetric a =
        rows.stream()
            .filter(r -> r.podName().equals(RealPrometheus.POD_A))
            .filter(r -> r.values().containsKey(PodSignal.CPU_CORES))
            .reduce((x, y) -> y)
            .orElseThrow();
    assertThat(a.container()).contains("app");
    assertThat(a.values()).containsEntry(PodSignal.MEMORY_BYTES, RealPrometheus.MEMORY_A);
    assertThat(a.values()).containsEntry(PodSignal.CPU_REQUEST_CORES, 0.5);
    assertThat(a.values().get(PodSignal.CPU_CORES)).isPositive();
    // the namespace filter left kube-system out
    assertThat(
            server
                .server
                .storage()
                .podMetrics()
                .find(
                    PodMetricQuery.workload(
                        "lab", "kube-system", "coredns", 0, Long.MAX_VALUE, 10, 0)))
        .isEmpty();

    server.sync();
    var memory =
        server
            .server
            .storage()
            .samples()
            .range(SeriesKey.of("lab/shop/checkout", "memory_bytes"), 0, Long.MAX_VALUE, 10_000);
    assertThat(memory).isNotEmpty();
    assertThat(memory.getLast().sample().value())
        .isEqualTo(RealPrometheus.MEMORY_A + RealPrometheus.MEMORY_B);

    JsonNode capacity = server.get("/api/v1/capacity/snapshots/latest/lab").json();
    assertThat(capacity.toString()).contains("\"instance_type\":\"unknown\"");
    assertThat(server.server.storage().capacity().latest("lab").orElseThrow().nodes()).isEqualTo(1);
    assertThat(
            server
                .server
                .storage()
                .capacity()
                .latest("lab")
                .orElseThrow()
                .nodeGroups()
                .getFirst()
                .allocatableMemoryBytes())
        .isPositive();

    // the same window again stores no duplicates and feeds detection nothing new
    JsonNode again =
        server
            .postJson("/api/v1/ingest/prometheus", window(start, end))
            .json()
            .get("results")
            .get("prometheus");
    assertThat(again.get("workload_samples").asInt()).isZero();
    assertThat(again.get("duplicate_samples_skipped").asInt())
        .isEqualTo(result.get("workload_samples").asInt());
    server.sync();
    assertThat(
            server
                .server
                .storage()
                .samples()
                .range(
                    SeriesKey.of("lab/shop/checkout", "memory_bytes"), 0, Long.MAX_VALUE, 10_000))
        .hasSameSizeAs(memory);
  }

  @Test
  void aQueryPrometheusRefusesIsReportedWithItsErrorAndTheOtherSourcesAreUntouched() {
    try (TestServer bad =
        new TestServer(
            Map.of(
                "sources.prometheus.url", prometheus.url(),
                "sources.prometheus.queries.cpu_cores", "sum by (pod (",
                "sources.schedule", "false"))) {
      var reply =
          bad.postJson("/api/v1/ingest/all", window(Instant.now().minusSeconds(60), Instant.now()));

      assertThat(reply.status()).isEqualTo(502);
      String error = reply.json().get("results").get("prometheus").get("errors").get(0).asText();
      assertThat(error).contains("answered 400").contains("bad_data").contains("(query cpu_cores)");
      assertThat(reply.json().get("results").get("eks").get("status").asText())
          .isEqualTo("not_configured");
    }
  }
}
