package io.driftline.server.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftline.server.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /api/v1/forecasts} on samples stored through the real ingest path. */
class ForecastApiTest {
  TestServer server;

  @BeforeEach
  void start() {
    server = TestServer.memory();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** Six days of a daily CPU cycle between 2 and 6 cores, two samples an hour, before START. */
  private void storeSixDays() {
    List<String> items = new ArrayList<>();
    Instant from = TestServer.START.minus(Duration.ofDays(6));
    for (int half = 0; half < 6 * 48; half++) {
      Instant ts = from.plus(Duration.ofMinutes(30L * half));
      double hour = half / 2.0;
      double cpu = 4 + 2 * Math.sin(2 * Math.PI * hour / 24);
      items.add(
          "{\"service_id\": \"web\", \"metrics\": {\"cpu\": %.4f}, \"timestamp\": \"%s\"}"
              .formatted(cpu, ts));
    }
    var reply = server.postJson("/v1/telemetry/batch", "[" + String.join(",", items) + "]");
    assertThat(reply.status()).as(reply.text()).isEqualTo(202);
    server.sync();
  }

  @Test
  void forecastsTheDailyCycleWithIntervalsAndTheModelUsed() {
    storeSixDays();
    var reply = server.get("/api/v1/forecasts?service=web&metric=cpu&interval=hourly&horizon=24");
    assertThat(reply.status()).as(reply.text()).isEqualTo(200);
    JsonNode body = reply.json();
    assertThat(body.get("model").asText()).startsWith("ensemble(");
    assertThat(body.get("history_points").asInt()).isEqualTo(6 * 24);
    assertThat(body.get("backtest").get("mase").asDouble()).isLessThan(0.5);
    assertThat(body.get("cached").asBoolean()).isFalse();
    JsonNode points = body.get("points");
    assertThat(points).hasSize(24);
    assertThat(points.get(0).get("timestamp").asText()).isEqualTo("2026-01-12T11:00:00.000Z");
    for (int i = 0; i < 24; i++) {
      JsonNode p = points.get(i);
      // the hourly mean of the two samples of hour h is about the cycle at h + 0.25
      // the first point is the hour from 11:00: the current hour (10:00-11:00) has no sample yet,
      // it is forecast too and not shown
      double expected = 4 + 2 * Math.sin(2 * Math.PI * (6 * 24 + 1 + i + 0.25) / 24);
      assertThat(p.get("value").asDouble())
          .isCloseTo(expected, org.assertj.core.data.Offset.offset(0.3));
      assertThat(p.get("lower_95").asDouble()).isLessThanOrEqualTo(p.get("lower_80").asDouble());
      assertThat(p.get("lower_80").asDouble()).isLessThanOrEqualTo(p.get("value").asDouble());
      assertThat(p.get("upper_80").asDouble()).isGreaterThanOrEqualTo(p.get("value").asDouble());
      assertThat(p.get("upper_95").asDouble()).isGreaterThanOrEqualTo(p.get("upper_80").asDouble());
    }
  }

  @Test
  void answersAreCachedUntilTheNextStepBegins() {
    storeSixDays();
    String path = "/api/v1/forecasts?service=web&metric=cpu&horizon=12";
    assertThat(server.get(path).json().get("cached").asBoolean()).isFalse();
    assertThat(server.get(path).json().get("cached").asBoolean()).isTrue();
    server.clock.advance(Duration.ofMinutes(59));
    assertThat(server.get(path).json().get("cached").asBoolean()).isTrue();
    server.clock.advance(Duration.ofMinutes(2));
    var next = server.get(path).json();
    assertThat(next.get("cached").asBoolean()).isFalse();
    assertThat(next.get("points").get(0).get("timestamp").asText())
        .isEqualTo("2026-01-12T12:00:00.000Z");
  }

  @Test
  void dailyIntervalAggregatesAndFallsBackOnShortHistory() {
    storeSixDays();
    var reply = server.get("/api/v1/forecasts?service=web&metric=cpu&interval=daily&horizon=7");
    assertThat(reply.status()).as(reply.text()).isEqualTo(200);
    JsonNode body = reply.json();
    assertThat(body.get("interval").asText()).isEqualTo("daily");
    // whole days before today: 7 to 11 January (the 6th from 10:00 and today are partial)
    assertThat(body.get("history_points").asInt()).isEqualTo(5);
    assertThat(body.get("points").get(0).get("timestamp").asText())
        .isEqualTo("2026-01-12T00:00:00.000Z");
    assertThat(body.get("points")).hasSize(7);
    assertThat(body.get("points").get(0).get("value").asDouble()).isBetween(3.5, 4.5);
    assertThat(body.get("fallback_reason").asText()).contains("failed");
  }

  @Test
  void badParametersAre400sAndAnUnknownSeriesIs404() {
    var missing = server.get("/api/v1/forecasts?metric=cpu");
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.json().get("field").asText()).isEqualTo("service");
    var interval = server.get("/api/v1/forecasts?service=web&metric=cpu&interval=monthly");
    assertThat(interval.status()).isEqualTo(400);
    assertThat(interval.json().get("message").asText()).contains("hourly, daily or weekly");
    var horizon = server.get("/api/v1/forecasts?service=web&metric=cpu&interval=daily&horizon=31");
    assertThat(horizon.status()).isEqualTo(400);
    assertThat(horizon.json().get("field").asText()).isEqualTo("horizon");
    var unknown = server.get("/api/v1/forecasts?service=nobody&metric=cpu");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().get("message").asText()).contains("nobody/cpu");
  }
}
