package io.driftline.server.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftline.drift.Severity;
import io.driftline.server.http.Json;
import io.driftline.server.notify.LocalReceiver.Answer;
import io.driftline.sources.SourceException;
import io.driftline.sources.http.RetryPolicy;
import io.driftline.sources.http.SourceHttp;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Slack incoming-webhook delivery against a local server answering the way Slack does. */
class SlackNotifierTest {
  static final String SECRET_PATH = "/services/T0001/B0002/s3cr3tT0k3n";
  static final RetryPolicy POLICY =
      new RetryPolicy(
          4,
          Duration.ofMillis(200),
          Duration.ofSeconds(10),
          Duration.ofSeconds(5),
          Duration.ofSeconds(60));

  final LocalReceiver slack = LocalReceiver.start();
  final List<Duration> sleeps = new ArrayList<>();
  final SlackNotifier notifier =
      new SlackNotifier(
          new ReceiverHttp(
              new SourceHttp(
                  "slack",
                  HttpClient.newHttpClient(),
                  POLICY,
                  sleeps::add,
                  new SplittableRandom(42),
                  Clock.systemUTC()),
              slack.uri(SECRET_PATH),
              true));

  @AfterEach
  void stop() {
    slack.close();
  }

  @Test
  void firingEventIsPostedAsTextAndBlocks() throws Exception {
    notifier.send(Notification.firing(TestEvents.open("ev-1", Severity.CRITICAL)));

    var request = slack.take(Duration.ofSeconds(5));
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo(SECRET_PATH);
    assertThat(request.header("Content-Type")).isEqualTo("application/json");
    JsonNode body = Json.MAPPER.readTree(request.body());
    assertThat(body.get("text").asText())
        .contains("[FIRING CRITICAL] Latency drift of production/checkout in prod-us-east-1");
    JsonNode section = body.get("blocks").get(0);
    assertThat(section.get("type").asText()).isEqualTo("section");
    assertThat(section.get("text").get("type").asText()).isEqualTo("mrkdwn");
    assertThat(section.get("text").get("text").asText())
        .contains("latency_p95_ms")
        .contains("Probable cause: config change chg-42");
    assertThat(body.get("blocks").get(1).get("elements").get(0).get("text").asText())
        .contains("`ev-1`");
    assertThat(sleeps).isEmpty();
  }

  @Test
  void resolvedEventSaysResolved() throws Exception {
    var open = TestEvents.open("ev-2", Severity.MAJOR);
    notifier.send(
        Notification.resolved(TestEvents.resolved(open, Instant.parse("2026-01-12T11:00:00Z"))));

    JsonNode body = Json.MAPPER.readTree(slack.take(Duration.ofSeconds(5)).body());
    assertThat(body.get("text").asText()).startsWith(":white_check_mark: [RESOLVED MAJOR]");
    assertThat(body.get("blocks").get(0).get("text").get("text").asText())
        .contains("Resolved, ended 2026-01-12T11:00:00Z, by driftline.");
  }

  @Test
  void noServiceFailsAtOnceAndTheMessageHidesTheWebhookPath() {
    slack.answer(Answer.of(404, "no_service"));

    assertThatThrownBy(
            () -> notifier.send(Notification.firing(TestEvents.open("ev-3", Severity.MINOR))))
        .isInstanceOf(SourceException.class)
        .hasMessageContaining("404")
        .hasMessageContaining("no_service")
        .hasMessageContaining("/***")
        .hasMessageNotContaining("s3cr3tT0k3n")
        .hasMessageNotContaining("T0001");
    assertThat(slack.drain()).hasSize(1);
    assertThat(sleeps).isEmpty();
  }

  @Test
  void rateLimitedRequestWaitsForRetryAfterThenSucceeds() throws Exception {
    slack.answer(new Answer(429, "rate_limited", Map.of("Retry-After", "7")));

    notifier.send(Notification.firing(TestEvents.open("ev-4", Severity.MAJOR)));

    assertThat(slack.drain()).hasSize(2);
    assertThat(sleeps).containsExactly(Duration.ofSeconds(7));
  }

  @Test
  void serverErrorsAreRetriedWithBackoffThenGiveUpWithoutTheSecret() {
    for (int i = 0; i < 4; i++) slack.answer(Answer.of(500, "rollup_error"));

    assertThatThrownBy(
            () -> notifier.send(Notification.firing(TestEvents.open("ev-5", Severity.MAJOR))))
        .isInstanceOf(SourceException.class)
        .hasMessageContaining("gave up after 4 tries")
        .hasMessageNotContaining("s3cr3tT0k3n");
    assertThat(slack.drain()).hasSize(4);
    assertThat(sleeps).hasSize(3);
    // full jitter: each wait within [0, min(10 s, 200 ms * 2^retry)]
    for (int retry = 0; retry < 3; retry++) {
      assertThat(sleeps.get(retry)).isLessThanOrEqualTo(Duration.ofMillis(200L << retry));
    }
  }

  @Test
  void unreachableSlackFailsWithoutTheSecret() {
    slack.close();
    assertThatThrownBy(
            () -> notifier.send(Notification.firing(TestEvents.open("ev-6", Severity.MAJOR))))
        .isInstanceOf(SourceException.class)
        .hasMessageContaining("ConnectException")
        .hasMessageNotContaining("s3cr3tT0k3n");
  }

  @Test
  void mrkdwnControlCharactersAreEscaped() {
    assertThat(SlackNotifier.escape("a<b>&c")).isEqualTo("a&lt;b&gt;&amp;c");
  }
}
