package io.driftline.sources.hawkeye;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftline.sources.LoopbackServer;
import io.driftline.sources.LoopbackServer.Received;
import io.driftline.sources.LoopbackServer.Reply;
import io.driftline.sources.PullRequest;
import io.driftline.sources.SourceException;
import io.driftline.sources.http.RetryPolicy;
import io.driftline.sources.http.SourceHttp;
import io.driftline.workload.PodMetric;
import io.driftline.workload.PodSignal;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HawkeyeSourceTest {
  static final String KEY = "hk-secret-key-42";
  static final Instant START = Instant.parse("2026-01-12T10:00:00Z");
  static final PullRequest WINDOW =
      new PullRequest(
          "prod-us-east-1", START, START.plusSeconds(3600), List.of("production", "staging"));

  final List<Duration> sleeps = new ArrayList<>();
  LoopbackServer hawkeye;

  @AfterEach
  void stop() {
    if (hawkeye != null) hawkeye.close();
  }

  HawkeyeSource source(UnaryOperator<HawkeyeSettings> configure, Function<Received, Reply> answer) {
    hawkeye = new LoopbackServer(answer);
    var policy =
        new RetryPolicy(
            3,
            Duration.ofMillis(100),
            Duration.ofSeconds(1),
            Duration.ofSeconds(5),
            Duration.ofSeconds(30));
    var base = HawkeyeSettings.defaults(hawkeye.uri(""), KEY);
    var settings = configure.apply(withRetry(base, policy));
    var http =
        new SourceHttp(
            "hawkeye",
            HttpClient.newHttpClient(),
            policy,
            sleeps::add,
            new SplittableRandom(3),
            Clock.fixed(START, ZoneOffset.UTC));
    return new HawkeyeSource(settings, http);
  }

  static HawkeyeSettings withRetry(HawkeyeSettings s, RetryPolicy retry) {
    return new HawkeyeSettings(
        s.baseUrl(),
        s.apiKey(),
        s.path(),
        s.authHeader(),
        s.authScheme(),
        s.queryParams(),
        s.timeFormat(),
        s.items(),
        s.fields(),
        s.pagination(),
        s.cursorParam(),
        s.nextCursor(),
        s.pageParam(),
        s.limitParam(),
        s.pageSize(),
        s.maxPages(),
        retry);
  }

  static Map<String, String> params(Received r) {
    Map<String, String> params = new LinkedHashMap<>();
    if (r.query() == null) return params;
    for (String pair : r.query().split("&")) {
      String[] kv = pair.split("=", 2);
      params.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
    }
    return params;
  }

  static String item(String time, String ns, String pod, String signals) {
    return """
        {"timestamp": "%s", "namespace": "%s", "pod_name": "%s", "workload_name": "checkout", %s}"""
        .formatted(time, ns, pod, signals);
  }

  @Test
  void theDefaultShapeIsReadAcrossCursorPages() throws Exception {
    var source =
        source(
            s -> s,
            r ->
                params(r).containsKey("cursor")
                    ? Reply.json(
                        "{\"data\": ["
                            + item(
                                "2026-01-12T10:01:00Z",
                                "staging",
                                "checkout-2",
                                "\"cpu_cores\": 0.5")
                            + "], \"next_cursor\": null}")
                    : Reply.json(
                        "{\"data\": ["
                            + item(
                                "2026-01-12T10:00:00Z",
                                "production",
                                "checkout-1",
                                "\"latency_p95_ms\": 120.5, \"throughput_rps\": \"42\", \"error_rate\": null")
                            + ","
                            + item(
                                "2026-01-12T10:00:00Z",
                                "kube-system",
                                "coredns",
                                "\"cpu_cores\": 0.1")
                            + ","
                            + item(
                                "2026-01-12T09:00:00Z",
                                "production",
                                "checkout-1",
                                "\"cpu_cores\": 0.1")
                            + ","
                            + item(
                                "2026-01-12T10:00:30Z",
                                "production",
                                "checkout-1",
                                "\"error_rate\": null")
                            + "], \"next_cursor\": \"abc==\"}"));

    List<PodMetric> metrics = source.pull(WINDOW).podMetrics();

    assertThat(metrics).extracting(PodMetric::podName).containsExactly("checkout-1", "checkout-2");
    PodMetric first = metrics.getFirst();
    assertThat(first.clusterId()).isEqualTo("prod-us-east-1");
    assertThat(first.workloadName()).isEqualTo("checkout");
    assertThat(first.epochMillis()).isEqualTo(START.toEpochMilli());
    assertThat(first.values())
        .isEqualTo(Map.of(PodSignal.LATENCY_P95_MS, 120.5, PodSignal.THROUGHPUT_RPS, 42.0));

    var requests = hawkeye.received();
    assertThat(requests).hasSize(2);
    assertThat(requests.getFirst().path()).isEqualTo("/api/v1/metrics/pods");
    assertThat(requests.getFirst().header("Authorization")).isEqualTo("Bearer " + KEY);
    assertThat(params(requests.getFirst()))
        .containsExactly(
            Map.entry("cluster_id", "prod-us-east-1"),
            Map.entry("start_time", "2026-01-12T10:00:00Z"),
            Map.entry("end_time", "2026-01-12T11:00:00Z"),
            Map.entry("namespace", "production,staging"),
            Map.entry("limit", "500"));
    assertThat(params(requests.get(1))).containsEntry("cursor", "abc==");
  }

  @Test
  void numberedPagesCustomPointersAndEpochTimesAreConfigurable() throws Exception {
    AtomicInteger served = new AtomicInteger();
    var source =
        source(
            s ->
                new HawkeyeSettings(
                    s.baseUrl(),
                    s.apiKey(),
                    "v2/pods",
                    "X-API-Key",
                    "",
                    HawkeyeSettings.parsePairs(
                        "q", "cluster={cluster},from={start},to={end},ns={namespaces}"),
                    HawkeyeSettings.TimeFormat.EPOCH_MILLIS,
                    "/result/rows",
                    HawkeyeSettings.parsePairs(
                        "f",
                        "timestamp=/ts,namespace=/k8s/ns,pod=/k8s/pod,workload=,latency_p95_ms=/latency/p95"),
                    HawkeyeSettings.Pagination.PAGE,
                    "cursor",
                    "/next",
                    "page",
                    "per_page",
                    2,
                    10,
                    s.retry()),
            r -> {
              int page = Integer.parseInt(params(r).get("page"));
              served.incrementAndGet();
              int count = page < 3 ? 2 : 1;
              StringBuilder rows = new StringBuilder();
              for (int i = 0; i < count; i++) {
                if (i > 0) rows.append(',');
                rows.append(
                    "{\"ts\": %d, \"k8s\": {\"ns\": \"production\", \"pod\": \"p%d-%d\"}, \"latency\": {\"p95\": %d}}"
                        .formatted(START.getEpochSecond() + page * 60, page, i, page * 10 + i));
              }
              return Reply.json("{\"result\": {\"rows\": [" + rows + "]}}");
            });

    List<PodMetric> metrics = source.pull(WINDOW).podMetrics();

    assertThat(served.get()).isEqualTo(3);
    assertThat(metrics).hasSize(5);
    assertThat(metrics.getFirst().podName()).isEqualTo("p1-0");
    assertThat(metrics.getFirst().workloadName()).isEqualTo("p1-0"); // no workload pointer: the pod
    assertThat(metrics.getFirst().epochMillis()).isEqualTo(START.plusSeconds(60).toEpochMilli());
    assertThat(metrics.getLast().value(PodSignal.LATENCY_P95_MS)).contains(30.0);
    Received first = hawkeye.received().getFirst();
    assertThat(first.path()).isEqualTo("/v2/pods");
    assertThat(first.header("X-API-Key")).isEqualTo(KEY);
    assertThat(params(first))
        .containsEntry("from", Long.toString(START.toEpochMilli()))
        .containsEntry("page", "1")
        .containsEntry("per_page", "2");
  }

  @Test
  void http429IsRetriedAfterRetryAfter() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    var source =
        source(
            s -> s,
            r ->
                calls.getAndIncrement() == 0
                    ? new Reply(429, Map.of("Retry-After", "3"), "slow down")
                    : Reply.json("{\"data\": [], \"next_cursor\": \"\"}"));

    assertThat(source.pull(WINDOW).podMetrics()).isEmpty();
    assertThat(sleeps).containsExactly(Duration.ofSeconds(3));
  }

  @Test
  void malformedAnswersFailNamingThePlaceAndThePointer() {
    assertThatThrownBy(() -> source(s -> s, r -> Reply.json("<html>oops</html>")).pull(WINDOW))
        .isInstanceOf(SourceException.class)
        .hasMessageContaining("page 1 is not JSON");
    stop();
    assertThatThrownBy(() -> source(s -> s, r -> Reply.json("{\"items\": []}")).pull(WINDOW))
        .hasMessageContaining("no array of items at '/data'");
    stop();
    assertThatThrownBy(
            () ->
                source(
                        s -> s,
                        r ->
                            Reply.json(
                                "{\"data\": ["
                                    + item(
                                        "2026-01-12T10:00:00Z",
                                        "production",
                                        "a",
                                        "\"cpu_cores\": 1")
                                    + ", {\"timestamp\": \"2026-01-12T10:00:00Z\", \"namespace\": \"production\"}]}"))
                    .pull(WINDOW))
        .hasMessageContaining("item 1 of page 1 has no pod at /pod_name");
    stop();
    assertThatThrownBy(
            () ->
                source(
                        s -> s,
                        r ->
                            Reply.json(
                                "{\"data\": ["
                                    + item(
                                        "2026-01-12T10:00:00Z",
                                        "production",
                                        "a",
                                        "\"cpu_cores\": \"lots\"")
                                    + "]}"))
                    .pull(WINDOW))
        .hasMessageContaining("cpu_cores at /cpu_cores is not a number");
    stop();
    assertThatThrownBy(
            () ->
                source(
                        s -> s,
                        r ->
                            Reply.json(
                                "{\"data\": ["
                                    + item("yesterday", "production", "a", "\"cpu_cores\": 1")
                                    + "]}"))
                    .pull(WINDOW))
        .hasMessageContaining("timestamp 'yesterday' is neither ISO-8601 nor epoch time")
        .hasMessageNotContaining(KEY);
  }

  @Test
  void aCursorThatRepeatsStopsInsteadOfLooping() {
    var source = source(s -> s, r -> Reply.json("{\"data\": [], \"next_cursor\": \"same\"}"));

    assertThatThrownBy(() -> source.pull(WINDOW)).hasMessageContaining("repeats an earlier cursor");
    assertThat(hawkeye.received()).hasSize(2);
  }

  @Test
  void settingsRefuseUnknownFieldsAndNeverPrintTheKey() {
    var base = HawkeyeSettings.defaults(java.net.URI.create("https://hawkeye.example"), KEY);
    assertThat(base.toString()).doesNotContain(KEY);
    assertThatThrownBy(
            () ->
                new HawkeyeSettings(
                    base.baseUrl(),
                    KEY,
                    base.path(),
                    base.authHeader(),
                    base.authScheme(),
                    base.queryParams(),
                    base.timeFormat(),
                    base.items(),
                    Map.of("latency", "/l"),
                    base.pagination(),
                    base.cursorParam(),
                    base.nextCursor(),
                    base.pageParam(),
                    base.limitParam(),
                    base.pageSize(),
                    base.maxPages(),
                    base.retry()))
        .hasMessageContaining("unknown field 'latency'");
    assertThatThrownBy(() -> HawkeyeSettings.parsePairs("sources.hawkeye.fields", "pod"))
        .hasMessageContaining("sources.hawkeye.fields must be name=value pairs");
  }
}
