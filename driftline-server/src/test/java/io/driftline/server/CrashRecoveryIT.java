package io.driftline.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftline.detect.BaselineSnapshot;
import io.driftline.detect.Detector;
import io.driftline.detect.EnsembleDetector;
import io.driftline.detect.SeriesDetector;
import io.driftline.detect.WarmupDetector;
import io.driftline.server.http.Json;
import io.driftline.storage.sqlite.SqliteStorage;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged service as a separate process: every sample that got a 202 survives a SIGKILL sent
 * right after the last 202, and the restarted service has exactly the detection state the samples
 * imply (replayed from storage, not approximated).
 */
class CrashRecoveryIT {
  static final String SERVICE = "crash-svc";
  static final int N = 400;
  final HttpClient http = HttpClient.newHttpClient();

  @TempDir Path dataDir;

  @Test
  void everyAcknowledgedSampleSurvivesSigkillAndStateIsRestoredExactly() throws Exception {
    int port = freePort();
    var random = new Random(3);
    List<Double> latencies = new ArrayList<>();
    Instant t0 = Instant.now().minusSeconds(N);

    Process first = start(port);
    try {
      awaitLive(port, first);
      for (int i = 0; i < N; i++) {
        double latency =
            Math.round((150 + 25 * random.nextGaussian() + (i >= 300 ? 400 : 0)) * 100) / 100.0;
        latencies.add(latency);
        String body =
            "{\"service_id\":\""
                + SERVICE
                + "\",\"latency_ms\":"
                + latency
                + ",\"payload_kb\":2.0,\"timestamp\":\""
                + t0.plusSeconds(i)
                + "\"}";
        assertThat(post(port, body)).as("sample %d", i).isEqualTo(202);
      }
    } finally {
      first.destroyForcibly().waitFor(); // SIGKILL on Unix: no shutdown hook runs
    }

    Process second = start(port);
    try {
      awaitLive(port, second);
      JsonNode health = get(port, "/v1/health/" + SERVICE);
      assertThat(health.get("sample_count").asInt()).isEqualTo(N);
      assertThat(health.get("state").asText()).isEqualTo("DRIFT_DETECTED");

      BaselineSnapshot expected = replay(latencies);
      assertThat(expected.state().name()).isEqualTo("DRIFT_DETECTED");
      JsonNode latency = health.get("metrics").get("latency_ms");
      assertThat(latency.get("mean").asDouble()).isEqualTo(expected.mean());
      assertThat(latency.get("stddev").asDouble()).isEqualTo(expected.stddev());
      assertThat(latency.get("baseline_sample_count").asLong()).isEqualTo(expected.baselineCount());
      assertThat(get(port, "/v1/health/" + SERVICE + "/transitions").get("count").asInt())
          .as("no duplicated audit records after replay")
          .isEqualTo(transitions(latencies))
          .isEqualTo(3);
    } finally {
      second.destroy(); // SIGTERM: graceful
      second.waitFor();
    }

    try (var storage = SqliteStorage.create(dataDir.resolve("driftline.db"))) {
      assertThat(storage.samples().count()).isEqualTo(2L * N);
    }
  }

  /**
   * What detection must say after these samples, computed in-process with the service's default
   * detector (the ensemble, held for the default warm-up of 100 samples).
   */
  static BaselineSnapshot replay(List<Double> latencies) {
    SeriesDetector detector = defaultDetector().create();
    for (double v : latencies) detector.update(0, v);
    return detector.snapshot();
  }

  /** The audit records the same samples make: both series' baselines, the latency's changes. */
  static int transitions(List<Double> latencies) {
    SeriesDetector latency = defaultDetector().create();
    SeriesDetector payload = defaultDetector().create();
    int n = 0;
    for (double v : latencies) {
      if (latency.update(0, v).change().isPresent()) n++;
      if (payload.update(0, 2.0).change().isPresent()) n++;
    }
    return n;
  }

  static Detector defaultDetector() {
    return new WarmupDetector(new EnsembleDetector(), 100);
  }

  Process start(int port) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    return new ProcessBuilder(
            java,
            "-jar",
            System.getProperty("driftline.jar"),
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            Integer.toString(port),
            "--data-dir",
            dataDir.toString())
        .redirectErrorStream(true)
        .redirectOutput(
            dataDir.resolve("server-" + port + "-" + System.nanoTime() + ".log").toFile())
        .start();
  }

  void awaitLive(int port, Process process) throws Exception {
    // waiting for another process to open its port; not a timing assertion
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      assertThat(process.isAlive()).as("server process exited early").isTrue();
      try {
        var r =
            http.send(
                HttpRequest.newBuilder(uri(port, "/health/live")).build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) return;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    throw new AssertionError("server did not start within 60 s");
  }

  int post(int port, String body) throws Exception {
    var request =
        HttpRequest.newBuilder(uri(port, "/v1/telemetry"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  JsonNode get(int port, String path) throws Exception {
    var r =
        http.send(
            HttpRequest.newBuilder(uri(port, path)).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).as(path).isEqualTo(200);
    return Json.MAPPER.readTree(r.body());
  }

  static URI uri(int port, String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  static int freePort() throws IOException {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
