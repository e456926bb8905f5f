package io.driftline.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.health.HealthState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WarmupDetectorTest {
  private final Detector ensemble = new EnsembleDetector();
  private final Detector held = new WarmupDetector(ensemble, 100);
  private final Random random = new Random(5);

  private List<Verdict> feed(SeriesDetector series, int n, double mean) {
    List<Verdict> out = new ArrayList<>();
    for (int i = 0; i < n; i++) out.add(series.update(i * 1000L, mean + random.nextGaussian()));
    return out;
  }

  @Test
  void seriesIsInsufficientDataUntilTheWarmupThenBaselineReady() {
    SeriesDetector series = held.create();
    List<Verdict> verdicts = feed(series, 100, 150);

    assertThat(verdicts.subList(0, 99))
        .allSatisfy(
            v -> {
              assertThat(v.state()).isEqualTo(HealthState.INSUFFICIENT_DATA);
              assertThat(v.change()).isEmpty();
            });
    assertThat(series.snapshot().sampleCount()).isEqualTo(100);
    Verdict ready = verdicts.get(99);
    assertThat(ready.state()).isEqualTo(HealthState.STABLE);
    assertThat(ready.change())
        .hasValue(new Verdict.Change(HealthState.INSUFFICIENT_DATA, "baseline_ready", List.of()));
    assertThat(held.name()).isEqualTo("ensemble");
  }

  @Test
  void aDriftDuringTheWarmupIsReportedWhenItEnds() {
    SeriesDetector series = held.create();
    feed(series, 50, 150);
    feed(series, 49, 400); // the ensemble (ready after 30) alarms; held back
    assertThat(series.snapshot().state()).isEqualTo(HealthState.INSUFFICIENT_DATA);
    assertThat(series.snapshot().severity()).isEqualTo(AnomalySeverity.INFO);

    Verdict last = feed(series, 1, 400).get(0);

    assertThat(last.state()).isEqualTo(HealthState.DRIFT_DETECTED);
    assertThat(last.change().orElseThrow().from()).isEqualTo(HealthState.INSUFFICIENT_DATA);
    assertThat(series.snapshot().state()).isEqualTo(HealthState.DRIFT_DETECTED);
  }

  @Test
  void afterTheWarmupVerdictsAreTheWrappedDetectorsOwn() {
    SeriesDetector plain = ensemble.create();
    SeriesDetector series = held.create();
    var values = new Random(9).doubles(400).map(d -> 150 + d * 3).toArray();
    for (int i = 300; i < 400; i++) values[i] = 900; // a lasting change: confirmed on its 3rd
    List<Verdict> a = new ArrayList<>(), b = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      a.add(plain.update(i * 1000L, values[i]));
      b.add(series.update(i * 1000L, values[i]));
    }

    assertThat(b.subList(100, 400)).isEqualTo(a.subList(100, 400));
    assertThat(b.get(302).state()).isEqualTo(HealthState.DRIFT_DETECTED);
    assertThat(series.snapshot()).isEqualTo(plain.snapshot());
  }

  @Test
  void checkpointIsTheWrappedDetectorsAndRestoreRemembersTheWarmup() throws IOException {
    SeriesDetector series = held.create();
    feed(series, 60, 150);
    byte[] saved = bytes(series);

    SeriesDetector restored = held.restore(in(saved));
    assertThat(bytes(restored)).isEqualTo(saved);
    assertThat(ensemble.restore(in(saved)).snapshot().sampleCount()).isEqualTo(60);

    List<Verdict> rest = feed(restored, 40, 150);
    assertThat(rest.subList(0, 39)).allMatch(v -> v.state() == HealthState.INSUFFICIENT_DATA);
    assertThat(rest.get(39).change()).isPresent();
    assertThat(rest.get(39).state()).isEqualTo(HealthState.STABLE);
  }

  private static byte[] bytes(SeriesDetector series) throws IOException {
    var out = new ByteArrayOutputStream();
    try (var data = new DataOutputStream(out)) {
      series.writeTo(data);
    }
    return out.toByteArray();
  }

  private static DataInputStream in(byte[] bytes) {
    return new DataInputStream(new ByteArrayInputStream(bytes));
  }
}
