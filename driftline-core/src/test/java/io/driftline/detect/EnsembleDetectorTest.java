package io.driftline.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.health.HealthState;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnsembleDetectorTest {
  private final Detector ensemble = new EnsembleDetector();
  private static final double ALARM =
      EnsembleDetector.score(EnsembleDetector.Settings.DEFAULTS.alarmSurprise());

  @Test
  void seasonalPatternWithoutAnomalyRaisesNoAlert() {
    double[] x = Series.seasonal(4000, 48, 10, 0.5, 7);
    assertThat(Series.alerts(Series.run(ensemble, x))).isEmpty();
  }

  @Test
  void flattenedCycleInSeasonalPatternIsAlerted() {
    double[] x = Series.seasonal(4000, 48, 10, 0.5, 8);
    for (int i = 3000; i < 3048; i++) x[i] = 100 + 0.5 * Math.sin(i); // the daily swing stops
    List<Integer> alerts = Series.alerts(Series.run(ensemble, x));
    // no false drift in the 3,000 samples before: the likelihood layer's alarms on a quiet
    // series (about one per 3,000 samples) are not confirmed by the samples after them
    assertThat(alerts.stream().filter(i -> i < 3000)).isEmpty();
    assertThat(alerts.stream().filter(i -> i >= 3000).findFirst())
        .hasValueSatisfying(i -> assertThat(i).isBetween(3000, 3024));
  }

  @Test
  void robustZAloneMissesTheSameFlattenedCycle() {
    double[] x = Series.seasonal(4000, 48, 10, 0.5, 8);
    for (int i = 3000; i < 3048; i++) x[i] = 100 + 0.5 * Math.sin(i);
    assertThat(Series.alerts(Series.run(new RobustZDetector(), x))).isEmpty();
  }

  @Test
  void rampIsAlertedOnceAndScoreIsSuppressedAfterwards() {
    double[] x = Series.noise(1500, 100, 1, 9);
    for (int i = 800; i < x.length; i++) x[i] += 0.02 * (i - 800);
    List<Verdict> v = Series.run(ensemble, x);
    List<Integer> alerts = Series.scoreAlerts(v, ALARM);
    assertThat(alerts).isNotEmpty();
    int first = alerts.get(0);
    assertThat(first).isBetween(800, 1100);
    // the state says drift from the alert on, for as long as the series stays off its baseline
    assertThat(Series.alerts(v)).first().satisfies(i -> assertThat(i).isBetween(800, 1100));
    assertThat(v.get(v.size() - 1).state()).isEqualTo(HealthState.DRIFT_DETECTED);
    double alarm = EnsembleDetector.score(EnsembleDetector.Settings.DEFAULTS.alarmSurprise());
    assertThat(v.subList(first + 1, first + 1 + EnsembleDetector.Settings.DEFAULTS.refractory()))
        .allSatisfy(s -> assertThat(s.score()).isZero());
    assertThat(v.get(first).score()).isGreaterThanOrEqualTo(alarm);
  }

  @Test
  void newExtremeInBurstySeriesIsAlertedOnItsSample() {
    java.util.Random r = new java.util.Random(12);
    double[] x = new double[3000];
    for (int i = 0; i < x.length; i++) {
      x[i] = 100 + r.nextGaussian() + (r.nextDouble() < 0.02 ? 20 + 10 * r.nextDouble() : 0);
    }
    double max = java.util.Arrays.stream(x).max().orElseThrow();
    double min = java.util.Arrays.stream(x).min().orElseThrow();
    x[2500] = max + 0.2 * (max - min); // beyond every earlier burst
    List<Verdict> v = Series.run(ensemble, x);
    assertThat(Series.scoreAlerts(v, ALARM)).contains(2500);
    assertThat(v.get(2500).score()).isGreaterThanOrEqualTo(EnsembleDetector.score(10));
    // one sample, however extreme, is not a drift of the state: it needs confirming samples
    assertThat(Series.alerts(v)).doesNotContain(2500, 2501, 2502, 2503, 2504);
  }

  @Test
  void valuesBeyondFloatRangeInSeasonalSeriesAreScored() {
    double[] x = Series.seasonal(3000, 48, 10, 0.5, 14);
    x[2500] = 1e300; // the period history keeps floats: clamped, never infinite
    x[2600] = -1e300;
    List<Verdict> v = Series.run(ensemble, x);
    assertThat(v).allSatisfy(s -> assertThat(s.score()).isBetween(0.0, 1.0));
    assertThat(Series.scoreAlerts(v, ALARM)).contains(2500);
  }

  /**
   * The health state survives a checkpoint at every step of a drift: while an alarm waits for
   * confirmation, while drifting with the baseline frozen, while recovering, and while the level
   * shift check waits to be re-armed.
   */
  @Test
  void checkpointsDuringADriftContinueExactly() throws Exception {
    double[] x = Series.noise(1400, 100, 1, 21);
    for (int i = 500; i < 800; i++) x[i] += 10; // degraded for 300 samples
    for (int i = 1000; i < x.length; i++) x[i] += 0.02 * (i - 1000); // then a creep
    List<Verdict> straight = Series.run(ensemble, x);
    assertThat(Series.alerts(straight)).hasSize(2).first().isEqualTo(502);
    for (int at : new int[] {501, 502, 520, 810, 851, 900}) {
      SeriesDetector split = ensemble.create();
      for (int i = 0; i < x.length; i++) {
        if (i == at) split = Series.roundTrip(ensemble, split);
        assertThat(split.update(i, x[i]))
            .as("checkpoint at %d, sample %d", at, i)
            .isEqualTo(straight.get(i));
      }
    }
  }

  @Test
  void periodIsFoundWithoutConfiguration() {
    SeasonalPeriod p = new SeasonalPeriod(1024, 256);
    double[] x = Series.seasonal(2048, 48, 10, 0.5, 10);
    for (double v : x) p.add(v, 100, 7); // the grid: median and robust spread of the series
    assertThat(p.period()).isEqualTo(48);
  }

  @Test
  void noiseHasNoPeriod() {
    SeasonalPeriod p = new SeasonalPeriod(1024, 256);
    for (double v : Series.noise(2048, 0, 1, 11)) p.add(v, 0, 1);
    assertThat(p.period()).isZero();
  }
}
