package io.driftline.sources.newrelic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftline.sources.LoopbackServer;
import io.driftline.sources.LoopbackServer.Received;
import io.driftline.sources.LoopbackServer.Reply;
import io.driftline.sources.PullRequest;
import io.driftline.sources.SourceException;
import io.driftline.sources.http.RetryPolicy;
import io.driftline.sources.http.SourceHttp;
import io.driftline.workload.PodMetric;
import io.driftline.workload.PodSignal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Against a loopback server answering in NerdGraph's documented shapes: {@code {"data": {"actor":
 * {"account": {"nrql": {"results": [...]}}}}}}, GraphQL {@code errors} with {@code
 * extensions.errorClass} on HTTP 200, 401 for a bad key, 429 with {@code Retry-After}.
 */
class NewRelicSourceTest {
  static final String KEY = "NRAK-TESTKEY0123456789";
  static final long ACCOUNT = 1234567;
  static final Instant START = Instant.parse("2026-01-12T10:00:00Z");
  static final ObjectMapper JSON = new ObjectMapper();
  static final Pattern SINCE =
      Pattern.compile("SINCE (\\d+) UNTIL (\\d+) TIMESERIES 1 minutes LIMIT MAX$");

  final List<Duration> sleeps = new ArrayList<>();
  LoopbackServer nerdgraph;

  @AfterEach
  void stop() {
    if (nerdgraph != null) nerdgraph.close();
  }

  static JsonNode body(Received r) {
    try {
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String nrql(Received r) {
    return body(r).path("variables").path("nrql").asText();
  }

  static long[] window(Received r) {
    Matcher m = SINCE.matcher(nrql(r));
    assertThat(m.find()).as(nrql(r)).isTrue();
    return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
  }

  static Reply results(String rows) {
    return Reply.json(
        "{\"data\":{\"actor\":{\"account\":{\"nrql\":{\"results\":[" + rows + "]}}}}}");
  }

  static String row(long beginSeconds, String facets, String value) {
    return "{\"beginTimeSeconds\":%d,\"endTimeSeconds\":%d,\"facet\":[%s],\"value\":%s}"
        .formatted(beginSeconds, beginSeconds + 60, facets, value);
  }

  static Reply error(String message, String errorClass) {
    return Reply.json(
        """
        {"data": {"actor": {"account": {"nrql": null}}},
         "errors": [{"message": "%s", "path": ["actor", "account", "nrql"],
                     "extensions": {"errorClass": "%s"}}]}"""
            .formatted(message, errorClass));
  }

  NewRelicSource source(Map<PodSignal, String> queries, Function<Received, Reply> answer) {
    nerdgraph = new LoopbackServer(answer);
    var policy =
        new RetryPolicy(
            3,
            Duration.ofMillis(100),
            Duration.ofSeconds(1),
            Duration.ofSeconds(5),
            Duration.ofSeconds(30));
    var settings =
        new NewRelicSettings(
            KEY, ACCOUNT, nerdgraph.uri("/graphql"), Duration.ofMinutes(1), policy, queries);
    var http =
        new SourceHttp(
            "newrelic",
            HttpClient.newHttpClient(),
            policy,
            sleeps::add,
            new SplittableRandom(7),
            Clock.fixed(START, ZoneOffset.UTC));
    return NewRelicSource.create(settings, http, sleeps::add);
  }

  static Map<PodSignal, String> only(PodSignal... signals) {
    Map<PodSignal, String> q = new EnumMap<>(PodSignal.class);
    for (PodSignal s : signals) q.put(s, NewRelicSettings.DEFAULT_QUERIES.get(s));
    return q;
  }

  static PullRequest window(Duration length, String... namespaces) {
    return new PullRequest("prod-eu", START, START.plus(length), List.of(namespaces));
  }

  @Test
  void eachSignalsQueryBecomesPodMetricValuesAndContainersAreSummedPerPod() throws Exception {
    long t = START.getEpochSecond();
    var source =
        source(
            only(PodSignal.LATENCY_P95_MS, PodSignal.CPU_CORES),
            r -> {
              if (!KEY.equals(r.header("API-Key"))) return new Reply(401, Map.of(), "{}");
              if (nrql(r).contains("percentile(duration, 95)")) {
                return results(
                    row(t, "\"shop\",\"checkout-abc\",\"checkout\"", "{\"95\": 120.5}")
                        + ","
                        + row(t + 60, "\"shop\",\"checkout-abc\",\"checkout\"", "130.0")
                        + ","
                        + row(t, "\"kube-system\",\"coredns-1\",\"coredns\"", "3")
                        + ","
                        + row(t + 120, "\"shop\",\"checkout-abc\",\"checkout\"", "null"));
              }
              return results(
                  row(t, "\"shop\",\"checkout-abc\",\"checkout\",\"app\"", "0.25")
                      + ","
                      + row(t, "\"shop\",\"checkout-abc\",\"checkout\",\"istio-proxy\"", "0.05"));
            });

    List<PodMetric> metrics = source.pull(window(Duration.ofMinutes(3), "shop")).podMetrics();

    assertThat(metrics).hasSize(2);
    PodMetric first = metrics.getFirst();
    assertThat(first.clusterId()).isEqualTo("prod-eu");
    assertThat(first.namespace()).isEqualTo("shop");
    assertThat(first.podName()).isEqualTo("checkout-abc");
    assertThat(first.workloadName()).isEqualTo("checkout");
    assertThat(first.epochMillis()).isEqualTo(START.toEpochMilli());
    assertThat(first.value(PodSignal.LATENCY_P95_MS)).contains(120.5);
    assertThat(first.value(PodSignal.CPU_CORES).orElseThrow())
        .isEqualTo(0.30, org.assertj.core.api.Assertions.within(1e-12));
    assertThat(metrics.get(1).value(PodSignal.LATENCY_P95_MS)).contains(130.0);

    Received request = nerdgraph.received().getFirst();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/graphql");
    assertThat(body(request).path("query").asText()).contains("nrql(query: $nrql");
    assertThat(body(request).path("variables").path("accountId").asLong()).isEqualTo(ACCOUNT);
    assertThat(nrql(request))
        .startsWith("SELECT percentile(duration, 95) * 1000 AS value FROM Transaction")
        .contains("clusterName = 'prod-eu'")
        .endsWith(
            " SINCE "
                + START.toEpochMilli()
                + " UNTIL "
                + START.plusSeconds(180).toEpochMilli()
                + " TIMESERIES 1 minutes LIMIT MAX");
  }

  @Test
  void aWindowOverTheBucketLimitIsReadInChunksOf366Buckets() throws Exception {
    var source = source(only(PodSignal.THROUGHPUT_RPS), r -> results(""));

    source.pull(window(Duration.ofHours(13))); // 780 one-minute buckets

    List<long[]> windows = nerdgraph.received().stream().map(NewRelicSourceTest::window).toList();
    long chunk = 366 * 60_000L;
    long start = START.toEpochMilli();
    long end = START.plus(Duration.ofHours(13)).toEpochMilli();
    assertThat(windows)
        .containsExactly(
            new long[] {start, start + chunk},
            new long[] {start + chunk, start + 2 * chunk},
            new long[] {start + 2 * chunk, end});
  }

  @Test
  void anNrqlSyntaxErrorFailsAtOnceWithNerdGraphsMessageAndNoKey() {
    var source =
        source(
            only(PodSignal.THROUGHPUT_RPS),
            r ->
                error(
                    "NRQL Syntax Error: Error at line 1 position 8, unexpected 'FROM'",
                    "INVALID_INPUT"));

    assertThatThrownBy(() -> source.pull(window(Duration.ofMinutes(5))))
        .isInstanceOf(SourceException.class)
        .hasMessageContaining("unexpected 'FROM'")
        .hasMessageContaining("errorClass INVALID_INPUT")
        .hasMessageContaining(Long.toString(ACCOUNT))
        .hasMessageNotContaining(KEY);
    assertThat(nerdgraph.received()).hasSize(1);
  }

  @Test
  void aRejectedKeyNamesTheSettingButNeverTheKey() {
    var source =
        source(
            only(PodSignal.THROUGHPUT_RPS),
            r ->
                new Reply(
                    401,
                    Map.of("Content-Type", "application/json"),
                    "{\"errors\":[{\"message\":\"Invalid API key\",\"extensions\":{\"error_code\":\"BAD_API_KEY\"}}]}"));

    assertThatThrownBy(() -> source.pull(window(Duration.ofMinutes(5))))
        .isInstanceOf(SourceException.class)
        .hasMessageContaining("HTTP 401")
        .hasMessageContaining("NEWRELIC_API_KEY")
        .hasMessageNotContaining(KEY)
        .satisfies(e -> assertThat(((SourceException) e).status()).hasValue(401));
  }

  @Test
  void http429IsRetriedAfterTheDelayNerdGraphAsksFor() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    long t = START.getEpochSecond();
    var source =
        source(
            only(PodSignal.THROUGHPUT_RPS),
            r ->
                calls.getAndIncrement() == 0
                    ? new Reply(429, Map.of("Retry-After", "7"), "")
                    : results(row(t, "\"shop\",\"api-1\",\"api\"", "12.5")));

    var metrics = source.pull(window(Duration.ofMinutes(1))).podMetrics();

    assertThat(sleeps).containsExactly(Duration.ofSeconds(7));
    assertThat(metrics)
        .singleElement()
        .satisfies(m -> assertThat(m.value(PodSignal.THROUGHPUT_RPS)).contains(12.5));
  }

  @Test
  void aServerErrorClassIsRetriedWithBackoff() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    var source =
        source(
            only(PodSignal.THROUGHPUT_RPS),
            r ->
                calls.getAndIncrement() == 0
                    ? error("Internal error", "INTERNAL_SERVER_ERROR")
                    : results(""));

    source.pull(window(Duration.ofMinutes(1)));

    assertThat(nerdgraph.received()).hasSize(2);
    assertThat(sleeps).hasSize(1);
  }

  @Test
  void aTimedOutQueryIsSplitIntoHalvesOfItsWindow() throws Exception {
    long start = START.toEpochMilli();
    var source =
        source(
            only(PodSignal.THROUGHPUT_RPS),
            r -> {
              long[] w = window(r);
              return w[1] - w[0] > 2 * 60_000
                  ? error("NRDB query timed out", "TIMEOUT")
                  : results("");
            });

    source.pull(window(Duration.ofMinutes(8)));

    assertThat(nerdgraph.received().stream().map(NewRelicSourceTest::window).toList())
        .containsExactly(
            new long[] {start, start + 8 * 60_000},
            new long[] {start, start + 4 * 60_000},
            new long[] {start, start + 2 * 60_000},
            new long[] {start + 2 * 60_000, start + 4 * 60_000},
            new long[] {start + 4 * 60_000, start + 8 * 60_000},
            new long[] {start + 4 * 60_000, start + 6 * 60_000},
            new long[] {start + 6 * 60_000, start + 8 * 60_000});
  }

  @Test
  void aTimeoutOverASingleBucketFails() {
    var source =
        source(only(PodSignal.THROUGHPUT_RPS), r -> error("NRDB query timed out", "TIMEOUT"));

    assertThatThrownBy(() -> source.pull(window(Duration.ofMinutes(1))))
        .isInstanceOf(SourceException.class)
        .hasMessageContaining("timed out")
        .hasMessageContaining("throughput_rps");
  }

  @Test
  void aDeprecationNoticeBesideDataIsNotAnError() throws Exception {
    long t = START.getEpochSecond();
    var source =
        source(
            only(PodSignal.THROUGHPUT_RPS),
            r ->
                Reply.json(
                    "{\"data\":{\"actor\":{\"account\":{\"nrql\":{\"results\":["
                        + row(t, "\"shop\",\"api-1\",\"api\"", "1")
                        + "]}}}},\"errors\":[{\"message\":\"This field is deprecated! Use x.\"}]}"));

    assertThat(source.pull(window(Duration.ofMinutes(1))).podMetrics()).hasSize(1);
  }

  @Test
  void settingsRefuseAMissingKeyAndNeverPrintIt() {
    var policy = RetryPolicy.DEFAULT;
    assertThatThrownBy(
            () ->
                new NewRelicSettings(
                    "",
                    ACCOUNT,
                    NewRelicSettings.US_ENDPOINT,
                    Duration.ofMinutes(1),
                    policy,
                    only(PodSignal.CPU_CORES)))
        .hasMessageContaining("NEWRELIC_API_KEY");
    var settings =
        new NewRelicSettings(
            KEY,
            ACCOUNT,
            NewRelicSettings.regionEndpoint("EU"),
            Duration.ofMinutes(1),
            policy,
            only(PodSignal.CPU_CORES));
    assertThat(settings.toString()).doesNotContain(KEY).contains("api.eu.newrelic.com");
    assertThatThrownBy(() -> NewRelicSettings.regionEndpoint("asia"))
        .hasMessageContaining("us or eu");
  }

  @Test
  void theClusterIdIsQuotedForNrqlSoItCannotEndTheStringLiteral() throws Exception {
    var source = source(only(PodSignal.THROUGHPUT_RPS), r -> results(""));

    source.pull(new PullRequest("it's-prod", START, START.plusSeconds(60), List.of()));

    assertThat(nrql(nerdgraph.received().getFirst())).contains("clusterName = 'it\\'s-prod'");
  }
}
