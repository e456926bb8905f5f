package io.driftline.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.server.TestServer;
import io.driftline.telemetry.SeriesKey;
import io.driftline.telemetry.StoredSample;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real Prometheus with {@code remote_write} to a running Driftline: its series appear there. */
class RemoteWriteFromPrometheusTest {
  @TempDir Path dir;

  @Test
  void seriesScrapedByPrometheusArriveThroughRemoteWrite() throws Exception {
    try (TestServer server = TestServer.memory()) {
      // samples carry Prometheus's (real) time; the validation compares them with server time
      server.clock.advance(Duration.between(server.clock.instant(), Instant.now()));
      String remoteWrite =
          """
          remote_write:
            - url: %s
              queue_config:
                batch_send_deadline: 1s
                min_backoff: 100ms
                max_backoff: 1s
          """
              .formatted(server.uri("/api/v1/write"));
      try (RealPrometheus prometheus = new RealPrometheus(dir, remoteWrite)) {
        awaitService(server, "node", prometheus);
        awaitService(server, "cadvisor", prometheus);

        List<SeriesKey> nodeSeries = server.server.storage().samples().series("node");
        assertThat(nodeSeries)
            .anySatisfy(
                k -> {
                  assertThat(k.metric()).isEqualTo("node_memory_MemTotal_bytes");
                  assertThat(k.labels()).containsKey("instance").doesNotContainKey("job");
                });
        SeriesKey podA =
            server.server.storage().samples().series("cadvisor").stream()
                .filter(k -> k.metric().equals("container_memory_working_set_bytes"))
                .filter(k -> RealPrometheus.POD_A.equals(k.labels().get("pod")))
                .findFirst()
                .orElseThrow();
        assertThat(podA.labels())
            .containsEntry("namespace", "shop")
            .containsEntry("container", "app");
        List<StoredSample> samples =
            server.server.storage().samples().range(podA, 0, Long.MAX_VALUE, 100);
        assertThat(samples).isNotEmpty();
        assertThat(samples.getFirst().sample().value()).isEqualTo(RealPrometheus.MEMORY_A);
        server.sync();
        assertThat(server.get("/v1/health/cadvisor").status()).isEqualTo(200);

        // the pod's memory and CPU request, sent as separate series, meet in pod rows
        awaitRow(server, prometheus);
      }
    }
  }

  private static void awaitRow(TestServer server, RealPrometheus prometheus)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      boolean merged =
          server
              .server
              .storage()
              .podMetrics()
              .find(
                  io.driftline.storage.PodMetricQuery.pod(
                      "default", "shop", RealPrometheus.POD_A, 0, Long.MAX_VALUE, 1000, 0))
              .stream()
              .anyMatch(
                  r ->
                      r.values().get(io.driftline.workload.PodSignal.MEMORY_BYTES) != null
                          && r.values().get(io.driftline.workload.PodSignal.MEMORY_BYTES)
                              == RealPrometheus.MEMORY_A
                          && r.values().get(io.driftline.workload.PodSignal.CPU_REQUEST_CORES)
                              != null
                          && r.workloadName().equals("checkout"));
      if (merged) return;
      Thread.sleep(250);
    }
    throw new AssertionError(
        "no merged pod row of " + RealPrometheus.POD_A + ":\n" + prometheus.log());
  }

  /** Remote-write sends on Prometheus's schedule: the one wait on wall time, bounded. */
  private static void awaitService(TestServer server, String service, RealPrometheus prometheus)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (!server.server.storage().samples().series(service).isEmpty()) return;
      Thread.sleep(250);
    }
    throw new AssertionError("no series of " + service + " arrived:\n" + prometheus.log());
  }
}
