package io.driftline.server.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.server.TestServer;
import io.driftline.server.telemetry.TelemetryDecoder;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LoadGeneratorTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  private static LoadPlan plan(
      TestServer server, LoadPlan.Mode mode, double rate, LoadPlan.Client client) {
    return new LoadPlan(
        server == null
            ? java.net.URI.create("http://127.0.0.1:1/")
            : server.uri(mode.defaultPath()),
        mode,
        50,
        20,
        rate,
        2,
        Duration.ofMillis(500),
        Duration.ZERO,
        Duration.ofSeconds(10),
        7,
        client);
  }

  @Test
  void payloadsAreValidTelemetryAndRepeatWithTheSeed() {
    var decoder =
        new TelemetryDecoder(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(5), 100_000);
    var batch = plan(null, LoadPlan.Mode.BATCH, 0, LoadPlan.Client.SOCKET);
    var ndjson = plan(null, LoadPlan.Mode.NDJSON, 0, LoadPlan.Client.SOCKET);

    assertThat(decoder.decodeArray(new TelemetryPayloads(batch, 1).next(NOW.toEpochMilli())))
        .hasSize(50)
        .allSatisfy(r -> assertThat(r.samples()).hasSize(TelemetryPayloads.SAMPLES_PER_ITEM));
    assertThat(decoder.decodeNdjson(new TelemetryPayloads(ndjson, 1).next(NOW.toEpochMilli())))
        .hasSize(50);
    assertThat(new TelemetryPayloads(batch, 1).next(0))
        .isEqualTo(new TelemetryPayloads(batch, 1).next(0));
    // the timestamp to the millisecond, in every body of a reused buffer
    var payloads = new TelemetryPayloads(batch, 3);
    for (long millis : new long[] {0, 7, 123, 999, 1_000}) {
      assertThat(decoder.decodeArray(payloads.next(NOW.toEpochMilli() + millis)))
          .allSatisfy(r -> assertThat(r.timestamp()).isEqualTo(NOW.plusMillis(millis)));
    }
    assertThat(new TelemetryPayloads(batch, 1).next(0))
        .isNotEqualTo(new TelemetryPayloads(batch, 2).next(0));
  }

  @Test
  void everyAcceptedRequestIsCountedAndStored() throws Exception {
    for (LoadPlan.Client client : LoadPlan.Client.values()) {
      try (var server = TestServer.memory()) {
        server.clock.advance(Duration.between(TestServer.START, Instant.now()));
        var report = new LoadGenerator(plan(server, LoadPlan.Mode.BATCH, 0, client), quiet()).run();

        assertThat(report.errors()).as("%s client", client).isEmpty();
        assertThat(report.statuses()).as("%s client", client).containsOnlyKeys("202");
        assertThat(report.requests()).isPositive();
        assertThat(report.toJson())
            .as("closed loop: no intended times")
            .doesNotContainKey("send_lag_ms");
        assertThat(server.storedSamples()).isEqualTo(report.requests() * 50 * 2);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = LoadPlan.Client.class,
      names = {"NIO", "SOCKET"})
  void theWarmUpIsSentButNotCounted(LoadPlan.Client client) throws Exception {
    try (var server = TestServer.memory()) {
      server.clock.advance(Duration.between(TestServer.START, Instant.now()));
      LoadPlan base = plan(server, LoadPlan.Mode.SINGLE, 40, client);
      var plan =
          new LoadPlan(
              base.target(),
              base.mode(),
              base.batchSize(),
              base.series(),
              base.rate(),
              base.connections(),
              base.duration(),
              Duration.ofMillis(500),
              base.timeout(),
              base.seed(),
              base.client());

      var report = new LoadGenerator(plan, quiet()).run();

      // 40 req/s: 20 intended send times in the warm-up, 20 measured
      assertThat(report.requests() + report.unsent()).isEqualTo(20);
      assertThat(report.statuses()).containsOnlyKeys("202");
      assertThat(server.storedSamples()).isEqualTo(2 * (40 - report.unsent()));
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = LoadPlan.Client.class,
      names = {"NIO", "SOCKET"})
  void openLoopSendsAtTheIntendedRate(LoadPlan.Client client) throws Exception {
    try (var server = TestServer.memory()) {
      var report = new LoadGenerator(plan(server, LoadPlan.Mode.GET, 40, client), quiet()).run();

      // 40 req/s for 0.5 s: 20 intended send times, all before the end
      assertThat(report.requests() + report.unsent()).isEqualTo(20);
      assertThat(report.toJson())
          .containsKeys("requests_per_second", "latency_ms", "status_codes", "send_lag_ms");
      // every request leaves at or after its intended time, and the lag is part of the latency
      assertThat(report.sendLag().p50()).isBetween(0.0, report.p50());
      assertThat(report.sendLag().max()).isLessThanOrEqualTo(report.max());
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = LoadPlan.Client.class,
      names = {"NIO", "SOCKET"})
  void refusedConnectionsAreCountedAndTheRunGoesOn(LoadPlan.Client client) throws Exception {
    int port;
    try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    var plan =
        new LoadPlan(
            java.net.URI.create("http://127.0.0.1:" + port + "/health/live"),
            LoadPlan.Mode.GET,
            1,
            1,
            0,
            1,
            Duration.ofMillis(200),
            Duration.ZERO,
            Duration.ofSeconds(1),
            7,
            client);

    var report = new LoadGenerator(plan, quiet()).run();

    assertThat(report.requests()).isZero();
    assertThat(report.errors().values().stream().mapToLong(Long::longValue).sum()).isGreaterThan(1);
    assertThat(report.clean()).isFalse();
  }

  private static PrintStream quiet() {
    return new PrintStream(OutputStream.nullOutputStream());
  }
}
