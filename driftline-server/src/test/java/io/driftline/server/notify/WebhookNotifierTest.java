package io.driftline.server.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftline.drift.Severity;
import io.driftline.server.http.Json;
import io.driftline.server.notify.LocalReceiver.Answer;
import io.driftline.sources.http.SourceHttp;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The generic JSON webhook against a local HTTP server. */
class WebhookNotifierTest {
  final LocalReceiver hook = LocalReceiver.start();
  final List<Duration> sleeps = new ArrayList<>();
  final WebhookNotifier notifier =
      new WebhookNotifier(
          new ReceiverHttp(
              new SourceHttp(
                  "webhook",
                  HttpClient.newHttpClient(),
                  SlackNotifierTest.POLICY,
                  sleeps::add,
                  new SplittableRandom(42),
                  Clock.systemUTC()),
              hook.uri("/hooks/driftline"),
              true,
              Map.of("Authorization", "Bearer t0ken")));

  @AfterEach
  void stop() {
    hook.close();
  }

  @Test
  void escalationIsPostedWithTheEventAsTheApiShowsItAndTheAuthorizationHeader() throws Exception {
    var event = TestEvents.open("ev-1", Severity.CRITICAL);
    notifier.send(new Notification(event, Notification.Kind.FIRING, Optional.of(Severity.MINOR)));

    var request = hook.take(Duration.ofSeconds(5));
    assertThat(request.path()).isEqualTo("/hooks/driftline");
    assertThat(request.header("Authorization")).isEqualTo("Bearer t0ken");
    JsonNode body = Json.MAPPER.readTree(request.body());
    assertThat(body.get("status").asText()).isEqualTo("firing");
    assertThat(body.get("previous_severity").asText()).isEqualTo("minor");
    assertThat(body.get("summary").asText())
        .isEqualTo("Latency drift of production/checkout in prod-us-east-1");
    JsonNode e = body.get("event");
    assertThat(e.get("drift_id").asText()).isEqualTo("ev-1");
    assertThat(e.get("drift_category").asText()).isEqualTo("LATENCY_DRIFT");
    assertThat(e.get("severity").asText()).isEqualTo("critical");
    assertThat(e.get("status").asText()).isEqualTo("open");
    assertThat(e.get("start_ts").asText()).isEqualTo("2026-01-12T10:00:00.000Z");
    assertThat(e.get("end_ts").isNull()).isTrue();
  }

  @Test
  void resolutionIsPostedWithStatusResolvedAndTheEndTime() throws Exception {
    var open = TestEvents.open("ev-3", Severity.MAJOR);
    notifier.send(
        new Notification(
            TestEvents.resolved(open, java.time.Instant.parse("2026-01-12T10:30:00Z")),
            Notification.Kind.RESOLVED,
            Optional.of(Severity.MAJOR)));

    JsonNode body = Json.MAPPER.readTree(hook.take(Duration.ofSeconds(5)).body());
    assertThat(body.get("status").asText()).isEqualTo("resolved");
    assertThat(body.get("previous_severity").isNull()).isTrue();
    assertThat(body.get("event").get("status").asText()).isEqualTo("resolved");
    assertThat(body.get("event").get("end_ts").asText()).isEqualTo("2026-01-12T10:30:00.000Z");
  }

  @Test
  void unavailableReceiverIsRetried() throws Exception {
    hook.answer(Answer.of(503, "busy"), Answer.of(502, ""));

    notifier.send(Notification.firing(TestEvents.open("ev-2", Severity.MAJOR)));

    assertThat(hook.drain()).hasSize(3);
    assertThat(sleeps).hasSize(2);
  }
}
