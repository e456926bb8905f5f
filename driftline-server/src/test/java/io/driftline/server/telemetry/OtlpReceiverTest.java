package io.driftline.server.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.driftline.server.MutableClock;
import io.driftline.server.TestServer;
import io.driftline.server.http.Json;
import io.driftline.telemetry.SeriesKey;
import io.driftline.telemetry.StoredSample;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.sdk.common.Clock;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The OpenTelemetry Java SDK's OTLP/HTTP exporter sends to a running Driftline. */
class OtlpReceiverTest {
  static final Resource RESOURCE =
      Resource.getDefault()
          .merge(
              Resource.create(
                  Attributes.builder()
                      .put("service.name", "checkout")
                      .put("k8s.cluster.name", "prod-eu")
                      .put("k8s.namespace.name", "shop")
                      .put("k8s.pod.name", "checkout-7d9f-abcde")
                      .put("k8s.deployment.name", "checkout")
                      .build()));
  static final Map<String, String> K8S =
      Map.of(
          "cluster", "prod-eu",
          "namespace", "shop",
          "pod", "checkout-7d9f-abcde",
          "workload", "checkout");

  TestServer server;
  SdkMeterProvider provider;
  Meter meter;

  /** The SDK's clock reads the server's hand-driven clock, so points are "now" for the server. */
  record SdkClock(MutableClock clock) implements Clock {
    @Override
    public long now() {
      return TimeUnit.MILLISECONDS.toNanos(clock.millis());
    }

    @Override
    public long nanoTime() {
      return now();
    }
  }

  @BeforeEach
  void start() {
    server = TestServer.memory();
  }

  void sdk(String compression) {
    var exporter =
        OtlpHttpMetricExporter.builder()
            .setEndpoint(server.uri("/v1/metrics").toString())
            .setCompression(compression)
            .build();
    provider =
        SdkMeterProvider.builder()
            .setClock(new SdkClock(server.clock))
            .setResource(RESOURCE)
            .registerMetricReader(
                PeriodicMetricReader.builder(exporter).setInterval(Duration.ofDays(1)).build())
            .build();
    meter = provider.get("io.driftline.test");
  }

  @AfterEach
  void stop() {
    if (provider != null) provider.close();
    server.close();
  }

  void flush() {
    assertThat(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess())
        .as("export succeeded")
        .isTrue();
    server.sync();
  }

  List<StoredSample> stored(String metric, Map<String, String> labels) {
    var key = new SeriesKey("checkout", metric, labels);
    return server.server.storage().samples().range(key, 0, Long.MAX_VALUE, 100);
  }

  static Map<String, String> with(String name, String value) {
    var labels = new java.util.HashMap<>(K8S);
    labels.put(name, value);
    return labels;
  }

  @Test
  void gaugeCounterAndHistogramArriveAsSeriesWithTheirValues() {
    sdk("none");
    meter
        .gaugeBuilder("queue.depth")
        .buildWithCallback(
            m -> m.record(42.5, Attributes.of(AttributeKey.stringKey("queue"), "orders")));
    LongCounter requests = meter.counterBuilder("http.requests").build();
    DoubleHistogram duration =
        meter
            .histogramBuilder("http.server.duration")
            .setUnit("ms")
            .setExplicitBucketBoundariesAdvice(List.of(10.0, 20.0, 50.0, 100.0))
            .build();
    Attributes route = Attributes.of(AttributeKey.stringKey("http.route"), "/pay");

    requests.add(10, route);
    for (int ms = 1; ms <= 100; ms++) duration.record(ms, route);
    server.clock.advance(Duration.ofSeconds(10));
    flush();
    requests.add(30, route);
    server.clock.advance(Duration.ofSeconds(10));
    flush();

    assertThat(stored("queue.depth", with("queue", "orders")))
        .extracting(s -> s.sample().value())
        .containsExactly(42.5, 42.5);
    // cumulative 10 after 10 s, then 40 after 20 s: 1/s, then 3/s
    assertThat(stored("http.requests", with("http_route", "/pay")))
        .extracting(s -> s.sample().value())
        .containsExactly(1.0, 3.0);
    var p95 = stored("http.server.duration.p95", with("http_route", "/pay"));
    assertThat(p95).hasSize(1); // nothing recorded in the second interval, so no percentile
    assertThat(p95.getFirst().sample().value()).isCloseTo(95.0, within(1e-9));
    assertThat(
            stored("http.server.duration.p50", with("http_route", "/pay"))
                .getFirst()
                .sample()
                .value())
        .isCloseTo(50.0, within(1e-9));
    assertThat(
            stored("http.server.duration.p99", with("http_route", "/pay"))
                .getFirst()
                .sample()
                .value())
        .isCloseTo(99.0, within(1e-9));
  }

  @Test
  void gzipCompressedExportsAreInflated() {
    sdk("gzip");
    meter.gaugeBuilder("heap.used").buildWithCallback(m -> m.record(1024));
    server.clock.advance(Duration.ofSeconds(1));
    flush();

    assertThat(stored("heap.used", K8S))
        .extracting(s -> s.sample().value())
        .containsExactly(1024.0);
  }

  HttpResponse<byte[]> post(String contentType, String encoding, byte[] body) throws Exception {
    var request =
        HttpRequest.newBuilder(server.uri("/v1/metrics"))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (encoding != null) request.header("Content-Encoding", encoding);
    return HttpClient.newHttpClient()
        .send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  static String json(String metric, double value, long timeNanos) {
    return """
        {"resourceMetrics": [{"resource": {"attributes": [
           {"key": "service.name", "value": {"stringValue": "checkout"}}]},
         "scopeMetrics": [{"metrics": [{"name": "%s",
           "gauge": {"dataPoints": [{"asDouble": %s, "timeUnixNano": "%d"}]}}]}]}]}"""
        .formatted(metric, value, timeNanos);
  }

  long nowNanos() {
    return TimeUnit.MILLISECONDS.toNanos(server.clock.millis());
  }

  @Test
  void jsonIsAcceptedAndRejectedPointsComeBackAsPartialSuccess() throws Exception {
    var ok =
        post(
            "application/json",
            null,
            json("cpu.load", 0.75, nowNanos()).getBytes(StandardCharsets.UTF_8));
    var bad =
        post(
            "application/json",
            null,
            json("cpu.load", -3, nowNanos()).getBytes(StandardCharsets.UTF_8));

    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    assertThat(new String(ok.body(), StandardCharsets.UTF_8)).isEqualTo("{}");
    assertThat(bad.statusCode()).isEqualTo(200);
    var partial = Json.MAPPER.readTree(bad.body()).get("partialSuccess");
    assertThat(partial.get("rejectedDataPoints").asText()).isEqualTo("1");
    assertThat(partial.get("errorMessage").asText()).contains("value must be >= 0 but was -3.0");
    server.sync();
    assertThat(
            server
                .server
                .storage()
                .samples()
                .range(SeriesKey.of("checkout", "cpu.load"), 0, Long.MAX_VALUE, 10))
        .extracting(s -> s.sample().value())
        .containsExactly(0.75);
  }

  @Test
  void gzipJsonWorksToo() throws Exception {
    var bytes = new ByteArrayOutputStream();
    try (var gzip = new GZIPOutputStream(bytes)) {
      gzip.write(json("mem.used", 5, nowNanos()).getBytes(StandardCharsets.UTF_8));
    }
    assertThat(post("application/json", "gzip", bytes.toByteArray()).statusCode()).isEqualTo(200);
  }

  @Test
  void undecodableBodiesAre400WithAStatusAndOtherTypesAre415() throws Exception {
    var garbage = post("application/x-protobuf", null, new byte[] {(byte) 0xff, 0x01, 0x02});
    var notGzip = post("application/x-protobuf", "gzip", new byte[] {1, 2, 3});
    var text = post("text/plain", null, "hello".getBytes(StandardCharsets.UTF_8));

    assertThat(garbage.statusCode()).isEqualTo(400);
    var status = com.google.protobuf.CodedInputStream.newInstance(garbage.body());
    assertThat(status.readTag()).isEqualTo(8); // field 1, varint: code
    assertThat(status.readInt32()).isEqualTo(3); // INVALID_ARGUMENT
    assertThat(status.readTag()).isEqualTo(18); // field 2, string: message
    assertThat(status.readString()).contains("not an OTLP ExportMetricsServiceRequest");
    assertThat(notGzip.statusCode()).isEqualTo(400);
    assertThat(text.statusCode()).isEqualTo(415);
    assertThat(new String(text.body(), StandardCharsets.UTF_8)).contains("application/x-protobuf");
    assertThat(server.storedSamples()).isZero();
  }

  @Test
  void aGzipBodyThatInflatesBeyondTheLimitIs413() throws Exception {
    server.close();
    server = new TestServer(Map.of("server.max_body_bytes", "4096"));
    var bytes = new ByteArrayOutputStream();
    try (var gzip = new GZIPOutputStream(bytes)) {
      gzip.write(new byte[1_000_000]); // a megabyte of zeros packs into about a kilobyte
    }

    var reply = post("application/x-protobuf", "gzip", bytes.toByteArray());

    assertThat(bytes.size()).isLessThan(4096);
    assertThat(reply.statusCode()).isEqualTo(413);
    assertThat(server.storedSamples()).isZero();
  }
}
