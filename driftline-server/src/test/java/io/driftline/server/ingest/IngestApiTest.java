package io.driftline.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftline.server.TestServer;
import io.driftline.sources.PullRequest;
import io.driftline.sources.SourceException;
import io.driftline.telemetry.SeriesKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code POST /api/v1/ingest/{source}}, {@code GET /api/v1/ingest/status} and the scheduler. */
class IngestApiTest {
  private static final String CLUSTER = "prod-us-east-1";
  private final FakeSource prometheus = new FakeSource("prometheus");
  private final FakeSource eks = new FakeSource("eks");
  private TestServer server;

  private TestServer start(Map<String, String> settings) {
    server =
        new TestServer(
            settings, registry -> registry.add("prometheus", prometheus).add("eks", eks));
    return server;
  }

  private TestServer start() {
    return start(Map.of());
  }

  @AfterEach
  void stop() {
    if (server != null) server.close();
  }

  private static String body(Instant start, Instant end, String... namespaces) {
    String ns =
        namespaces.length == 0
            ? ""
            : ",\"namespaces\":[\"" + String.join("\",\"", namespaces) + "\"]";
    return "{\"cluster_id\":\""
        + CLUSTER
        + "\",\"start_time\":\""
        + start
        + "\",\"end_time\":\""
        + end
        + "\""
        + ns
        + "}";
  }

  private final Instant t0 = TestServer.START.minus(Duration.ofHours(1));

  private long samplesOf(String workload, String metric) {
    return server
        .server
        .storage()
        .samples()
        .range(SeriesKey.of(CLUSTER + "/production/" + workload, metric), 0, Long.MAX_VALUE, 10_000)
        .size();
  }

  @Test
  void aPulledWindowIsStoredAsPodRowsAndFedToDetection() {
    start();
    var reply =
        server.postJson(
            "/api/v1/ingest/prometheus", body(t0, t0.plus(Duration.ofMinutes(10)), "production"));

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().get("status").asText()).isEqualTo("ok");
    JsonNode result = reply.json().get("results").get("prometheus");
    assertThat(result.get("status").asText()).isEqualTo("ok");
    assertThat(result.get("pod_metrics").asInt()).isEqualTo(20);
    assertThat(result.get("samples_stored").asInt()).isEqualTo(20);
    assertThat(result.get("workload_samples").asInt()).isEqualTo(20); // 10 minutes x cpu, memory
    assertThat(result.get("errors")).isEmpty();
    assertThat(prometheus.asked)
        .containsExactly(
            new PullRequest(CLUSTER, t0, t0.plus(Duration.ofMinutes(10)), List.of("production")));

    var rows =
        server.get(
            "/api/v1/telemetry/metrics/pod/"
                + CLUSTER
                + "/production/"
                + FakeSource.CHECKOUT_PODS.get(0)
                + "?start="
                + t0
                + "&end="
                + t0.plus(Duration.ofHours(1)));
    assertThat(rows.json().get("count").asInt()).isEqualTo(10);
    server.sync();
    assertThat(samplesOf("checkout", "cpu_cores")).isEqualTo(10);
    // the two pods' CPU is summed per minute for the workload
    assertThat(
            server
                .server
                .storage()
                .samples()
                .range(
                    SeriesKey.of(CLUSTER + "/production/checkout", "cpu_cores"),
                    0,
                    Long.MAX_VALUE,
                    1)
                .getFirst()
                .sample()
                .value())
        .isEqualTo(0.5);
  }

  @Test
  void reIngestingTheSameWindowStoresNoDuplicates() {
    start();
    String window = body(t0, t0.plus(Duration.ofMinutes(10)), "production");
    server.postJson("/api/v1/ingest/prometheus", window);
    long samples = server.storedSamples();

    JsonNode again = server.postJson("/api/v1/ingest/prometheus", window).json();

    JsonNode result = again.get("results").get("prometheus");
    assertThat(result.get("pod_metrics").asInt()).isEqualTo(20);
    assertThat(result.get("workload_samples").asInt()).isZero();
    assertThat(result.get("duplicate_samples_skipped").asInt()).isEqualTo(20);
    assertThat(server.storedSamples()).isEqualTo(samples);
    assertThat(
            server
                .server
                .storage()
                .podMetrics()
                .find(
                    io.driftline.storage.PodMetricQuery.workload(
                        CLUSTER, "production", "checkout", 0, Long.MAX_VALUE, 1000, 0)))
        .hasSize(20);
    server.sync();
    assertThat(
            server
                .server
                .ingestor()
                .service(CLUSTER + "/production/checkout")
                .orElseThrow()
                .sampleCount())
        .isEqualTo(10);
  }

  @Test
  void afterARestartTheSameWindowStillFeedsDetectionNothingTwice(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    String window = body(t0, t0.plus(Duration.ofMinutes(10)));
    var db = dir.resolve("driftline.db");
    Map<String, String> sqlite =
        Map.of("storage.type", "sqlite", "storage.data_dir", dir.toString());
    server =
        new TestServer(
            sqlite,
            io.driftline.storage.sqlite.SqliteStorage.create(db),
            registry -> registry.add("prometheus", prometheus));
    server.postJson("/api/v1/ingest/prometheus", window);
    long samples = server.storedSamples();
    server.close();

    server =
        new TestServer(
            sqlite,
            io.driftline.storage.sqlite.SqliteStorage.create(db),
            registry -> registry.add("prometheus", prometheus));
    JsonNode again =
        server
            .postJson("/api/v1/ingest/prometheus", window)
            .json()
            .get("results")
            .get("prometheus");

    assertThat(again.get("workload_samples").asInt()).isZero();
    assertThat(again.get("duplicate_samples_skipped").asInt()).isEqualTo(samples);
    assertThat(server.storedSamples()).isEqualTo(samples);
  }

  @Test
  void aWindowStorageRefusedIsFedInFullWhenPulledAgain() {
    var failing = new java.util.concurrent.atomic.AtomicBoolean(true);
    var memory = new io.driftline.storage.InMemoryStorage();
    var storage =
        new io.driftline.storage.ForwardingStorageComponent() {
          @Override
          protected io.driftline.storage.StorageComponent delegate() {
            return memory;
          }

          @Override
          public void write(io.driftline.storage.WriteBatch batch) {
            if (failing.get() && !batch.samples().isEmpty()) {
              throw new IllegalStateException("disk full");
            }
            super.write(batch);
          }
        };
    server = new TestServer(Map.of(), storage, registry -> registry.add("prometheus", prometheus));
    String window = body(t0, t0.plus(Duration.ofMinutes(10)), "production");

    var refused = server.postJson("/api/v1/ingest/prometheus", window);
    assertThat(refused.status()).isEqualTo(502);
    assertThat(refused.json().get("results").get("prometheus").get("errors").get(0).asText())
        .contains("pulled but not stored")
        .contains("disk full");

    failing.set(false);
    JsonNode stored =
        server
            .postJson("/api/v1/ingest/prometheus", window)
            .json()
            .get("results")
            .get("prometheus");
    // the failed commit did not move the high-water marks: nothing is taken for a duplicate
    assertThat(stored.get("workload_samples").asInt()).isEqualTo(20);
    assertThat(stored.get("duplicate_samples_skipped").asInt()).isZero();
    assertThat(server.storedSamples()).isEqualTo(20);
  }

  @Test
  void anOverlappingWindowFeedsDetectionOnlyItsNewPart() {
    start();
    server.postJson("/api/v1/ingest/prometheus", body(t0, t0.plus(Duration.ofMinutes(10))));

    JsonNode result =
        server
            .postJson(
                "/api/v1/ingest/prometheus",
                body(t0.plus(Duration.ofMinutes(5)), t0.plus(Duration.ofMinutes(15))))
            .json()
            .get("results")
            .get("prometheus");

    // 10 minutes x 2 signals x 2 workloads, of which the first 5 minutes were fed before
    assertThat(result.get("workload_samples").asInt()).isEqualTo(20);
    assertThat(result.get("duplicate_samples_skipped").asInt()).isEqualTo(20);
    server.sync();
    assertThat(samplesOf("checkout", "memory_bytes")).isEqualTo(15);
  }

  @Test
  void allRunsEverySourceAndOneFailingDoesNotFailTheOthers() {
    start();
    eks.failure = new SourceException("eks: GET https://k8s:6443/api/v1/nodes answered 503");

    var reply = server.postJson("/api/v1/ingest/all", body(t0, t0.plus(Duration.ofMinutes(2))));

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().get("status").asText()).isEqualTo("partial");
    JsonNode results = reply.json().get("results");
    assertThat(results.get("prometheus").get("status").asText()).isEqualTo("ok");
    assertThat(results.get("prometheus").get("pod_metrics").asInt()).isEqualTo(6);
    assertThat(results.get("eks").get("status").asText()).isEqualTo("error");
    assertThat(results.get("eks").get("errors").get(0).asText())
        .isEqualTo("eks: GET https://k8s:6443/api/v1/nodes answered 503");
    assertThat(results.get("newrelic").get("status").asText()).isEqualTo("not_configured");
    assertThat(results.get("newrelic").get("errors").get(0).asText()).contains("sources.newrelic.");
    assertThat(results.get("hawkeye").get("status").asText()).isEqualTo("not_configured");
    assertThat(reply.json().get("samples_stored").asInt()).isEqualTo(6);
  }

  @Test
  void aSingleFailingSourceAnswers502WithItsError() {
    start();
    eks.failure = new SourceException("eks: connection refused");

    var reply = server.postJson("/api/v1/ingest/eks", body(t0, t0.plus(Duration.ofMinutes(2))));

    assertThat(reply.status()).isEqualTo(502);
    assertThat(reply.json().get("status").asText()).isEqualTo("failed");
    assertThat(reply.json().get("results").get("eks").get("errors").get(0).asText())
        .isEqualTo("eks: connection refused");
  }

  @Test
  void anUnconfiguredSourceIsReportedAsSuchNotAsAServerError() {
    start();

    var reply =
        server.postJson("/api/v1/ingest/newrelic", body(t0, t0.plus(Duration.ofMinutes(2))));

    assertThat(reply.status()).isEqualTo(409);
    assertThat(reply.json().get("status").asText()).isEqualTo("not_configured");
    assertThat(reply.json().get("results").get("newrelic").get("status").asText())
        .isEqualTo("not_configured");
  }

  @Test
  void anUnknownSourceIs404NamingTheValidOnes() {
    start();

    var reply = server.postJson("/api/v1/ingest/datadog", body(t0, t0.plusSeconds(60)));

    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.json().get("message").asText())
        .contains("unknown source 'datadog'")
        .contains("[hawkeye, newrelic, eks, prometheus, all]");
  }

  @Test
  void badRequestsAre400NamingTheField() {
    start();
    var noCluster = server.postJson("/api/v1/ingest/prometheus", "{\"start_time\":\"" + t0 + "\"}");
    assertThat(noCluster.status()).isEqualTo(400);

    var onlyStart =
        server.postJson(
            "/api/v1/ingest/prometheus", "{\"cluster_id\":\"c\",\"start_time\":\"" + t0 + "\"}");
    assertThat(onlyStart.status()).isEqualTo(400);
    assertThat(onlyStart.json().get("field").asText()).isEqualTo("end_time");

    var backwards = server.postJson("/api/v1/ingest/prometheus", body(t0, t0.minusSeconds(1)));
    assertThat(backwards.status()).isEqualTo(400);
    assertThat(backwards.json().get("field").asText()).isEqualTo("start_time");

    var namespaces =
        server.postJson(
            "/api/v1/ingest/prometheus", "{\"cluster_id\":\"c\",\"namespaces\":\"prod\"}");
    assertThat(namespaces.status()).isEqualTo(400);
    assertThat(namespaces.json().get("message").asText()).contains("namespaces must be an array");

    var tooLong =
        server.postJson("/api/v1/ingest/prometheus", body(t0.minus(Duration.ofDays(40)), t0));
    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(tooLong.json().get("message").asText()).contains("sources.max_window");

    var unknownField =
        server.postJson("/api/v1/ingest/prometheus", "{\"cluster_id\":\"c\",\"since\":\"1h\"}");
    assertThat(unknownField.status()).isEqualTo(400);
    assertThat(prometheus.asked).isEmpty();
  }

  @Test
  void withoutTimesEachSourcePullsItsLookbackEndingNow() {
    start(Map.of("sources.prometheus.lookback", "15m"));

    server.postJson("/api/v1/ingest/prometheus", "{\"cluster_id\":\"c\"}");

    assertThat(prometheus.asked)
        .containsExactly(
            new PullRequest(
                "c", TestServer.START.minus(Duration.ofMinutes(15)), TestServer.START, List.of()));
  }

  @Test
  void statusShowsLastRunLastSuccessLastErrorAndLag() {
    start(Map.of("sources.prometheus.interval", "5m"));
    server.postJson("/api/v1/ingest/prometheus", body(t0, t0.plus(Duration.ofMinutes(30))));
    server.clock.advance(Duration.ofMinutes(1));
    prometheus.failure =
        new SourceException("prometheus: POST http://p:9090/api/v1/query_range answered 503");
    server.postJson("/api/v1/ingest/prometheus", body(t0, t0.plus(Duration.ofMinutes(40))));

    JsonNode status = server.get("/api/v1/ingest/status").json().get("sources");

    JsonNode p = status.get("prometheus");
    assertThat(p.get("configured").asBoolean()).isTrue();
    assertThat(p.get("interval").asText()).isEqualTo("5m");
    assertThat(p.get("runs").asInt()).isEqualTo(2);
    assertThat(p.get("failures").asInt()).isEqualTo(1);
    assertThat(p.get("last_run").get("status").asText()).isEqualTo("error");
    assertThat(p.get("last_run").get("trigger").asText()).isEqualTo("request");
    assertThat(p.get("last_success").asText()).isEqualTo("2026-01-12T10:00:00.000Z");
    assertThat(p.get("last_error").get("message").asText()).contains("answered 503");
    assertThat(p.get("last_error").get("at").asText()).isEqualTo("2026-01-12T10:01:00.000Z");
    // the last window stored ended at t0 + 30 min = 09:30; the clock is at 10:01
    assertThat(p.get("lag_seconds").asLong()).isEqualTo(31 * 60);
    assertThat(p.get("next_run").asText()).isNotEmpty();
    assertThat(status.get("newrelic").get("configured").asBoolean()).isFalse();
    assertThat(status.get("newrelic").get("last_run").isNull()).isTrue();
    assertThat(status.get("newrelic").get("interval").asText()).isEqualTo("off");

    String metrics = server.get("/metrics").text();
    assertThat(metrics)
        .contains("driftline_source_lag_seconds{source=\"prometheus\"} 1860.0")
        .contains("driftline_source_runs_seconds_count{outcome=\"error\",source=\"prometheus\"} 1")
        .contains("driftline_source_runs_seconds_count{outcome=\"ok\",source=\"prometheus\"} 1")
        .contains("driftline_source_rows_total{source=\"prometheus\"} 90.0");
  }

  @Test
  void theSchedulerPullsEachIntervalItsLookbackAndCatchesUpAfterFailures() {
    start(
        Map.of(
            "sources.prometheus.interval", "5m",
            "sources.prometheus.lookback", "10m",
            "sources.prometheus.cluster_id", "edge-1",
            "sources.prometheus.namespaces", "production, batch"));
    var scheduler = server.server.sourceScheduler();
    Instant now = TestServer.START;

    assertThat(scheduler.runDue()).hasSize(1);
    assertThat(scheduler.runDue()).isEmpty(); // not due again yet
    server.clock.advance(Duration.ofMinutes(5));
    assertThat(scheduler.runDue()).hasSize(1);
    assertThat(prometheus.asked)
        .containsExactly(
            new PullRequest(
                "edge-1", now.minus(Duration.ofMinutes(10)), now, List.of("production", "batch")),
            new PullRequest(
                "edge-1",
                now.minus(Duration.ofMinutes(5)),
                now.plus(Duration.ofMinutes(5)),
                List.of("production", "batch")));

    // three failing runs, then the next successful one reaches back to the last window stored
    prometheus.failure = new SourceException("prometheus: down");
    for (int i = 0; i < 3; i++) {
      server.clock.advance(Duration.ofMinutes(5));
      scheduler.runDue();
    }
    prometheus.failure = null;
    server.clock.advance(Duration.ofMinutes(5));
    assertThat(scheduler.runDue())
        .singleElement()
        .satisfies(r -> assertThat(r.outcome()).isEqualTo(SourceRuns.Outcome.OK));
    PullRequest last = prometheus.asked.getLast();
    assertThat(last.start()).isEqualTo(now.plus(Duration.ofMinutes(5)));
    assertThat(last.end()).isEqualTo(now.plus(Duration.ofMinutes(25)));
    // eks has no interval: never scheduled
    assertThat(eks.asked).isEmpty();
  }

  @Test
  void runsOfOneSourceNeverOverlap() throws Exception {
    start(Map.of("sources.prometheus.interval", "1m"));
    prometheus.entered = new CountDownLatch(1);
    prometheus.release = new CountDownLatch(1);
    Thread request =
        Thread.ofVirtual()
            .start(
                () -> server.postJson("/api/v1/ingest/prometheus", body(t0, t0.plusSeconds(120))));
    assertThat(prometheus.entered.await(10, TimeUnit.SECONDS)).isTrue();

    // the scheduler finds the source busy and skips this tick instead of pulling a second time
    assertThat(server.server.sourceScheduler().runDue()).isEmpty();
    assertThat(
            server
                .get("/api/v1/ingest/status")
                .json()
                .get("sources")
                .get("prometheus")
                .get("running")
                .asBoolean())
        .isTrue();
    prometheus.release.countDown();
    request.join();
    assertThat(prometheus.asked).hasSize(1);
  }
}
