package io.driftline.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftline.detect.AnomalySeverity;
import io.driftline.detect.BaselineSnapshot;
import io.driftline.detect.DetectorSelector;
import io.driftline.detect.IsolationForestDetector;
import io.driftline.detect.ZScoreRules;
import io.driftline.detect.ZScoreRulesDetector;
import io.driftline.telemetry.Sample;
import io.driftline.telemetry.SeriesKey;
import io.driftline.telemetry.StoredSample;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GoldenSignalsTest {
  private static final long T0 = 1_700_000_000_000L;
  private static final String SERVICE = "checkout";
  private static final SeriesKey GOLDEN = SeriesKey.of(SERVICE, GoldenSignals.METRIC);
  private static final GoldenSignals DEFAULT =
      GoldenSignals.parse(GoldenSignals.DEFAULT_METRICS, IsolationForestDetector.Settings.DEFAULTS);

  private final DetectorSelector detectors =
      DetectorSelector.of(new ZScoreRulesDetector(ZScoreRules.DEFAULTS));
  private final List<Transition> transitions = new ArrayList<>();
  private final Random random = new Random(3);
  private long seq;

  @Test
  void parsesPositionsAndAlternatives() {
    assertThat(DEFAULT.columns()).isEqualTo(3);
    assertThat(DEFAULT.column("latency_ms")).isZero();
    assertThat(DEFAULT.column("latency_p95_ms")).isZero();
    assertThat(DEFAULT.column("error_rate")).isEqualTo(2);
    assertThat(DEFAULT.column("payload_kb")).isEqualTo(-1);
    assertThat(GoldenSignals.OFF.enabled()).isFalse();
  }

  @Test
  void refusesPointsItCannotForm() {
    var settings = IsolationForestDetector.Settings.DEFAULTS;
    assertThatThrownBy(() -> GoldenSignals.parse("latency_ms", settings))
        .hasMessageContaining("need 2 to 16 metrics");
    assertThatThrownBy(() -> GoldenSignals.parse("a,b,a", settings))
        .hasMessageContaining("metric a is named twice");
    assertThatThrownBy(() -> GoldenSignals.parse("a,,b", settings))
        .hasMessageContaining("empty metric name");
    assertThatThrownBy(() -> GoldenSignals.parse("a,golden_signals", settings))
        .hasMessageContaining("golden_signals is the detector's own series");
  }

  @Test
  void aRowIsScoredOnceAllItsMetricsArriveAndAnIncompleteRowIsDropped() {
    var health = new ServiceHealth(SERVICE, detectors, DEFAULT);
    record(health, 0, Map.of("latency_ms", 100.0, "throughput_rps", 40.0, "error_rate", 0.01));
    record(health, 1, Map.of("latency_ms", 100.0, "error_rate", 0.01)); // no throughput
    record(health, 2, Map.of("latency_p95_ms", 100.0, "throughput_rps", 40.0, "error_rate", 0.0));

    BaselineSnapshot golden = health.snapshot().series().get(GOLDEN);
    assertThat(golden.sampleCount()).isEqualTo(2);
    assertThat(golden.state()).isEqualTo(HealthState.INSUFFICIENT_DATA);
    assertThat(golden.severity()).isEqualTo(AnomalySeverity.INFO);
  }

  @Test
  void offOrWithoutAllSignalsShowsNoSeries() throws Exception {
    var off = new ServiceHealth(SERVICE, detectors);
    var on = new ServiceHealth(SERVICE, detectors, DEFAULT);
    for (int i = 0; i < 50; i++) {
      record(off, i, Map.of("latency_ms", 100.0 + i % 3, "payload_kb", 2.0));
    }
    seq = 0;
    for (int i = 0; i < 50; i++) {
      record(on, i, Map.of("latency_ms", 100.0 + i % 3, "payload_kb", 2.0));
    }
    assertThat(off.snapshot().series()).doesNotContainKey(GOLDEN);
    assertThat(on.snapshot()).isEqualTo(off.snapshot()); // no complete row: no series
    assertThat(ServiceHealth.decode(SERVICE, detectors, DEFAULT, on.encode()).snapshot())
        .isEqualTo(off.snapshot());
  }

  @Test
  void anOutageOfAllThreeSignalsDriftsTheServiceAndACheckpointContinuesExactly() throws Exception {
    var live = new ServiceHealth(SERVICE, detectors, DEFAULT);
    ServiceHealth restored = null;
    List<Transition> restoredTransitions = new ArrayList<>();
    for (int i = 0; i < 1300; i++) {
      Map<String, Double> row = i >= 1200 && i < 1210 ? outage() : ordinary();
      if (i == 1100) {
        restored = ServiceHealth.decode(SERVICE, detectors, DEFAULT, live.encode());
      }
      long before = seq;
      record(live, i, row);
      if (restored != null) {
        List<Transition> mine = new ArrayList<>(transitions);
        seq = before;
        transitions.clear();
        record(restored, i, row);
        restoredTransitions.addAll(transitions);
        transitions.clear();
        transitions.addAll(mine);
      }
    }
    List<Transition> golden = transitions.stream().filter(t -> t.series().equals(GOLDEN)).toList();
    assertThat(golden).extracting(Transition::rule).startsWith("baseline_ready");
    assertThat(golden)
        .filteredOn(t -> t.to() == HealthState.DRIFT_DETECTED)
        .singleElement()
        .satisfies(t -> assertThat(t.epochMillis()).isBetween(T0 + 1200_000, T0 + 1204_000));
    assertThat(live.snapshot().series().get(GOLDEN).state()).isEqualTo(HealthState.DRIFT_DETECTED);
    assertThat(live.snapshot().state()).isEqualTo(HealthState.DRIFT_DETECTED);
    assertThat(restored.snapshot()).isEqualTo(live.snapshot());
    assertThat(restored.encode()).isEqualTo(live.encode());
    assertThat(restoredTransitions)
        .isEqualTo(transitions.stream().filter(t -> t.seq() > 1100 * 3).toList());
  }

  @Test
  void aCheckpointOfOtherMetricsOrWithTheDetectorOffLearnsAgain() throws Exception {
    var health = new ServiceHealth(SERVICE, detectors, DEFAULT);
    for (int i = 0; i < 300; i++) record(health, i, ordinary());
    byte[] saved = health.encode();
    var other =
        GoldenSignals.parse(
            "latency_ms,throughput_rps,cpu_cores", IsolationForestDetector.Settings.DEFAULTS);

    assertThat(ServiceHealth.decode(SERVICE, detectors, other, saved).snapshot().series())
        .doesNotContainKey(GOLDEN)
        .containsKey(SeriesKey.of(SERVICE, "latency_ms"));
    assertThat(ServiceHealth.decode(SERVICE, detectors, saved).snapshot().series())
        .doesNotContainKey(GOLDEN);
    assertThat(ServiceHealth.decode(SERVICE, detectors, DEFAULT, saved).snapshot())
        .isEqualTo(health.snapshot());
  }

  private Map<String, Double> ordinary() {
    double load = 100 + 10 * random.nextGaussian();
    return Map.of(
        "throughput_rps",
        load,
        "latency_ms",
        50 + 0.5 * load + random.nextGaussian(),
        "error_rate",
        Math.abs(0.01 + 0.001 * random.nextGaussian()));
  }

  private static Map<String, Double> outage() {
    return Map.of("throughput_rps", 20.0, "latency_ms", 400.0, "error_rate", 0.3);
  }

  /** One telemetry record: its metrics as consecutive samples of one time, in a fixed order. */
  private void record(ServiceHealth health, int i, Map<String, Double> metrics) {
    new java.util.TreeMap<>(metrics)
        .forEach(
            (metric, value) ->
                health.accept(
                    new StoredSample(
                        ++seq, new Sample(SeriesKey.of(SERVICE, metric), T0 + i * 1000L, value)),
                    transitions::add));
  }
}
