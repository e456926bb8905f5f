package io.driftline.server.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.driftline.server.http.Json;
import io.driftline.testing.ExternalBinary;
import io.driftline.testing.ExternalProcess;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real Prometheus (Debian package {@code prometheus}) on loopback, scraping every second a real
 * node-exporter ({@code prometheus-node-exporter}, job {@code node}) and a small exporter this
 * class serves with cAdvisor and kube-state-metrics names and fixed values (job {@code cadvisor}):
 * two pods of the Deployment {@code checkout} in namespace {@code shop}, working sets of 256 MiB
 * and 128 MiB, a CPU request of 0.5 cores each, and a CPU counter growing 0.25 s per scrape.
 */
final class RealPrometheus implements AutoCloseable {
  static final String POD_A = "checkout-7d9f8b6c5d-x2k4p";
  static final String POD_B = "checkout-7d9f8b6c5d-b5n7q";
  static final double MEMORY_A = 268_435_456;
  static final double MEMORY_B = 134_217_728;

  final Instant started = Instant.now();
  final int port;
  private final HttpServer exporter;
  private final ExternalProcess nodeExporter;
  private final ExternalProcess prometheus;
  private final AtomicLong scrapes = new AtomicLong();
  private final HttpClient http = HttpClient.newHttpClient();

  /** Starts all three; {@code extraConfig} is appended to prometheus.yml (e.g. remote_write). */
  RealPrometheus(Path dir, String extraConfig) throws Exception {
    Path prometheusBin = ExternalBinary.require("prometheus", "prometheus");
    Path nodeExporterBin =
        ExternalBinary.require("prometheus-node-exporter", "prometheus-node-exporter");
    exporter = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    exporter.createContext(
        "/metrics",
        exchange -> {
          byte[] body = exposition(scrapes.incrementAndGet()).getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    exporter.start();
    int nodePort = ExternalProcess.freePort();
    nodeExporter =
        ExternalProcess.start(
            "node-exporter",
            List.of(
                nodeExporterBin.toString(),
                "--web.listen-address=127.0.0.1:" + nodePort,
                "--collector.disable-defaults",
                "--collector.cpu",
                "--collector.meminfo"),
            dir);
    nodeExporter.awaitHttp("http://127.0.0.1:" + nodePort + "/metrics", Duration.ofSeconds(30));
    port = ExternalProcess.freePort();
    String config =
        """
        global:
          scrape_interval: 1s
          evaluation_interval: 1s
        scrape_configs:
          - job_name: cadvisor
            static_configs: [{targets: ['127.0.0.1:%d']}]
          - job_name: node
            static_configs: [{targets: ['127.0.0.1:%d']}]
        """
            .formatted(exporter.getAddress().getPort(), nodePort);
    Path file = dir.resolve("prometheus.yml");
    Files.writeString(file, config + extraConfig);
    prometheus =
        ExternalProcess.start(
            "prometheus",
            List.of(
                prometheusBin.toString(),
                "--config.file=" + file,
                "--storage.tsdb.path=" + dir.resolve("tsdb"),
                "--web.listen-address=127.0.0.1:" + port),
            dir);
    prometheus.awaitHttp(url() + "/-/ready", Duration.ofSeconds(60));
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  private static String exposition(long scrape) {
    StringBuilder out = new StringBuilder();
    out.append("# TYPE container_cpu_usage_seconds_total counter\n");
    out.append("# TYPE container_memory_working_set_bytes gauge\n");
    out.append("# TYPE kube_pod_container_resource_requests gauge\n");
    for (String pod : List.of(POD_A, POD_B)) {
      String labels = "namespace=\"shop\",pod=\"" + pod + "\",container=\"app\"";
      out.append("container_cpu_usage_seconds_total{")
          .append(labels)
          .append("} ")
          .append(0.25 * scrape)
          .append('\n');
      out.append("container_memory_working_set_bytes{")
          .append(labels)
          .append("} ")
          .append(pod.equals(POD_A) ? MEMORY_A : MEMORY_B)
          .append('\n');
      out.append("kube_pod_container_resource_requests{")
          .append(labels)
          .append(",resource=\"cpu\",unit=\"core\"} 0.5\n");
    }
    // a pod of another namespace, which a pull for namespace shop leaves out
    out.append(
        "container_memory_working_set_bytes{namespace=\"kube-system\",pod=\"coredns-5d78c9869d-abcde\",container=\"coredns\"} 1000\n");
    return out.toString();
  }

  /**
   * Waits until {@code query}, evaluated two seconds ago, returns at least {@code series} series
   * (so a pull ending now sees them too): Prometheus scrapes on its own schedule, so this is the
   * one wait on wall time, bounded.
   */
  void awaitSeries(String query, int series, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(
                          url()
                              + "/api/v1/query?query="
                              + URLEncoder.encode(query, StandardCharsets.UTF_8)
                              + "&time="
                              + (Instant.now().toEpochMilli() - 2000) / 1000.0))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      JsonNode result = Json.MAPPER.readTree(r.body()).path("data").path("result");
      if (result.size() >= series) return;
      Thread.sleep(250);
    }
    throw new AssertionError(
        "Prometheus did not return "
            + series
            + " series for "
            + query
            + ":\n"
            + prometheus.logTail());
  }

  String log() {
    return prometheus.logTail();
  }

  @Override
  public void close() {
    try {
      prometheus.close();
      nodeExporter.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      exporter.stop(0);
    }
  }
}
