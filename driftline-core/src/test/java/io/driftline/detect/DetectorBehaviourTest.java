package io.driftline.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.health.HealthState;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What every score-based detector must get right on series with known answers. */
class DetectorBehaviourTest {
  static Stream<Detector> detectors() {
    return Stream.of(new RobustZDetector(), new CusumDetector(), new EnsembleDetector());
  }

  static Stream<Detector> spikeDetectors() {
    return Stream.of(new RobustZDetector(), new EnsembleDetector());
  }

  /** Detectors whose state changes on a single outlier (not the ensemble: it waits for more). */
  static Stream<Detector> singleSampleDetectors() {
    return Stream.of(new RobustZDetector());
  }

  @ParameterizedTest
  @MethodSource("detectors")
  void stepOfFiveSigmaIsAlertedWithinFiveSamples(Detector d) {
    double[] x = Series.noise(800, 100, 1, 1);
    for (int i = 500; i < x.length; i++) x[i] += 5;
    List<Integer> alerts = Series.alerts(Series.run(d, x));
    assertThat(alerts).isNotEmpty();
    assertThat(alerts.get(0)).isBetween(500, 505);
  }

  @ParameterizedTest
  @MethodSource("detectors")
  void pureNoiseRaisesNoAlert(Detector d) {
    assertThat(Series.alerts(Series.run(d, Series.noise(3000, 100, 1, 2)))).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("singleSampleDetectors")
  void singleSpikeIsAlertedOnItsSample(Detector d) {
    double[] x = Series.noise(800, 100, 1, 3);
    x[500] += 12;
    List<Verdict> v = Series.run(d, x);
    assertThat(Series.alerts(v)).containsExactly(500);
    assertThat(v.get(500).score()).isGreaterThan(v.get(499).score());
  }

  /**
   * The ensemble scores a single outlier on its sample but its state waits for confirming samples
   * (EnsembleHealth): one sample is not a drift.
   */
  @org.junit.jupiter.api.Test
  void ensembleScoresASingleSpikeOnItsSampleWithoutAStateChange() {
    double[] x = Series.noise(800, 100, 1, 3);
    x[500] += 12;
    List<Verdict> v = Series.run(new EnsembleDetector(), x);
    double alarm = EnsembleDetector.score(EnsembleDetector.Settings.DEFAULTS.alarmSurprise());
    assertThat(Series.scoreAlerts(v, alarm)).containsExactly(500);
    assertThat(Series.alerts(v)).isEmpty();
    assertThat(v.subList(30, 800))
        .allSatisfy(s -> assertThat(s.state()).isEqualTo(HealthState.STABLE));
  }

  @ParameterizedTest
  @MethodSource("detectors")
  void constantSeriesScoresZeroAndAnyChangeIsAlerted(Detector d) {
    double[] x = new double[600];
    java.util.Arrays.fill(x, 5.0);
    java.util.Arrays.fill(x, 400, 600, 6.0);
    List<Verdict> v = Series.run(d, x);
    assertThat(v.subList(0, 400)).allSatisfy(s -> assertThat(s.score()).isZero());
    assertThat(Series.alerts(v)).first().satisfies(i -> assertThat(i).isBetween(400, 405));
  }

  @ParameterizedTest
  @MethodSource("detectors")
  void scoresStayInUnitInterval(Detector d) {
    double[] x = Series.noise(1000, 0, 1, 4);
    x[700] = 1e9;
    assertThat(Series.run(d, x)).allSatisfy(v -> assertThat(v.score()).isBetween(0.0, 1.0));
  }

  @ParameterizedTest
  @MethodSource("detectors")
  void restoredStateContinuesExactly(Detector d) throws Exception {
    double[] x = Series.seasonal(2000, 48, 10, 1, 5);
    x[1500] += 30;
    SeriesDetector straight = d.create();
    SeriesDetector split = d.create();
    for (int i = 0; i < x.length; i++) {
      if (i == 1300) split = Series.roundTrip(d, split);
      Verdict a = straight.update(i, x[i]);
      Verdict b = split.update(i, x[i]);
      assertThat(b).as("sample %d", i).isEqualTo(a);
    }
  }

  @ParameterizedTest
  @MethodSource("spikeDetectors")
  void spikeIsAtLeastCriticalAndCheckpointKeepsTheSeverity(Detector d) throws Exception {
    double[] x = Series.noise(1000, 100, 1, 3);
    x[700] = 150;
    SeriesDetector s = d.create();
    for (int i = 0; i <= 700; i++) s.update(i, x[i]);
    BaselineSnapshot atSpike = s.snapshot();

    assertThat(atSpike.severity()).isIn(AnomalySeverity.CRITICAL, AnomalySeverity.EMERGENCY);
    assertThat(Series.roundTrip(d, s).snapshot()).isEqualTo(atSpike);
  }

  @ParameterizedTest
  @MethodSource("detectors")
  void calmSeriesIsInfo(Detector d) {
    SeriesDetector s = d.create();
    double[] x = Series.noise(500, 10, 1, 6);
    for (int i = 0; i < x.length; i++) s.update(i, x[i]);
    assertThat(s.snapshot().severity()).isEqualTo(AnomalySeverity.INFO);
  }

  @ParameterizedTest
  @MethodSource("detectors")
  void warmsUpThenBecomesStable(Detector d) {
    List<Verdict> v = Series.run(d, Series.noise(200, 10, 1, 6));
    assertThat(v.get(0).state()).isEqualTo(HealthState.INSUFFICIENT_DATA);
    assertThat(v.get(199).state()).isEqualTo(HealthState.STABLE);
  }
}
