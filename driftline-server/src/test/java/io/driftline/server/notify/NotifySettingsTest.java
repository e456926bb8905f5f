package io.driftline.server.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftline.drift.DriftCategory;
import io.driftline.drift.Severity;
import io.driftline.server.config.ConfigException;
import io.driftline.server.config.ConfigLoader;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The notify.* keys: defaults, routes, and errors that name the key but never a secret URL. */
class NotifySettingsTest {
  static final String SLACK = "https://hooks.slack.com/services/T0/B0/s3cr3t";

  static NotifySettings load(Map<String, String> env) {
    return ConfigLoader.load(Optional.empty(), env, Map.of()).alerting();
  }

  @Test
  void byDefaultNoReceiverIsOn() {
    var s = load(Map.of());
    assertThat(s.anyReceiver()).isFalse();
    assertThat(s.alertmanagerResendInterval()).isEqualTo(Duration.ofMinutes(1));
    assertThat(s.reconcileInterval()).isEqualTo(Duration.ofMinutes(5));
    assertThat(s.queueCapacity()).isEqualTo(1000);
  }

  @Test
  void receiversAndRoutesComeFromTheEnvironment() {
    var s =
        load(
            Map.of(
                "DRIFTLINE_NOTIFY_ALERTMANAGER_URL", "http://127.0.0.1:9093",
                "DRIFTLINE_NOTIFY_ALERTMANAGER_MIN_SEVERITY", "Major",
                "DRIFTLINE_NOTIFY_ALERTMANAGER_CATEGORIES", "latency_drift, CAPACITY_RISK",
                "DRIFTLINE_NOTIFY_SLACK_WEBHOOK_URL", SLACK));
    var am = s.alertmanager().orElseThrow();
    assertThat(am.route().minSeverity()).isEqualTo(Severity.MAJOR);
    assertThat(am.route().categories())
        .isEqualTo(Set.of(DriftCategory.LATENCY_DRIFT, DriftCategory.CAPACITY_RISK));
    assertThat(s.slack().orElseThrow().route()).isEqualTo(NotificationRoute.EVERYTHING);
    assertThat(s.webhook()).isEmpty();
    assertThat(s.toString()).doesNotContain("s3cr3t").contains("hooks.slack.com");
  }

  @Test
  void aBadUrlIsRefusedWithoutEchoingIt() {
    assertThatThrownBy(
            () -> load(Map.of("DRIFTLINE_NOTIFY_SLACK_WEBHOOK_URL", "hooks.slack.com/s3cr3t")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("notify.slack.webhook_url must be an absolute http")
        .hasMessageNotContaining("s3cr3t");
  }

  @Test
  void unknownSeverityOrCategoryNamesTheKeyEvenWhileTheReceiverIsOff() {
    assertThatThrownBy(() -> load(Map.of("DRIFTLINE_NOTIFY_WEBHOOK_MIN_SEVERITY", "urgent")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("notify.webhook.min_severity")
        .hasMessageContaining("urgent")
        .hasMessageContaining("minor");
    assertThatThrownBy(() -> load(Map.of("DRIFTLINE_NOTIFY_SLACK_CATEGORIES", "LATENCY,IO_DRIFT")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("notify.slack.categories")
        .hasMessageContaining("'LATENCY'");
  }

  @Test
  void nonPositiveNumbersAndDurationsAreRefused() {
    assertThatThrownBy(() -> load(Map.of("DRIFTLINE_NOTIFY_QUEUE_CAPACITY", "0")))
        .hasMessageContaining("notify.queue_capacity must be a whole number > 0");
    assertThatThrownBy(() -> load(Map.of("DRIFTLINE_NOTIFY_ALERTMANAGER_RESEND_INTERVAL", "soon")))
        .hasMessageContaining("notify.alertmanager.resend_interval must be a duration");
  }
}
