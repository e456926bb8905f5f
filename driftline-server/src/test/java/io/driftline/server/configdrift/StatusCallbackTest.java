package io.driftline.server.configdrift;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.config.Provision;
import io.driftline.server.provision.StatusCallback;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StatusCallbackTest {
  static final Provision READY =
      new Provision(
          "deploy-abc123",
          "database",
          "postgresql",
          "15",
          "medium",
          1,
          "team-platform",
          "postgres-app-db",
          "Ready",
          "Database is running and healthy",
          0,
          0);

  @Test
  void serverErrorsAreRetriedUntilAccepted() throws Exception {
    try (var receiver = new CallbackReceiver();
        var callback =
            new StatusCallback(
                Optional.of(receiver.url()),
                5,
                Duration.ofMillis(5),
                Clock.fixed(Instant.parse("2025-10-03T09:30:00Z"), ZoneOffset.UTC))) {
      receiver.failNext(2);

      int status = callback.send(READY).get();

      assertThat(status).isEqualTo(204);
      assertThat(receiver.attempts.get()).isEqualTo(3);
      var body = receiver.next();
      assertThat(body.get("deploymentId").asText()).isEqualTo("deploy-abc123");
      assertThat(body.get("status").asText()).isEqualTo("Ready");
      assertThat(body.get("endpoint").asText())
          .isEqualTo("postgres-app-db.team-platform.svc.cluster.local");
      assertThat(body.get("timestamp").asText()).isEqualTo("2025-10-03T09:30:00.000Z");
    }
  }

  @Test
  void givesUpAfterTheConfiguredAttempts() throws Exception {
    try (var receiver = new CallbackReceiver();
        var callback =
            new StatusCallback(
                Optional.of(receiver.url()), 2, Duration.ofMillis(5), Clock.systemUTC())) {
      receiver.failNext(10);

      assertThat(callback.send(READY).get()).isEqualTo(503);
      assertThat(receiver.attempts.get()).isEqualTo(2);
    }
  }
}
