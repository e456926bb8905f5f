package io.driftline.sources.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.driftline.sources.SourceException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SourceHttpTest {
  record Answer(int status, Map<String, String> headers, String body) {}

  private final Deque<Answer> answers = new ArrayDeque<>();
  private final List<Duration> sleeps = new ArrayList<>();
  private HttpServer server;
  private int requests;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          requests++;
          Answer a = answers.isEmpty() ? new Answer(200, Map.of(), "ok") : answers.poll();
          a.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
          byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(a.status(), body.length == 0 ? -1 : body.length);
          if (body.length > 0) exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private SourceHttp http(RetryPolicy policy, Clock clock) {
    return new SourceHttp(
        "test", HttpClient.newHttpClient(), policy, sleeps::add, new SplittableRandom(7), clock);
  }

  private SourceHttp http() {
    return http(RetryPolicy.DEFAULT, Clock.systemUTC());
  }

  private HttpRequest.Builder get(String pathAndQuery) {
    return HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery));
  }

  @Test
  void retriesServerErrorsWithJitteredBackoffThenSucceeds() throws Exception {
    answers.add(new Answer(503, Map.of(), "busy"));
    answers.add(new Answer(502, Map.of(), ""));
    answers.add(new Answer(200, Map.of(), "{\"status\":\"success\"}"));

    assertThat(http().send(get("/x")).body()).isEqualTo("{\"status\":\"success\"}");
    assertThat(requests).isEqualTo(3);
    assertThat(sleeps).hasSize(2);
    assertThat(sleeps.get(0)).isBetween(Duration.ZERO, Duration.ofMillis(200));
    assertThat(sleeps.get(1)).isBetween(Duration.ZERO, Duration.ofMillis(400));
  }

  @Test
  void honoursRetryAfterSecondsAndHttpDate() throws Exception {
    Clock clock = Clock.fixed(Instant.parse("2026-01-15T10:00:00Z"), ZoneOffset.UTC);
    answers.add(new Answer(429, Map.of("Retry-After", "7"), "slow down"));
    answers.add(new Answer(503, Map.of("Retry-After", "Thu, 15 Jan 2026 10:00:30 GMT"), ""));

    http(RetryPolicy.DEFAULT, clock).send(get("/x"));

    assertThat(sleeps).containsExactly(Duration.ofSeconds(7), Duration.ofSeconds(30));
  }

  @Test
  void givesUpWhenTheServerAsksForTooLong() {
    answers.add(new Answer(429, Map.of("Retry-After", "3600"), ""));

    assertThatThrownBy(() -> http().send(get("/x")))
        .isInstanceOf(SourceException.class)
        .hasMessageContaining("429")
        .hasMessageContaining("3600 s");
    assertThat(requests).isEqualTo(1);
  }

  @Test
  void clientErrorsFailAtOnceWithoutTheQueryString() {
    answers.add(new Answer(400, Map.of(), "{\"error\":\"parse error at char 3\"}"));

    assertThatThrownBy(() -> http().send(get("/api?key=SECRET")))
        .isInstanceOf(SourceException.class)
        .hasMessageContaining("test: GET http://127.0.0.1:")
        .hasMessageContaining("answered 400")
        .hasMessageContaining("parse error at char 3")
        .hasMessageNotContaining("SECRET")
        .satisfies(e -> assertThat(((SourceException) e).status()).hasValue(400));
    assertThat(requests).isEqualTo(1);
    assertThat(sleeps).isEmpty();
  }

  @Test
  void stopsAfterMaxAttempts() {
    for (int i = 0; i < 10; i++) answers.add(new Answer(500, Map.of(), "boom"));

    assertThatThrownBy(() -> http().send(get("/x")))
        .hasMessageContaining("answered 500")
        .hasMessageContaining("gave up after 4 tries");
    assertThat(requests).isEqualTo(4);
    assertThat(sleeps).hasSize(3);
  }

  @Test
  void connectionRefusedIsRetriedThenReported() {
    int port = server.getAddress().getPort();
    server.stop(0);

    assertThatThrownBy(
            () -> http().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port))))
        .isInstanceOf(SourceException.class)
        .hasMessageContaining("ConnectException")
        .hasMessageContaining("gave up after 4 tries");
    assertThat(sleeps).hasSize(3);
  }

  @Test
  void backoffGrowsAndIsCapped() {
    RetryPolicy policy =
        new RetryPolicy(
            10,
            Duration.ofMillis(100),
            Duration.ofSeconds(1),
            Duration.ofSeconds(5),
            Duration.ofSeconds(60));
    SplittableRandom random = new SplittableRandom(1);
    long max = 0;
    for (int i = 0; i < 1000; i++) {
      max = Math.max(max, policy.backoff(30, random).toMillis());
      assertThat(policy.backoff(0, random)).isLessThanOrEqualTo(Duration.ofMillis(100));
    }
    assertThat(max).isLessThanOrEqualTo(1000).isGreaterThan(900);
  }
}
