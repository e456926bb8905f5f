package io.driftline.server.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftline.server.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The seed's acceptance table (seeds/003, "Testing & Validation") through the real HTTP API, with
 * the simulator's own traffic and client. Time is the samples' timestamps at 10 samples/s on a
 * hand-driven clock: no test waits on the wall clock.
 */
class AcceptanceTest {
  static final String SERVICE = "test-payment-service";
  static final double RATE = 10;

  TestServer server;
  SimulatorClient client;
  Instant t;
  int sent;

  @BeforeEach
  void start() {
    server = TestServer.memory();
    client = new SimulatorClient(server.uri("/"));
    t = TestServer.START;
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** Sends {@code seconds} of a pattern at 10 samples/s; returns the state after each sample. */
  List<String> run(TrafficPattern.Mode mode, int seconds) throws Exception {
    return run(SERVICE, mode, seconds);
  }

  List<String> run(String service, TrafficPattern.Mode mode, int seconds) throws Exception {
    int total = (int) (seconds * RATE);
    var pattern = new TrafficPattern(mode, total, 7);
    List<String> states = new ArrayList<>();
    for (int i = 0; i < total; i++) {
      assertThat(client.send(service, pattern.next(i), Optional.of(t))).isEqualTo(202);
      sent++;
      server.sync();
      states.add(client.health(service).orElseThrow().get("state").asText());
      t = t.plusMillis((long) (1000 / RATE));
      server.clock.advance(Duration.ofMillis((long) (1000 / RATE)));
    }
    return states;
  }

  JsonNode health() throws Exception {
    return client.health(SERVICE).orElseThrow();
  }

  @Test
  void baselineIsReadyAfter100SamplesThatIsTenSecondsAtTenPerSecond() throws Exception {
    List<String> states = run(TrafficPattern.Mode.NORMAL, 60);

    assertThat(states.subList(0, 99)).containsOnly("INSUFFICIENT_DATA");
    assertThat(states.get(99)).isEqualTo("STABLE");
    var h = health();
    assertThat(Instant.parse(h.get("transition_timestamp").asText()))
        .isEqualTo(TestServer.START.plusMillis(9_900)); // the 100th sample, well within 60 s
    assertThat(states.subList(99, states.size())).containsOnly("STABLE");
    assertThat(h.get("baseline").get("mean_latency").asDouble()).isBetween(140.0, 160.0);
  }

  @Test
  void spikeIsDetectedWithinFiveAnomalousSamplesAndRecoversAfterIt() throws Exception {
    run(TrafficPattern.Mode.NORMAL, 30);
    List<String> states = run(TrafficPattern.Mode.SPIKE, 90);

    int spikeStart = 300; // the middle third of 900 samples
    int detectedAt = states.indexOf("DRIFT_DETECTED");
    assertThat(detectedAt - spikeStart + 1).isBetween(1, 5);
    assertThat(states.subList(0, spikeStart)).containsOnly("STABLE");
    assertThat(states.get(states.size() - 1)).isEqualTo("STABLE");
    var transitions =
        server.get("/v1/health/" + SERVICE + "/transitions").json().get("transitions");
    assertThat(transitions.get(0).get("to").asText()).isEqualTo("STABLE");
    assertThat(transitions.get(0).get("rule").asText()).isEqualTo("recovery");
    assertThat(transitions.get(1).get("to").asText()).isEqualTo("DRIFT_DETECTED");
    assertThat(transitions.get(1).get("rule").asText()).isEqualTo("ensemble");
    assertThat(transitions.get(1).get("metric").asText()).isEqualTo("latency_ms");
    assertThat(transitions.get(1).get("severity").asText()).isEqualTo("emergency");
  }

  @Test
  void theSeedsSpikeOnAWorkloadOpensADriftEventWithTheDetectorsSeverity() throws Exception {
    String workload = "prod-us-east-1/production/test-payment-service";
    run(workload, TrafficPattern.Mode.NORMAL, 30);
    List<String> states = run(workload, TrafficPattern.Mode.SPIKE, 90);

    int spikeStart = 300;
    int detectedAt = states.indexOf("DRIFT_DETECTED");
    assertThat(states.subList(0, spikeStart)).containsOnly("STABLE");
    assertThat(detectedAt - spikeStart + 1).isBetween(1, 5);
    assertThat(states.get(states.size() - 1)).isEqualTo("STABLE");
    var events =
        server.get("/api/v1/drift/events?workload_name=test-payment-service").json().get("events");
    assertThat(events).hasSize(1);
    JsonNode event = events.get(0);
    assertThat(event.get("drift_category").asText()).isEqualTo("LATENCY_DRIFT");
    assertThat(event.get("detection_method").asText()).isEqualTo("ensemble");
    // the ensemble's calibrated score of a 3.5x spike is an emergency: a critical event at once,
    // though a 30-second drift is far from the duration rule's 15 minutes
    assertThat(event.get("severity").asText()).isEqualTo("critical");
    assertThat(Instant.parse(event.get("start_ts").asText()))
        .isEqualTo(TestServer.START.plusMillis((300 + detectedAt) * 100L));
    assertThat(event.get("status").asText()).isEqualTo("resolved");
    var transitions =
        server
            .get(
                "/v1/health/"
                    + java.net.URLEncoder.encode(workload, java.nio.charset.StandardCharsets.UTF_8)
                    + "/transitions")
            .json()
            .get("transitions");
    assertThat(transitions)
        .extracting(t -> t.get("rule").asText() + "/" + t.get("severity").asText())
        .contains("ensemble/emergency", "baseline_ready/info");
  }

  @Test
  void theRulesChosenInConfigFireSevereOnTheFifthSpikeSample() throws Exception {
    server.close();
    server = new TestServer(TestServer.ZSCORE_RULES);
    client = new SimulatorClient(server.uri("/"));
    run(TrafficPattern.Mode.NORMAL, 30);
    List<String> states = run(TrafficPattern.Mode.SPIKE, 90);

    int spikeStart = 300;
    assertThat(states.subList(0, spikeStart)).containsOnly("STABLE");
    assertThat(states.indexOf("DRIFT_DETECTED") - spikeStart + 1).isBetween(1, 5);
    assertThat(states.get(states.size() - 1)).isEqualTo("STABLE");
    var transitions =
        server.get("/v1/health/" + SERVICE + "/transitions").json().get("transitions");
    assertThat(transitions.get(0).get("rule").asText()).isEqualTo("recovery");
    assertThat(transitions.get(1).get("to").asText()).isEqualTo("DRIFT_DETECTED");
    assertThat(transitions.get(1).get("rule").asText()).isEqualTo("severe");
    assertThat(transitions.get(1).get("severity").asText()).isEqualTo("emergency");
    assertThat(transitions.get(1).get("z_scores"))
        .hasSize(5)
        .allSatisfy(z -> assertThat(z.asDouble()).isGreaterThan(3.0));
  }

  /**
   * The default ensemble's level-shift check (the short median against a long-term reference that
   * stops following a creep) catches the seed's creep, as the rules' MODERATE rule does.
   */
  @Test
  void creepingLatencyIsDetected() throws Exception {
    run(TrafficPattern.Mode.NORMAL, 30);
    List<String> states = run(TrafficPattern.Mode.CREEP, 120);

    assertThat(states).contains("DRIFT_DETECTED");
    assertThat(health().get("drifting_metrics").toString()).contains("latency_ms");
  }

  @Test
  void recoveryModeReturnsToStableAfterTheDegradedHalf() throws Exception {
    run(TrafficPattern.Mode.NORMAL, 30);
    List<String> states = run(TrafficPattern.Mode.RECOVERY, 60);

    assertThat(states.subList(0, 300)).contains("DRIFT_DETECTED");
    assertThat(states.get(states.size() - 1)).isEqualTo("STABLE");
  }

  /**
   * The default ensemble enters DRIFT_DETECTED only when an alarm is confirmed by the next samples,
   * so a single new extreme on normal traffic does not flip the state (docs/detection.md).
   */
  @Test
  void normalTrafficRaisesNoDrift() throws Exception {
    List<String> states = run(TrafficPattern.Mode.NORMAL, 120);

    assertThat(states).doesNotContain("DRIFT_DETECTED");
    assertThat(server.get("/v1/health/" + SERVICE).json().get("sample_count").asInt())
        .isEqualTo(sent);
  }
}
