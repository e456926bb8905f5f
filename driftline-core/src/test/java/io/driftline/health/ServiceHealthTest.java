package io.driftline.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftline.detect.AnomalySeverity;
import io.driftline.detect.Detector;
import io.driftline.detect.DetectorSelector;
import io.driftline.detect.Detectors;
import io.driftline.detect.EnsembleDetector;
import io.driftline.detect.ZScoreRules;
import io.driftline.detect.ZScoreRulesDetector;
import io.driftline.telemetry.Sample;
import io.driftline.telemetry.SeriesKey;
import io.driftline.telemetry.StoredSample;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ServiceHealthTest {
  private static final long T0 = 1_700_000_000_000L;
  private static final SeriesKey LATENCY = SeriesKey.of("checkout", "latency_ms");
  private static final SeriesKey PAYLOAD = SeriesKey.of("checkout", "payload_kb");
  private static final SeriesKey ZONE_LATENCY =
      new SeriesKey("checkout", "latency_ms", Map.of("zone", "eu-1", "pod", "a=1"));

  private final Detector detector = new ZScoreRulesDetector(ZScoreRules.DEFAULTS);
  private final Random random = new Random(11);
  private final List<Transition> transitions = new ArrayList<>();
  private long seq;

  @Test
  void serviceIsInsufficientDataUntilASeriesIsWarm() {
    ServiceHealth health = new ServiceHealth("checkout", detector);
    for (int i = 0; i < 99; i++) accept(health, LATENCY, 150 + random.nextGaussian());
    assertThat(health.snapshot().state()).isEqualTo(HealthState.INSUFFICIENT_DATA);
    assertThat(transitions).isEmpty();

    accept(health, LATENCY, 150);

    ServiceSnapshot snapshot = health.snapshot();
    assertThat(snapshot.state()).isEqualTo(HealthState.STABLE);
    assertThat(snapshot.transitionMillis()).isEqualTo(T0 + 100 * 1000);
    assertThat(snapshot.lastUpdatedMillis()).isEqualTo(T0 + 100 * 1000);
    assertThat(snapshot.sampleCount()).isEqualTo(100);
    assertThat(transitions)
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.series()).isEqualTo(LATENCY);
              assertThat(t.seq()).isEqualTo(100);
              assertThat(t.from()).isEqualTo(HealthState.INSUFFICIENT_DATA);
              assertThat(t.to()).isEqualTo(HealthState.STABLE);
              assertThat(t.rule()).isEqualTo("baseline_ready");
            });
    assertThat(health.lastSeq()).isEqualTo(100);
  }

  @Test
  void serviceDriftsWhenAnyOneSeriesDriftsAndNamesIt() {
    ServiceHealth health = warmedService();
    assertThat(health.snapshot().state()).isEqualTo(HealthState.STABLE);
    assertThat(health.snapshot().drifting()).isEmpty();

    for (int i = 0; i < 5; i++) {
      accept(health, LATENCY, 150 + random.nextGaussian());
      accept(health, PAYLOAD, 400);
    }

    ServiceSnapshot snapshot = health.snapshot();
    assertThat(snapshot.state()).isEqualTo(HealthState.DRIFT_DETECTED);
    assertThat(snapshot.drifting()).containsExactly(PAYLOAD);
    assertThat(snapshot.metric("latency_ms").orElseThrow().state()).isEqualTo(HealthState.STABLE);
    assertThat(snapshot.metric("payload_kb").orElseThrow().state())
        .isEqualTo(HealthState.DRIFT_DETECTED);
    assertThat(snapshot.transitionMillis()).isEqualTo(T0 + seq * 1000);
    Transition last = transitions.get(transitions.size() - 1);
    assertThat(last.series()).isEqualTo(PAYLOAD);
    assertThat(last.rule()).isEqualTo("severe");
    assertThat(last.seq()).isEqualTo(seq);
    assertThat(last.zScores()).hasSize(5);
  }

  @Test
  void transitionsCarryTheSeverityOfTheSampleThatCausedThem() {
    ServiceHealth health = new ServiceHealth("checkout", detector);
    for (int i = 0; i < 200; i++) accept(health, LATENCY, 150 + random.nextGaussian());
    for (int i = 0; i < 5; i++) accept(health, LATENCY, 150 + 10 + random.nextGaussian());

    assertThat(transitions)
        .extracting(Transition::rule, Transition::severity)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "baseline_ready", java.util.Optional.of(AnomalySeverity.INFO)),
            org.assertj.core.groups.Tuple.tuple(
                "severe", java.util.Optional.of(AnomalySeverity.EMERGENCY)));
  }

  @Test
  void serviceStaysInDriftUntilEverySeriesRecovered() {
    ServiceHealth health = warmedService();
    for (int i = 0; i < 5; i++) {
      accept(health, LATENCY, 1500);
      accept(health, PAYLOAD, 400);
    }
    assertThat(health.snapshot().drifting()).containsExactly(LATENCY, PAYLOAD);
    long drifted = health.snapshot().transitionMillis();

    for (int i = 0; i < 50; i++) accept(health, PAYLOAD, 40);
    assertThat(health.snapshot().drifting()).containsExactly(LATENCY);
    assertThat(health.snapshot().state()).isEqualTo(HealthState.DRIFT_DETECTED);
    assertThat(health.snapshot().transitionMillis()).isEqualTo(drifted);

    for (int i = 0; i < 50; i++) accept(health, LATENCY, 150);
    assertThat(health.snapshot().state()).isEqualTo(HealthState.STABLE);
    assertThat(health.snapshot().transitionMillis()).isEqualTo(T0 + seq * 1000);
  }

  @Test
  void encodeDecodeReproducesTheSnapshotAndContinuesIdentically() throws IOException {
    ServiceHealth original = warmedService();
    for (int i = 0; i < 120; i++) accept(original, ZONE_LATENCY, 80 + 4 * random.nextGaussian());
    for (int i = 0; i < 7; i++) accept(original, PAYLOAD, 400);

    ServiceHealth decoded = ServiceHealth.decode("checkout", detector, original.encode());

    assertThat(decoded.snapshot()).isEqualTo(original.snapshot());
    assertThat(decoded.lastSeq()).isEqualTo(original.lastSeq());
    assertThat(decoded.encode()).isEqualTo(original.encode());

    List<Transition> fromOriginal = new ArrayList<>();
    List<Transition> fromDecoded = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      SeriesKey key = List.of(LATENCY, PAYLOAD, ZONE_LATENCY).get(i % 3);
      double value = key == PAYLOAD ? 40 + random.nextGaussian() : 150 + random.nextGaussian();
      if (i % 100 < 15 && key == ZONE_LATENCY) value = 900;
      var stored = new StoredSample(++seq, new Sample(key, T0 + seq * 1000, value));
      original.accept(stored, fromOriginal::add);
      decoded.accept(stored, fromDecoded::add);
      assertThat(decoded.snapshot()).isEqualTo(original.snapshot());
    }
    assertThat(fromDecoded).isEqualTo(fromOriginal);
    assertThat(fromOriginal).extracting(Transition::rule).contains("recovery", "severe");
  }

  @Test
  void seriesOfAnotherDetectorLearnsAgainWhileTheOthersContinue() throws IOException {
    ServiceHealth original = warmedService();
    var overridden =
        new DetectorSelector(detector, Map.of("payload_kb", Detectors.byName("cusum").get()));

    ServiceHealth decoded = ServiceHealth.decode("checkout", overridden, original.encode());

    assertThat(decoded.snapshot().series()).containsOnlyKeys(LATENCY);
    assertThat(decoded.snapshot().metric("latency_ms"))
        .isEqualTo(original.snapshot().metric("latency_ms"));
    assertThat(decoded.lastSeq()).isEqualTo(original.lastSeq());
    accept(decoded, PAYLOAD, 40);
    assertThat(decoded.snapshot().metric("payload_kb").orElseThrow().sampleCount()).isEqualTo(1);
  }

  @Test
  void eachMetricRunsItsOwnDetectorAndTheCheckpointKeepsIt() throws IOException {
    var detectors = new DetectorSelector(detector, Map.of("payload_kb", new EnsembleDetector()));
    ServiceHealth health = new ServiceHealth("checkout", detectors);
    for (int i = 0; i < 50; i++) {
      accept(health, LATENCY, 150 + random.nextGaussian());
      accept(health, PAYLOAD, 40 + random.nextGaussian());
    }
    // the ensemble is ready after 30 samples, the DriftWatch rules after 100
    assertThat(health.snapshot().metric("payload_kb").orElseThrow().state())
        .isEqualTo(HealthState.STABLE);
    assertThat(health.snapshot().metric("latency_ms").orElseThrow().state())
        .isEqualTo(HealthState.INSUFFICIENT_DATA);

    ServiceHealth decoded = ServiceHealth.decode("checkout", detectors, health.encode());
    assertThat(decoded.snapshot()).isEqualTo(health.snapshot());
    assertThat(decoded.encode()).isEqualTo(health.encode());
  }

  @Test
  void droppedDriftingSeriesNoLongerHoldsTheServiceInDrift() throws IOException {
    ServiceHealth original = warmedService();
    for (int i = 0; i < 7; i++) accept(original, PAYLOAD, 400);
    assertThat(original.snapshot().state()).isEqualTo(HealthState.DRIFT_DETECTED);
    var overridden = new DetectorSelector(detector, Map.of("payload_kb", new EnsembleDetector()));

    ServiceHealth decoded = ServiceHealth.decode("checkout", overridden, original.encode());

    assertThat(decoded.snapshot().state()).isEqualTo(HealthState.STABLE);
  }

  @Test
  void decodeOfUnknownFormatFails() {
    byte[] encoded = warmedService().encode();
    encoded[3] = 9;
    assertThatThrownBy(() -> ServiceHealth.decode("checkout", detector, encoded))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("format 9");
  }

  @Test
  void seriesWithIncompatibleRulesLearnAgain() throws IOException {
    byte[] encoded = warmedService().encode();
    Detector narrow =
        new ZScoreRulesDetector(new ZScoreRules(100, 3.0, 5, 2.5, 5, 10, 2.0, 50, 1000));
    ServiceHealth decoded = ServiceHealth.decode("checkout", narrow, encoded);
    assertThat(decoded.snapshot().series()).isEmpty();
    assertThat(decoded.snapshot().state()).isEqualTo(HealthState.INSUFFICIENT_DATA);
  }

  /**
   * The ensemble's compact state (checkpoint format 5) cannot read format 4 (sorted windows, float
   * history): such series learn their baseline again instead of failing the service's restore.
   */
  @Test
  void ensembleSeriesOfTheFormerCheckpointFormatLearnAgain() throws IOException {
    Detector ensemble = new EnsembleDetector();
    ServiceHealth health = new ServiceHealth("checkout", ensemble);
    for (int i = 0; i < 120; i++) accept(health, LATENCY, 150 + 25 * random.nextGaussian());
    byte[] encoded = health.encode();
    byte[] name = {0, 8, 'e', 'n', 's', 'e', 'm', 'b', 'l', 'e'}; // writeUTF("ensemble")
    int at = indexOf(encoded, name) + name.length + 4; // then the state's length, then its format
    assertThat(java.util.Arrays.copyOfRange(encoded, at, at + 4)).containsExactly(0, 0, 0, 6);
    encoded[at + 3] = 5;

    ServiceHealth decoded = ServiceHealth.decode("checkout", ensemble, encoded);

    assertThat(decoded.snapshot().series()).isEmpty();
    assertThat(decoded.lastSeq()).isEqualTo(health.lastSeq());
    accept(decoded, LATENCY, 150);
    assertThat(decoded.snapshot().metric("latency_ms").orElseThrow().sampleCount()).isEqualTo(1);
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) if (haystack[i + j] != needle[j]) continue outer;
      return i;
    }
    throw new AssertionError("not found");
  }

  @Test
  void checkpointOfFormatOneWithOneDetectorPerServiceIsStillRead() throws IOException {
    var series = detector.create();
    for (int i = 0; i < 120; i++) series.update(T0 + i, 150 + random.nextGaussian());
    var bytes = new java.io.ByteArrayOutputStream();
    try (var out = new java.io.DataOutputStream(bytes)) {
      out.writeInt(1);
      out.writeUTF("zscore-rules");
      out.writeByte(HealthState.STABLE.ordinal());
      out.writeLong(120); // last seq
      out.writeLong(T0);
      out.writeLong(T0 + 119);
      out.writeInt(1);
      out.writeUTF("latency_ms");
      out.writeUTF(LATENCY.labelsText());
      series.writeTo(out);
    }

    ServiceHealth decoded = ServiceHealth.decode("checkout", detector, bytes.toByteArray());

    assertThat(decoded.lastSeq()).isEqualTo(120);
    assertThat(decoded.snapshot().metric("latency_ms")).contains(series.snapshot());
  }

  private ServiceHealth warmedService() {
    ServiceHealth health = new ServiceHealth("checkout", detector);
    for (int i = 0; i < 120; i++) {
      accept(health, LATENCY, 150 + 25 * random.nextGaussian());
      accept(health, PAYLOAD, 40 + 2 * random.nextGaussian());
    }
    assertThat(health.snapshot().state()).isEqualTo(HealthState.STABLE);
    return health;
  }

  private void accept(ServiceHealth health, SeriesKey key, double value) {
    seq++;
    health.accept(new StoredSample(seq, new Sample(key, T0 + seq * 1000, value)), transitions::add);
  }
}
