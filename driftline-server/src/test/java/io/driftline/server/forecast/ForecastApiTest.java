package io.driftline.server.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftline.server.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ForecastApiTest {
  private static final long HOUR = 3_600_000L;
  private final TestServer server = TestServer.memory();

  @AfterEach
  void stop() {
    server.close();
  }

  /** Hourly samples of {@code metric} for the {@code hours} before the server's now. */
  private void postSeries(
      String service, String metric, int hours, java.util.function.IntToDoubleFunction value) {
    long end = TestServer.START.toEpochMilli();
    StringBuilder batch = new StringBuilder("[");
    for (int h = 0; h < hours; h++) {
      if (h > 0) batch.append(',');
      batch.append(
          "{\"service_id\":\"%s\",\"timestamp\":\"%s\",\"metrics\":{\"%s\":%s}}"
              .formatted(
                  service,
                  Instant.ofEpochMilli(end - (hours - h) * HOUR + 60_000),
                  metric,
                  value.applyAsDouble(h)));
    }
    var reply = server.postJson("/v1/telemetry/batch", batch.append(']').toString());
    assertThat(reply.status()).as(reply.text()).isEqualTo(202);
  }

  private void postClusterSnapshots(int hours, java.util.function.IntToDoubleFunction usedCpu) {
    long end = TestServer.START.toEpochMilli();
    for (int h = 0; h < hours; h++) {
      String body =
          """
          {"cluster_id": "prod-us-east-1", "timestamp": "%s", "node_groups": [
            {"name": "general", "instance_type": "m5.xlarge", "count": 4,
             "allocatable_cpu_cores": 32, "allocatable_memory_bytes": 128e9,
             "requested_cpu_cores": 20, "requested_memory_bytes": 64e9,
             "used_cpu_cores": %s, "used_memory_bytes": 40e9}]}"""
              .formatted(Instant.ofEpochMilli(end - (hours - h) * HOUR), usedCpu.applyAsDouble(h));
      assertThat(server.postJson("/api/v1/capacity/snapshots", body).status()).isEqualTo(201);
    }
  }

  @Test
  void aDailyPatternIsForecastHourlyWithIntervalsAndTheSecondAnswerIsCached() {
    SplittableRandom noise = new SplittableRandom(3);
    postSeries(
        "web",
        "cpu",
        21 * 24,
        h -> 100 + 20 * Math.sin(2 * Math.PI * h / 24) + noise.nextGaussian());

    var reply = server.get("/api/v1/forecasts?service_id=web&metric=cpu&horizon=24h");

    assertThat(reply.status()).as(reply.text()).isEqualTo(200);
    JsonNode body = reply.json();
    assertThat(body.get("interval").asText()).isEqualTo("hourly");
    assertThat(body.get("target").get("service_id").asText()).isEqualTo("web");
    assertThat(body.get("model").asText()).isNotBlank();
    assertThat(body.get("cached").asBoolean()).isFalse();
    assertThat(body.get("backtest").get("smape").asDouble()).isLessThan(5);
    JsonNode points = body.get("points");
    assertThat(points).hasSize(24);
    assertThat(points.get(0).get("timestamp").asText()).isEqualTo("2026-01-12T10:00:00.000Z");
    for (int i = 0; i < 24; i++) {
      JsonNode p = points.get(i);
      // the history's hour h = 504 + i (its samples sit one minute into the hour)
      double truth = 100 + 20 * Math.sin(2 * Math.PI * (21 * 24 + i) / 24);
      assertThat(p.get("value").asDouble()).as("step %d", i).isCloseTo(truth, within(5.0));
      assertThat(p.get("lower_95").asDouble()).isLessThan(p.get("lower_80").asDouble());
      assertThat(p.get("lower_80").asDouble()).isLessThan(p.get("value").asDouble());
      assertThat(p.get("upper_80").asDouble()).isLessThan(p.get("upper_95").asDouble());
    }
    assertThat(body.get("capacity").isNull()).isTrue();
    assertThat(body.get("exhaustion").isNull()).isTrue();

    var again = server.get("/api/v1/forecasts?service_id=web&metric=cpu&horizon=24h");
    assertThat(again.json().get("cached").asBoolean()).isTrue();
    assertThat(again.json().get("points")).isEqualTo(points);
  }

  @Test
  void aGrowingSeriesRunsOutOfTheCapacityGivenAroundWhenItsTrendSays() {
    SplittableRandom noise = new SplittableRandom(5);
    // 10 + 0.5 per hour over 14 days ends near 178; 200 is reached about 44 h after the history
    postSeries("db", "disk_gb", 14 * 24, h -> 10 + 0.5 * h + 0.3 * noise.nextGaussian());

    var reply =
        server.get(
            "/api/v1/forecasts?service_id=db&metric=disk_gb&horizon=7d&capacity=200&model=ets");

    assertThat(reply.status()).as(reply.text()).isEqualTo(200);
    JsonNode body = reply.json();
    assertThat(body.get("capacity").get("value").asDouble()).isEqualTo(200);
    assertThat(body.get("capacity").get("source").asText()).isEqualTo("request");
    JsonNode exhaustion = body.get("exhaustion");
    assertThat(exhaustion.isNull()).as(body.toString()).isFalse();
    assertThat(exhaustion.get("hours_until").asDouble()).isBetween(30.0, 60.0);
    assertThat(exhaustion.get("confidence").asDouble()).isGreaterThan(0.5);
    assertThat(exhaustion.get("severity").asText()).isEqualTo("critical");
    assertThat(Instant.parse(exhaustion.get("earliest_at").asText()))
        .isBeforeOrEqualTo(Instant.parse(exhaustion.get("predicted_at").asText()));
  }

  @Test
  void clusterCpuIsForecastAgainstAllocatableAndOpensThenResolvesACapacityRiskEvent() {
    // used CPU climbs 0.08 cores an hour from 10 towards 32 allocatable: full in about 35 h
    postClusterSnapshots(10 * 24, h -> 10 + 0.08 * h);

    var reply = server.get("/api/v1/forecasts?cluster_id=prod-us-east-1&resource=cpu&horizon=7d");
    assertThat(reply.status()).as(reply.text()).isEqualTo(200);
    assertThat(reply.json().get("capacity").get("value").asDouble()).isEqualTo(32);
    assertThat(reply.json().get("capacity").get("source").asText()).isEqualTo("allocatable");
    assertThat(reply.json().get("exhaustion").isNull()).isFalse();

    var outcomes = server.server.capacityRiskJob().runOnce();

    assertThat(outcomes)
        .extracting(CapacityRiskJob.Outcome::action)
        .containsExactly("opened", "no risk");
    var events =
        server.get("/api/v1/drift/events?cluster_id=prod-us-east-1&category=CAPACITY_RISK");
    assertThat(events.status()).isEqualTo(200);
    JsonNode event = events.json().get("events").get(0);
    assertThat(event.get("drift_category").asText()).isEqualTo("CAPACITY_RISK");
    assertThat(event.get("severity").asText()).isEqualTo("critical");
    assertThat(event.get("workload_name").asText()).isEqualTo("cpu");
    assertThat(event.get("namespace").asText()).isEqualTo("_cluster");
    assertThat(event.get("status").asText()).isEqualTo("open");

    // a second run finds the same risk: the one event is updated, not duplicated
    assertThat(server.server.capacityRiskJob().runOnce())
        .extracting(CapacityRiskJob.Outcome::action)
        .containsExactly("updated", "no risk");

    // the cluster grows: three days at a flat 12 cores of 64
    server.clock.advance(Duration.ofDays(3));
    long now = server.clock.millis();
    for (int h = 72; h > 0; h--) {
      String body =
          """
          {"cluster_id": "prod-us-east-1", "timestamp": "%s", "node_groups": [
            {"name": "general", "instance_type": "m5.xlarge", "count": 8,
             "allocatable_cpu_cores": 64, "allocatable_memory_bytes": 256e9,
             "requested_cpu_cores": 20, "requested_memory_bytes": 64e9,
             "used_cpu_cores": 12, "used_memory_bytes": 40e9}]}"""
              .formatted(Instant.ofEpochMilli(now - h * HOUR));
      assertThat(server.postJson("/api/v1/capacity/snapshots", body).status()).isEqualTo(201);
    }
    assertThat(server.server.capacityRiskJob().runOnce())
        .extracting(CapacityRiskJob.Outcome::action)
        .containsExactly("resolved", "no risk");
  }

  @Test
  void aWorkloadsCpuRunsOutAtItsPodsLimitsAndTheRiskJobChecksIt() {
    // two pods, 2 cores limit each; usage climbs from 1 core towards 4 over the hours
    long end = TestServer.START.toEpochMilli();
    StringBuilder rows = new StringBuilder("{\"metrics\": [");
    for (int h = 0; h < 6 * 24; h++) {
      String ts = Instant.ofEpochMilli(end - (6 * 24 - h) * HOUR).toString();
      for (String pod : new String[] {"api-1", "api-2"}) {
        if (rows.charAt(rows.length() - 1) != '[') rows.append(',');
        rows.append(
            """
            {"cluster_id": "prod", "namespace": "shop", "pod_name": "%s", "workload_name": "api",
             "timestamp": "%s", "cpu_cores": %s, "cpu_limit_cores": 2.0}"""
                .formatted(pod, ts, 0.5 + 0.006 * h));
      }
    }
    var posted = server.postJson("/api/v1/telemetry/pod-metrics", rows.append("]}").toString());
    assertThat(posted.status()).as(posted.text()).isEqualTo(202);
    server.sync();

    var reply =
        server.get("/api/v1/forecasts?service_id=prod%2Fshop%2Fapi&metric=cpu_cores&horizon=7d");

    assertThat(reply.status()).as(reply.text()).isEqualTo(200);
    assertThat(reply.json().get("capacity").get("value").asDouble()).isEqualTo(4.0);
    assertThat(reply.json().get("capacity").get("source").asText()).isEqualTo("limit");
    assertThat(reply.json().get("exhaustion").isNull()).as(reply.text()).isFalse();

    var job =
        new CapacityRiskJob(
            server.server.storage(),
            new ForecastService(server.server.storage(), server.clock),
            io.driftline.capacity.CapacityRiskPolicy.DEFAULT,
            0.25,
            java.util.List.of(CapacityRiskJob.Threshold.parse("cpu_cores@prod/shop/api")),
            "ensemble",
            "prod",
            server.clock);
    assertThat(job.runOnce()).extracting(CapacityRiskJob.Outcome::action).containsExactly("opened");
  }

  @Test
  void badRequestsNameTheParameter() {
    postSeries("web", "cpu", 48, h -> h);

    assertThat(field("/api/v1/forecasts")).isEqualTo("service_id");
    assertThat(field("/api/v1/forecasts?service_id=web&metric=cpu&cluster_id=c&resource=cpu"))
        .isEqualTo("service_id");
    assertThat(field("/api/v1/forecasts?service_id=web")).isEqualTo("metric");
    assertThat(field("/api/v1/forecasts?cluster_id=c&resource=disk")).isEqualTo("resource");
    assertThat(field("/api/v1/forecasts?service_id=web&metric=cpu&horizon=100d"))
        .isEqualTo("horizon");
    assertThat(field("/api/v1/forecasts?service_id=web&metric=cpu&horizon=30d&interval=hourly"))
        .isEqualTo("horizon");
    assertThat(field("/api/v1/forecasts?service_id=web&metric=cpu&interval=yearly"))
        .isEqualTo("interval");
    assertThat(field("/api/v1/forecasts?service_id=web&metric=cpu&capacity=lots"))
        .isEqualTo("capacity");
    var unknownModel = server.get("/api/v1/forecasts?service_id=web&metric=cpu&model=prophet");
    assertThat(unknownModel.status()).isEqualTo(400);
    assertThat(unknownModel.json().get("message").asText())
        .contains("ensemble")
        .contains("prophet");
    // two days of hourly data make no weekly forecast
    assertThat(field("/api/v1/forecasts?service_id=web&metric=cpu&horizon=90d"))
        .isEqualTo("horizon");
    assertThat(server.get("/api/v1/forecasts?service_id=nobody&metric=cpu").status())
        .isEqualTo(404);
  }

  private String field(String path) {
    var reply = server.get(path);
    assertThat(reply.status()).as(path + " -> " + reply.text()).isEqualTo(400);
    return reply.json().get("field").asText();
  }
}
