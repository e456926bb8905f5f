package io.driftline.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.server.TestServer;
import io.driftline.sources.remotewrite.RemoteWriteEncoder;
import io.driftline.telemetry.SeriesKey;
import io.driftline.telemetry.StoredSample;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code POST /api/v1/write} with bodies built as Prometheus builds them. */
class RemoteWriteApiTest {
  private static final Map<String, String> HEADERS =
      Map.of(
          "Content-Type", "application/x-protobuf",
          "Content-Encoding", "snappy",
          "X-Prometheus-Remote-Write-Version", "0.1.0");
  private static final long T = TestServer.START.toEpochMilli();

  private TestServer server;

  @AfterEach
  void stop() {
    if (server != null) server.close();
  }

  private List<StoredSample> stored(SeriesKey key) {
    return server.server.storage().samples().range(key, 0, Long.MAX_VALUE, 1000);
  }

  @Test
  void seriesAreStoredUnderTheirJobWithTheirOtherLabels() {
    server = TestServer.memory();
    byte[] body =
        new RemoteWriteEncoder()
            .series(
                Map.of("__name__", "node_load1", "job", "node", "instance", "n1:9100"),
                T - 2000,
                0.5,
                T - 1000,
                0.75)
            .series(Map.of("__name__", "http_requests", "service", "checkout", "job", "app"), T, 12)
            .snappy();

    var reply = server.post("/api/v1/write", HEADERS, body);

    assertThat(reply.status()).isEqualTo(204);
    assertThat(stored(new SeriesKey("node", "node_load1", Map.of("instance", "n1:9100"))))
        .extracting(s -> s.sample().value())
        .containsExactly(0.5, 0.75);
    // service wins over job: job stays a label
    assertThat(stored(new SeriesKey("checkout", "http_requests", Map.of("job", "app")))).hasSize(1);
    server.sync();
    assertThat(server.get("/v1/health/node").status()).isEqualTo(200);
  }

  @Test
  void seriesWithPodLabelsAreAlsoMergedIntoPodRows() {
    server = TestServer.memory();
    Map<String, String> pod =
        Map.of(
            "namespace",
            "shop",
            "pod",
            "checkout-7d9f8b6c5d-x2k4p",
            "container",
            "app",
            "job",
            "kubelet");
    var memory = new java.util.HashMap<>(pod);
    memory.put("__name__", "container_memory_working_set_bytes");
    var request = new java.util.HashMap<>(pod);
    request.put("__name__", "kube_pod_container_resource_requests");
    request.put("resource", "cpu");

    // one scrape's series in two requests, as remote-write shards send them
    assertThat(
            server
                .post(
                    "/api/v1/write",
                    HEADERS,
                    new RemoteWriteEncoder().series(memory, T, 5e8).snappy())
                .status())
        .isEqualTo(204);
    assertThat(
            server
                .post(
                    "/api/v1/write",
                    HEADERS,
                    new RemoteWriteEncoder().series(request, T, 0.5).snappy())
                .status())
        .isEqualTo(204);

    var rows =
        server
            .server
            .storage()
            .podMetrics()
            .find(
                io.driftline.storage.PodMetricQuery.pod(
                    "default", "shop", "checkout-7d9f8b6c5d-x2k4p", 0, Long.MAX_VALUE, 10, 0));
    assertThat(rows)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.workloadName()).isEqualTo("checkout");
              assertThat(r.values())
                  .containsEntry(io.driftline.workload.PodSignal.MEMORY_BYTES, 5e8)
                  .containsEntry(io.driftline.workload.PodSignal.CPU_REQUEST_CORES, 0.5);
            });
    // and the series are samples of their service as any other
    assertThat(server.server.storage().samples().series("kubelet")).hasSize(2);
  }

  @Test
  void stalenessMarkersAndOtherNonFiniteValuesAreSkipped() {
    server = TestServer.memory();
    double staleNaN = Double.longBitsToDouble(0x7ff0000000000002L);
    byte[] body =
        new RemoteWriteEncoder()
            .series(
                Map.of("__name__", "up", "job", "node"),
                T - 2000,
                1,
                T - 1000,
                staleNaN,
                T,
                Double.POSITIVE_INFINITY)
            .snappy();

    assertThat(server.post("/api/v1/write", HEADERS, body).status()).isEqualTo(204);
    assertThat(stored(SeriesKey.of("node", "up"))).hasSize(1);
  }

  @Test
  void aSeriesWithoutAServiceLabelIsRefusedUnlessADefaultIsSet() {
    server = TestServer.memory();
    byte[] body = new RemoteWriteEncoder().series(Map.of("__name__", "up"), T, 1).snappy();

    var refused = server.post("/api/v1/write", HEADERS, body);
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().get("message").asText())
        .contains("none of the labels [service, job]")
        .contains("receivers.remote_write.default_service");
    assertThat(server.storedSamples()).isZero();
    server.close();

    server = new TestServer(Map.of("receivers.remote_write.default_service", "prometheus"));
    assertThat(server.post("/api/v1/write", HEADERS, body).status()).isEqualTo(204);
    assertThat(stored(SeriesKey.of("prometheus", "up"))).hasSize(1);
  }

  @Test
  void aSeriesThatCannotBeStoredDoesNotCostTheOthers() {
    server = TestServer.memory();
    byte[] body =
        new RemoteWriteEncoder()
            .series(Map.of("__name__", "9lives", "job", "j"), T, 1)
            .series(Map.of("__name__", "up", "job", "j"), T, 1)
            .snappy();

    assertThat(server.post("/api/v1/write", HEADERS, body).status()).isEqualTo(204);
    assertThat(stored(SeriesKey.of("j", "up"))).hasSize(1);
    assertThat(server.storedSamples()).isEqualTo(1);
  }

  @Test
  void undecodableBodiesAre400NamingTheProblem() {
    server = TestServer.memory();
    byte[] raw =
        new RemoteWriteEncoder().series(Map.of("__name__", "up", "job", "j"), T, 1).protobuf();
    var notSnappy = server.post("/api/v1/write", HEADERS, raw);
    assertThat(notSnappy.status()).isEqualTo(400);
    assertThat(notSnappy.json().get("message").asText()).contains("snappy");

    byte[] json = RemoteWriteEncoder.snappy("{\"up\":1}".getBytes(StandardCharsets.UTF_8));
    var notProtobuf = server.post("/api/v1/write", HEADERS, json);
    assertThat(notProtobuf.status()).isEqualTo(400);
    assertThat(notProtobuf.json().get("message").asText()).contains("protobuf WriteRequest");

    byte[] badName =
        new RemoteWriteEncoder().series(Map.of("__name__", "9lives", "job", "j"), T, 1).snappy();
    var badMetric = server.post("/api/v1/write", HEADERS, badName);
    assertThat(badMetric.status()).isEqualTo(400);
    assertThat(badMetric.json().get("message").asText()).contains("9lives");

    byte[] future =
        new RemoteWriteEncoder()
            .series(Map.of("__name__", "up", "job", "j"), T + 3_600_000, 1)
            .snappy();
    var ahead = server.post("/api/v1/write", HEADERS, future);
    assertThat(ahead.status()).isEqualTo(400);
    assertThat(ahead.json().get("message").asText()).contains("ingest.max_future_skew");
    assertThat(server.storedSamples()).isZero();
  }

  @Test
  void wrongEncodingOrMediaTypeIs415() {
    server = TestServer.memory();
    byte[] body =
        new RemoteWriteEncoder().series(Map.of("__name__", "up", "job", "j"), T, 1).snappy();

    var noEncoding =
        server.post("/api/v1/write", Map.of("Content-Type", "application/x-protobuf"), body);
    assertThat(noEncoding.status()).isEqualTo(415);
    assertThat(noEncoding.json().get("message").asText())
        .contains("Content-Encoding must be snappy");

    var json =
        server.post(
            "/api/v1/write",
            Map.of("Content-Type", "application/json", "Content-Encoding", "snappy"),
            body);
    assertThat(json.status()).isEqualTo(415);

    var v2 =
        server.post(
            "/api/v1/write",
            Map.of(
                "Content-Type", "application/x-protobuf;proto=io.prometheus.write.v2.Request",
                "Content-Encoding", "snappy"),
            body);
    assertThat(v2.status()).isEqualTo(415);
    assertThat(v2.json().get("message").asText()).contains("remote-write 1.0");
  }
}
