package io.driftline.sources.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.driftline.sources.PullRequest;
import io.driftline.sources.SourceBatch;
import io.driftline.sources.SourceException;
import io.driftline.sources.http.RetryPolicy;
import io.driftline.sources.http.SourceHttp;
import io.driftline.workload.PodMetric;
import io.driftline.workload.PodSignal;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus source against a local server answering in the HTTP API's documented format
 * (prometheus.io/docs/prometheus/latest/querying/api/), errors included. The real Prometheus runs
 * in driftline-server's PrometheusSourceTest.
 */
class PrometheusSourceTest {
  record Answer(int status, Map<String, String> headers, String body) {}

  private final Deque<Answer> scripted = new ArrayDeque<>();
  private final List<Map<String, String>> forms = new ArrayList<>();
  private final List<String> authorizations = new ArrayList<>();
  private final List<Duration> sleeps = new ArrayList<>();
  private Function<Map<String, String>, String> matrix = form -> matrix(List.of());
  private HttpServer server;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/api/v1/query_range",
        exchange -> {
          Map<String, String> form = new HashMap<>();
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          for (String pair : body.split("&")) {
            String[] kv = pair.split("=", 2);
            form.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
          }
          forms.add(form);
          authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
          Answer a =
              scripted.isEmpty() ? new Answer(200, Map.of(), matrix.apply(form)) : scripted.poll();
          a.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          byte[] bytes = a.body().getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(a.status(), bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private PrometheusSource source(Map<PodSignal, String> queries, Optional<String> auth) {
    var settings =
        new PrometheusSource.Settings(
            URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
            auth,
            Duration.ofSeconds(60),
            Duration.ofMinutes(5),
            queries,
            Map.of(),
            "workload");
    var http =
        new SourceHttp(
            "prometheus",
            HttpClient.newHttpClient(),
            RetryPolicy.DEFAULT,
            sleeps::add,
            new SplittableRandom(3),
            Clock.systemUTC());
    return new PrometheusSource(settings, http);
  }

  private static final Instant T0 = Instant.parse("2026-01-15T10:00:00Z");

  private static PullRequest window(Duration length, String... namespaces) {
    return new PullRequest("prod-us-east-1", T0, T0.plus(length), List.of(namespaces));
  }

  static String matrix(List<String> series) {
    return "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":["
        + String.join(",", series)
        + "]}}";
  }

  static String series(String labels, long startSeconds, String... values) {
    List<String> points = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      points.add("[" + (startSeconds + 60L * i) + ",\"" + values[i] + "\"]");
    }
    return "{\"metric\":{" + labels + "},\"values\":[" + String.join(",", points) + "]}";
  }

  @Test
  void containerSeriesBecomePodRowsOfTheRequestsCluster() throws Exception {
    long t0 = T0.getEpochSecond();
    matrix =
        form ->
            form.get("query").contains("cpu")
                ? matrix(
                    List.of(
                        series(
                            "\"namespace\":\"production\",\"pod\":\"checkout-7d9f8b6c5d-x2k4p\","
                                + "\"container\":\"app\"",
                            t0,
                            "0.25",
                            "0.5"),
                        series("\"namespace\":\"kube-system\",\"pod\":\"dns-0\"", t0, "0.1"),
                        series("\"instance\":\"node-1\"", t0, "3")))
                : matrix(
                    List.of(
                        series(
                            "\"namespace\":\"production\",\"pod\":\"checkout-7d9f8b6c5d-x2k4p\","
                                + "\"container\":\"app\",\"workload\":\"checkout-api\"",
                            t0,
                            "1048576",
                            "NaN")));

    SourceBatch batch =
        source(
                Map.of(PodSignal.CPU_CORES, "cpu_q", PodSignal.MEMORY_BYTES, "mem_q"),
                Optional.empty())
            .pull(window(Duration.ofMinutes(2), "production"));

    assertThat(batch.podMetrics()).hasSize(2);
    PodMetric first = batch.podMetrics().get(0);
    assertThat(first.clusterId()).isEqualTo("prod-us-east-1");
    assertThat(first.namespace()).isEqualTo("production");
    assertThat(first.podName()).isEqualTo("checkout-7d9f8b6c5d-x2k4p");
    assertThat(first.container()).contains("app");
    assertThat(first.epochMillis()).isEqualTo(T0.toEpochMilli());
    assertThat(first.values())
        .containsEntry(PodSignal.CPU_CORES, 0.25)
        .containsEntry(PodSignal.MEMORY_BYTES, 1048576.0);
    // the memory series named its workload; the NaN point was left out
    assertThat(batch.podMetrics().get(1).values()).containsOnlyKeys(PodSignal.CPU_CORES);
    assertThat(forms).hasSize(2);
    assertThat(forms.get(0))
        .containsEntry("start", T0.getEpochSecond() + ".000")
        .containsEntry("end", (T0.getEpochSecond() + 60) + ".000")
        .containsEntry("step", "60.000");
  }

  @Test
  void workloadIsTheWorkloadLabelOrDerivedFromThePodName() throws Exception {
    long t0 = T0.getEpochSecond();
    matrix =
        form ->
            matrix(
                List.of(
                    series("\"namespace\":\"p\",\"pod\":\"checkout-7d9f8b6c5d-x2k4p\"", t0, "1"),
                    series(
                        "\"namespace\":\"p\",\"pod\":\"db-0\",\"workload\":\"postgres\"",
                        t0,
                        "1")));

    SourceBatch batch =
        source(Map.of(PodSignal.CPU_CORES, "q"), Optional.empty())
            .pull(window(Duration.ofMinutes(1)));

    assertThat(batch.podMetrics())
        .extracting(PodMetric::workloadName)
        .containsExactly("checkout", "postgres");
  }

  @Test
  void badDataIsReportedWithPrometheusesMessageAndNotRetried() {
    scripted.add(
        new Answer(
            400,
            Map.of(),
            "{\"status\":\"error\",\"errorType\":\"bad_data\","
                + "\"error\":\"1:5: parse error: unexpected identifier \\\"by\\\"\"}"));

    assertThatThrownBy(
            () ->
                source(Map.of(PodSignal.CPU_CORES, "sum by"), Optional.empty())
                    .pull(window(Duration.ofMinutes(5))))
        .isInstanceOf(SourceException.class)
        .hasMessageContaining("answered 400")
        .hasMessageContaining("bad_data: 1:5: parse error: unexpected identifier \"by\"")
        .hasMessageContaining("(query cpu_cores)")
        .satisfies(e -> assertThat(((SourceException) e).status()).hasValue(400));
    assertThat(forms).hasSize(1);
  }

  @Test
  void unprocessableQueryIsReportedAsExecutionError() {
    scripted.add(
        new Answer(
            422,
            Map.of(),
            "{\"status\":\"error\",\"errorType\":\"execution\",\"error\":\"query timed out\"}"));

    assertThatThrownBy(
            () ->
                source(Map.of(PodSignal.MEMORY_BYTES, "q"), Optional.empty())
                    .pull(window(Duration.ofMinutes(5))))
        .hasMessageContaining("answered 422")
        .hasMessageContaining("execution: query timed out")
        .hasMessageContaining("(query memory_bytes)");
  }

  @Test
  void unavailableIsRetriedAfterTheDelayPrometheusAsks() throws Exception {
    scripted.add(
        new Answer(
            503,
            Map.of("Retry-After", "2"),
            "{\"status\":\"error\",\"errorType\":\"unavailable\",\"error\":\"starting up\"}"));

    SourceBatch batch =
        source(Map.of(PodSignal.CPU_CORES, "q"), Optional.empty())
            .pull(window(Duration.ofMinutes(5)));

    assertThat(batch.podMetrics()).isEmpty();
    assertThat(forms).hasSize(2);
    assertThat(sleeps).containsExactly(Duration.ofSeconds(2));
  }

  @Test
  void aSuccessfulStatusWithAnErrorBodyOrAVectorIsRefused() {
    scripted.add(
        new Answer(
            200,
            Map.of(),
            "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}"));

    assertThatThrownBy(
            () ->
                source(Map.of(PodSignal.CPU_CORES, "q"), Optional.empty())
                    .pull(window(Duration.ofMinutes(5))))
        .hasMessageContaining("answered a vector result");
  }

  @Test
  void windowsBeyondElevenThousandPointsAreAskedInParts() throws Exception {
    // 60 s step, 20 days: 28,800 points per series -> three requests of at most 11,000 points
    matrix = form -> matrix(List.of());
    source(Map.of(PodSignal.CPU_CORES, "q"), Optional.empty()).pull(window(Duration.ofDays(20)));

    assertThat(forms).hasSize(3);
    long expectedStart = T0.getEpochSecond();
    long total = 0;
    for (Map<String, String> form : forms) {
      long start = (long) Double.parseDouble(form.get("start"));
      long end = (long) Double.parseDouble(form.get("end"));
      long points = (end - start) / 60 + 1;
      assertThat(points).isLessThanOrEqualTo(PromApi.MAX_POINTS);
      assertThat(start).isEqualTo(expectedStart);
      expectedStart = end + 60;
      total += points;
    }
    assertThat(total).isEqualTo(20 * 24 * 60);
  }

  @Test
  void windowEdgesAreAlignedToTheStepSoOverlappingPullsMeetTheSameTimestamps() throws Exception {
    PullRequest odd = new PullRequest("c", T0.plusSeconds(17), T0.plusSeconds(17 + 180), List.of());

    source(Map.of(PodSignal.CPU_CORES, "q"), Optional.empty()).pull(odd);

    assertThat(forms.get(0))
        .containsEntry("start", (T0.getEpochSecond() + 60) + ".000")
        .containsEntry("end", (T0.getEpochSecond() + 180) + ".000");
  }

  @Test
  void credentialsAreSentButNeverReported() {
    scripted.add(new Answer(401, Map.of(), "Unauthorized"));

    assertThatThrownBy(
            () ->
                source(Map.of(PodSignal.CPU_CORES, "q"), Optional.of("Bearer s3cret-token"))
                    .pull(window(Duration.ofMinutes(5))))
        .hasMessageContaining("answered 401")
        .hasMessageNotContaining("s3cret");
    assertThat(authorizations).containsExactly("Bearer s3cret-token");
  }

  @Test
  void nodeSeriesBecomeOneCapacitySnapshotPerStepGroupedByInstanceType() throws Exception {
    long t0 = T0.getEpochSecond();
    matrix =
        form -> {
          String q = form.get("query");
          String type1 = "\"instance\":\"n1\",\"instance_type\":\"m5.large\"";
          String type2 = "\"instance\":\"n2\",\"instance_type\":\"m5.large\"";
          return switch (q) {
            case "alloc_cpu" -> matrix(List.of(series(type1, t0, "2"), series(type2, t0, "2")));
            case "used_cpu" -> matrix(List.of(series(type1, t0, "0.5"), series(type2, t0, "1.5")));
            default -> matrix(List.of());
          };
        };
    var settings =
        new PrometheusSource.Settings(
            URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
            Optional.empty(),
            Duration.ofSeconds(60),
            Duration.ofSeconds(60),
            Map.of(),
            Map.of("allocatable_cpu_cores", "alloc_cpu", "used_cpu_cores", "used_cpu"),
            "workload");
    var source =
        new PrometheusSource(
            settings,
            new SourceHttp(
                "prometheus",
                HttpClient.newHttpClient(),
                RetryPolicy.DEFAULT,
                sleeps::add,
                new SplittableRandom(1),
                Clock.systemUTC()));

    SourceBatch batch = source.pull(window(Duration.ofMinutes(1)));

    assertThat(batch.capacity()).hasSize(1);
    var snapshot = batch.capacity().get(0);
    assertThat(snapshot.epochMillis()).isEqualTo(T0.toEpochMilli());
    assertThat(snapshot.nodeGroups()).hasSize(1);
    var group = snapshot.nodeGroups().get(0);
    assertThat(group.instanceType()).isEqualTo("m5.large");
    assertThat(group.count()).isEqualTo(2);
    assertThat(group.allocatableCpuCores()).isEqualTo(4.0);
    assertThat(snapshot.cpuUtilisation()).hasValue(0.5);
  }
}
