package io.driftline.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.driftline.health.HealthState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IsolationForestTest {

  /** Three correlated golden signals: throughput, latency rising with it, errors flat. */
  private static double[][] workload(int n, long seed) {
    Random r = new Random(seed);
    double[][] rows = new double[n][];
    for (int i = 0; i < n; i++) {
      double load = 100 + 10 * r.nextGaussian();
      rows[i] = new double[] {load, 50 + 0.5 * load + r.nextGaussian(), 1 + 0.1 * r.nextGaussian()};
    }
    return rows;
  }

  @Test
  void averagePathLengthMatchesThePaper() {
    assertThat(IsolationForest.averagePathLength(1)).isZero();
    assertThat(IsolationForest.averagePathLength(2)).isEqualTo(1);
    assertThat(IsolationForest.averagePathLength(256)).isCloseTo(10.2448, within(1e-3));
  }

  @Test
  void farPointScoresNearOneAndTheCentreBelowHalf() {
    var forest = IsolationForest.fit(workload(512, 1), 100, 256, new Random(1));
    assertThat(forest.score(new double[] {100, 100, 1})).isLessThan(0.5);
    assertThat(forest.score(new double[] {300, 250, 5})).isGreaterThan(0.75);
  }

  @Test
  void brokenCorrelationRanksAboveTheTypicalRowOnly() {
    var forest = IsolationForest.fit(workload(512, 2), 100, 256, new Random(2));
    double[] scores =
        Arrays.stream(workload(2000, 3)).mapToDouble(forest::score).sorted().toArray();
    // high load with the latency of low load, each value alone within two standard deviations:
    // axis-parallel cuts see it only weakly (Hariri et al. 2019, "Extended Isolation Forest")
    double broken = forest.score(new double[] {118, 92, 1});
    assertThat(broken).isGreaterThan(scores[scores.length / 2]);
  }

  @Test
  void streamingDetectorWarmsUpAlertsOnAnOutageAndReplaysIdentically() {
    var detector = new IsolationForestDetector(IsolationForestDetector.Settings.DEFAULTS, 3);
    double[][] rows = workload(1500, 4);
    for (int i = 1200; i < 1205; i++) rows[i] = new double[] {20, 400, 30}; // errors and latency up
    List<Verdict> first = run(detector, rows);
    List<Verdict> second = run(detector, rows);

    assertThat(first.get(0).state()).isEqualTo(HealthState.INSUFFICIENT_DATA);
    assertThat(first.get(300).state()).isEqualTo(HealthState.STABLE);
    assertThat(alerts(first)).hasSize(1);
    assertThat(alerts(first).get(0)).isBetween(1200, 1204); // within 5 rows, like SPIKE
    assertThat(first.get(1204).score()).isGreaterThan(0.7);
    assertThat(second).isEqualTo(first);
  }

  @Test
  void ordinaryTrafficRaisesNoAlert() {
    var detector = new IsolationForestDetector(IsolationForestDetector.Settings.DEFAULTS, 3);
    assertThat(alerts(run(detector, workload(3000, 5)))).isEmpty();
  }

  @Test
  void restoringACheckpointAtAnyRowContinuesExactlyAsWithoutRestart() throws Exception {
    var detector = new IsolationForestDetector(IsolationForestDetector.Settings.DEFAULTS, 3);
    double[][] rows = workload(1500, 6);
    for (int i = 1200; i < 1210; i++) rows[i] = new double[] {20, 400, 30};
    List<Verdict> uninterrupted = run(detector, rows);
    // before the first forest, right after a regrowth, between two, in warm-up, during the alarm
    for (int cut : new int[] {100, 255, 256, 384, 385, 517, 1203, 1206}) {
      var state = detector.create();
      for (int i = 0; i < cut; i++) state.update(i * 60_000L, rows[i]);
      var bytes = new ByteArrayOutputStream();
      state.writeTo(new DataOutputStream(bytes));
      var restored =
          detector.restore(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
      List<Verdict> after = new ArrayList<>();
      for (int i = cut; i < rows.length; i++) after.add(restored.update(i * 60_000L, rows[i]));
      assertThat(after).as("restored at row " + cut).isEqualTo(uninterrupted.subList(cut, 1500));
      assertThat(bytes.size()).as("checkpoint bytes").isLessThan(12_000);
    }
  }

  @Test
  void aCheckpointOfOtherSettingsIsRefused() throws Exception {
    var state = new IsolationForestDetector(IsolationForestDetector.Settings.DEFAULTS, 3).create();
    var bytes = new ByteArrayOutputStream();
    state.writeTo(new DataOutputStream(bytes));
    var other = new IsolationForestDetector(IsolationForestDetector.Settings.DEFAULTS, 4);
    assertThatThrownBy(
            () -> other.restore(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))))
        .isInstanceOf(java.io.IOException.class)
        .hasMessageContaining("over 3 columns");
  }

  private static List<Verdict> run(IsolationForestDetector detector, double[][] rows) {
    var state = detector.create();
    List<Verdict> out = new ArrayList<>();
    for (int i = 0; i < rows.length; i++) out.add(state.update(i * 60_000L, rows[i]));
    return out;
  }

  private static List<Integer> alerts(List<Verdict> verdicts) {
    List<Integer> at = new ArrayList<>();
    for (int i = 0; i < verdicts.size(); i++) {
      var c = verdicts.get(i).change();
      if (c.isPresent() && verdicts.get(i).state() == HealthState.DRIFT_DETECTED) at.add(i);
    }
    return at;
  }
}
