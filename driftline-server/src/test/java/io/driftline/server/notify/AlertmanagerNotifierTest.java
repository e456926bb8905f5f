package io.driftline.server.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftline.drift.Severity;
import io.driftline.server.MutableClock;
import io.driftline.sources.http.SourceHttp;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against a real Alertmanager 0.25 (Debian package prometheus-alertmanager) on loopback: alerts are
 * read back from its {@code GET /api/v2/alerts}, and its own webhook receiver shows that it routes
 * the firing alert and, after {@code endsAt}, the resolution, as the route in docs/alerting.md
 * does.
 */
class AlertmanagerNotifierTest {
  static final Duration RESEND = Duration.ofMinutes(1);

  @TempDir static Path dir;
  static LocalAlertmanager alertmanager;

  final HttpClient http = HttpClient.newHttpClient();
  // Alertmanager judges endsAt by its wall clock, so this clock starts at the real time
  final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
  final List<Duration> sleeps = new ArrayList<>();
  final AlertmanagerNotifier notifier =
      new AlertmanagerNotifier(
          new ReceiverHttp(
              new SourceHttp(
                  "alertmanager",
                  http,
                  SlackNotifierTest.POLICY,
                  sleeps::add,
                  new SplittableRandom(42),
                  clock),
              AlertmanagerNotifier.endpoint(alertmanager.base()),
              false),
          clock,
          RESEND);

  @BeforeAll
  static void startAlertmanager() throws Exception {
    alertmanager = LocalAlertmanager.start(dir);
  }

  @AfterAll
  static void stopAlertmanager() throws Exception {
    if (alertmanager != null) alertmanager.close();
  }

  JsonNode alertsOf(String eventId) throws Exception {
    return alertmanager.alertsOf(eventId);
  }

  JsonNode routed(String eventId) throws Exception {
    return alertmanager.routed(eventId);
  }

  @Test
  void firingAlertIsStoredWithLabelsAndAnnotationsRoutedAndResolvedByEndsAt() throws Exception {
    var event = TestEvents.open("am-1", Severity.CRITICAL);
    notifier.send(Notification.firing(event));

    JsonNode alerts = alertsOf("am-1");
    assertThat(alerts).hasSize(1);
    JsonNode alert = alerts.get(0);
    JsonNode labels = alert.get("labels");
    assertThat(labels.get("alertname").asText()).isEqualTo("LatencyDrift");
    assertThat(labels.get("category").asText()).isEqualTo("LATENCY_DRIFT");
    assertThat(labels.get("severity").asText()).isEqualTo("critical");
    assertThat(labels.get("cluster").asText()).isEqualTo("prod-us-east-1");
    assertThat(labels.get("namespace").asText()).isEqualTo("production");
    assertThat(labels.get("workload").asText()).isEqualTo("checkout");
    assertThat(labels.get("env").asText()).isEqualTo("prod");
    assertThat(labels.get("source").asText()).isEqualTo("driftline");
    assertThat(alert.get("annotations").get("summary").asText())
        .isEqualTo("Latency drift of production/checkout in prod-us-east-1");
    assertThat(alert.get("annotations").get("description").asText()).contains("latency_p95_ms");
    assertThat(alert.get("status").get("state").asText()).isEqualTo("active");
    assertThat(Instant.parse(alert.get("startsAt").asText()))
        .isEqualTo(Instant.parse("2026-01-12T10:00:00Z"));
    assertThat(Instant.parse(alert.get("endsAt").asText()))
        .isEqualTo(clock.instant().plus(RESEND.multipliedBy(4)));

    JsonNode firing = routed("am-1");
    assertThat(firing.get("status").asText()).isEqualTo("firing");
    assertThat(firing.get("alerts").get(0).get("labels").get("severity").asText())
        .isEqualTo("critical");

    notifier.send(
        new Notification(
            TestEvents.resolved(event, clock.instant()),
            Notification.Kind.RESOLVED,
            Optional.of(Severity.CRITICAL)));

    assertThat(alertsOf("am-1")).isEmpty();
    JsonNode resolved = routed("am-1");
    assertThat(resolved.get("status").asText()).isEqualTo("resolved");
    assertThat(Instant.parse(resolved.get("alerts").get(0).get("endsAt").asText()))
        .isEqualTo(clock.instant());
    assertThat(sleeps).isEmpty();
  }

  @Test
  void aHigherSeverityReplacesTheAlertOfTheOldSeverity() throws Exception {
    var minor = TestEvents.open("am-2", Severity.MINOR);
    notifier.send(Notification.firing(minor));
    notifier.send(
        new Notification(
            TestEvents.escalated(minor, Severity.MAJOR),
            Notification.Kind.FIRING,
            Optional.of(Severity.MINOR)));

    JsonNode alerts = alertsOf("am-2");
    assertThat(alerts).hasSize(1);
    assertThat(alerts.get(0).get("labels").get("severity").asText()).isEqualTo("major");
  }

  @Test
  void refreshKeepsTheAlertActiveByMovingEndsAt() throws Exception {
    var event = TestEvents.open("am-3", Severity.MAJOR);
    notifier.send(Notification.firing(event));
    Instant first = Instant.parse(alertsOf("am-3").get(0).get("endsAt").asText());

    clock.advance(RESEND);
    notifier.refresh(List.of(Notification.firing(event)));

    JsonNode alerts = alertsOf("am-3");
    assertThat(alerts).hasSize(1);
    assertThat(Instant.parse(alerts.get(0).get("endsAt").asText())).isEqualTo(first.plus(RESEND));
  }
}
