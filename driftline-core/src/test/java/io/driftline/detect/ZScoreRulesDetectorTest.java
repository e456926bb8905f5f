package io.driftline.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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

class ZScoreRulesDetectorTest {
  private static final double MEAN = 150;
  private static final double STDDEV = 25;

  private final Random random = new Random(20240601L);
  private long time = 1_700_000_000_000L;

  @Test
  void staysInsufficientDataFor99SamplesAndTurnsStableAtThe100th() {
    SeriesDetector detector = defaults();
    for (int i = 1; i <= 99; i++) {
      Verdict verdict = feed(detector, normal());
      assertThat(verdict.state()).as("sample %d", i).isEqualTo(HealthState.INSUFFICIENT_DATA);
      assertThat(verdict.change()).isEmpty();
      assertThat(verdict.z()).isZero();
      assertThat(verdict.score()).isZero();
    }
    Verdict ready = feed(detector, normal());

    assertThat(ready.state()).isEqualTo(HealthState.STABLE);
    assertThat(ready.change())
        .hasValueSatisfying(
            change -> {
              assertThat(change.from()).isEqualTo(HealthState.INSUFFICIENT_DATA);
              assertThat(change.rule()).isEqualTo("baseline_ready");
              assertThat(change.zScores()).isEmpty();
            });
    BaselineSnapshot snapshot = detector.snapshot();
    assertThat(snapshot.sampleCount()).isEqualTo(100);
    assertThat(snapshot.baselineCount()).isEqualTo(100);
    assertThat(snapshot.mean()).isCloseTo(MEAN, within(10.0));
    assertThat(snapshot.stddev()).isCloseTo(STDDEV, within(5.0));
  }

  @Test
  void spikeOfFiveSamplesEntersDriftOnTheFifth() {
    SeriesDetector detector = warmed(defaults(), 50);
    List<Double> spikeZs = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      Verdict verdict = feed(detector, atZ(detector, 6));
      assertThat(verdict.state()).as("spike sample %d", i).isEqualTo(HealthState.STABLE);
      assertThat(verdict.change()).isEmpty();
      spikeZs.add(verdict.z());
    }
    Verdict fifth = feed(detector, atZ(detector, 6));
    spikeZs.add(fifth.z());

    assertThat(fifth.state()).isEqualTo(HealthState.DRIFT_DETECTED);
    assertThat(fifth.z()).isCloseTo(6, within(1e-9));
    assertThat(fifth.score()).isGreaterThan(0.9999);
    assertThat(fifth.change())
        .hasValueSatisfying(
            change -> {
              assertThat(change.from()).isEqualTo(HealthState.STABLE);
              assertThat(change.rule()).isEqualTo("severe");
              assertThat(change.zScores()).containsExactlyElementsOf(spikeZs);
            });
    assertThat(detector.snapshot().state()).isEqualTo(HealthState.DRIFT_DETECTED);
  }

  @Test
  void negativeSpikeCountsLikeAPositiveOne() {
    SeriesDetector detector = warmed(defaults(), 50);
    Verdict last = null;
    for (int i = 0; i < 5; i++) last = feed(detector, atZ(detector, -4));
    assertThat(last.state()).isEqualTo(HealthState.DRIFT_DETECTED);
    assertThat(last.change().orElseThrow().rule()).isEqualTo("severe");
  }

  @Test
  void spikeOfFourSamplesDoesNotEnterDrift() {
    SeriesDetector detector = warmed(defaults(), 50);
    for (int i = 0; i < 4; i++) feed(detector, atZ(detector, 6));
    Verdict after = feed(detector, atZ(detector, 0));
    for (int i = 0; i < 4; i++) after = feed(detector, atZ(detector, 6));

    assertThat(after.state()).isEqualTo(HealthState.STABLE);
    assertThat(after.change()).isEmpty();
    // eight of the last twenty above 2.5: below the MODERATE count of ten
    assertThat(detector.snapshot().recentAnomalies()).isEqualTo(8);
  }

  @Test
  void samplesJustAboveSevereZDoNotCountWhenAtExactlySevereZ() {
    SeriesDetector detector = warmed(defaults(), 50);
    Verdict verdict = null;
    for (int i = 0; i < 9; i++) verdict = feed(detector, atZ(detector, i % 2 == 0 ? 2.99 : 0));
    assertThat(verdict.state()).isEqualTo(HealthState.STABLE);
  }

  @Test
  void tenOfTwentyModerateSamplesEnterDriftByModerateRule() {
    SeriesDetector detector = warmed(defaults(), 50);
    flushWindow(detector);
    List<Double> zs = new ArrayList<>();
    Verdict verdict = null;
    // high, normal, high, normal, ...: the 10th high is the 19th sample; never two in a row
    for (int i = 1; i <= 19; i++) {
      verdict = feed(detector, atZ(detector, i % 2 == 1 ? 2.8 : 0.1));
      zs.add(verdict.z());
      if (i < 19) {
        assertThat(verdict.state()).as("sample %d", i).isEqualTo(HealthState.STABLE);
        assertThat(verdict.change()).isEmpty();
      }
      assertThat(Math.abs(verdict.z())).isLessThan(3.0);
    }

    assertThat(verdict.state()).isEqualTo(HealthState.DRIFT_DETECTED);
    List<Double> windowZs = verdict.change().orElseThrow().zScores();
    assertThat(verdict.change().orElseThrow().rule()).isEqualTo("moderate");
    assertThat(verdict.change().orElseThrow().from()).isEqualTo(HealthState.STABLE);
    assertThat(windowZs).hasSize(20).endsWith(zs.toArray(Double[]::new));
    assertThat(windowZs.stream().filter(z -> Math.abs(z) > 2.5)).hasSize(10);
  }

  @Test
  void nineOfTwentyModerateSamplesDoNotEnterDrift() {
    SeriesDetector detector = warmed(defaults(), 50);
    flushWindow(detector);
    Verdict verdict = null;
    for (int i = 1; i <= 40; i++) {
      // 9 highs in every 20 consecutive samples
      boolean high = i % 20 < 18 && i % 2 == 1;
      verdict = feed(detector, atZ(detector, high ? 2.8 : 0.1));
      assertThat(verdict.state()).as("sample %d", i).isEqualTo(HealthState.STABLE);
    }
    assertThat(detector.snapshot().recentAnomalies()).isEqualTo(9);
  }

  @Test
  void recoversAfterExactlyFiftyConsecutiveNormalSamples() {
    SeriesDetector detector = drifted(defaults());
    for (int i = 1; i <= 49; i++) {
      Verdict verdict = feed(detector, atZ(detector, 1.9));
      assertThat(verdict.state()).as("normal sample %d", i).isEqualTo(HealthState.DRIFT_DETECTED);
      assertThat(verdict.change()).isEmpty();
    }
    Verdict fiftieth = feed(detector, atZ(detector, -2.0));

    assertThat(fiftieth.state()).isEqualTo(HealthState.STABLE);
    assertThat(fiftieth.change())
        .hasValueSatisfying(
            change -> {
              assertThat(change.from()).isEqualTo(HealthState.DRIFT_DETECTED);
              assertThat(change.rule()).isEqualTo("recovery");
              assertThat(change.zScores()).hasSize(20).allMatch(z -> Math.abs(z) <= 2.0 + 1e-9);
            });
    assertThat(detector.snapshot().recentAnomalies()).isZero();
  }

  @Test
  void singleSampleAboveRecoveryZResetsTheRecoveryCount() {
    SeriesDetector detector = drifted(defaults());
    for (int i = 0; i < 30; i++) feed(detector, atZ(detector, 0));
    assertThat(feed(detector, atZ(detector, 2.2)).state()).isEqualTo(HealthState.DRIFT_DETECTED);
    for (int i = 1; i <= 49; i++) {
      assertThat(feed(detector, atZ(detector, 0)).state())
          .as("normal sample %d after reset", i)
          .isEqualTo(HealthState.DRIFT_DETECTED);
    }
    Verdict verdict = feed(detector, atZ(detector, 0));
    assertThat(verdict.state()).isEqualTo(HealthState.STABLE);
    assertThat(verdict.change().orElseThrow().rule()).isEqualTo("recovery");
  }

  @Test
  void afterRecoveryTheDriftWindowDoesNotCountTowardsModerate() {
    SeriesDetector detector = drifted(defaults());
    // the drift left high z-scores in the window; recovery must forget them
    for (int i = 0; i < 50; i++) feed(detector, atZ(detector, 0));
    assertThat(detector.snapshot().state()).isEqualTo(HealthState.STABLE);
    for (int i = 0; i < 4; i++) {
      assertThat(feed(detector, atZ(detector, 2.8)).state()).isEqualTo(HealthState.STABLE);
    }
  }

  @Test
  void driftedSamplesDoNotTeachTheBaseline() {
    SeriesDetector detector = warmed(defaults(), 50);
    BaselineSnapshot before = detector.snapshot();
    Verdict verdict = null;
    for (int i = 0; i < 1000; i++)
      verdict = feed(detector, 4 * MEAN + STDDEV * random.nextGaussian());
    BaselineSnapshot after = detector.snapshot();

    assertThat(verdict.state()).isEqualTo(HealthState.DRIFT_DETECTED);
    assertThat(after.mean()).isEqualTo(before.mean());
    assertThat(after.stddev()).isEqualTo(before.stddev());
    assertThat(after.baselineCount()).isEqualTo(before.baselineCount());
    assertThat(after.sampleCount()).isEqualTo(before.sampleCount() + 1000);
  }

  @Test
  void stableSamplesWithinSevereZTeachTheBaselineAndOutliersDoNot() {
    SeriesDetector detector = warmed(defaults(), 0);
    long taught = detector.snapshot().baselineCount();
    feed(detector, atZ(detector, 1));
    assertThat(detector.snapshot().baselineCount()).isEqualTo(taught + 1);
    BaselineSnapshot beforeOutlier = detector.snapshot();
    feed(detector, atZ(detector, 3.5));
    assertThat(detector.snapshot().baselineCount()).isEqualTo(taught + 1);
    assertThat(detector.snapshot().mean()).isEqualTo(beforeOutlier.mean());
  }

  @Test
  void slowCreepOfHalfAPercentPerSampleIsDetected() {
    SeriesDetector detector = warmed(defaults(), 100);
    Verdict verdict = null;
    int n = 0;
    while (n < 1000) {
      n++;
      verdict = feed(detector, MEAN * (1 + 0.005 * n) + STDDEV * random.nextGaussian());
      if (verdict.state() == HealthState.DRIFT_DETECTED) break;
    }
    // the mean is 0.75 sigma higher every 10 samples; the baseline (window 1000) lags far behind
    assertThat(verdict.state()).isEqualTo(HealthState.DRIFT_DETECTED);
    assertThat(verdict.change().orElseThrow().rule()).isIn("severe", "moderate");
    assertThat(n).isLessThanOrEqualTo(100);
  }

  @Test
  void stableNoisySeriesOfTenThousandSamplesRaisesNoDrift() {
    SeriesDetector detector = defaults();
    int drifts = 0;
    int beyondSevereZ = 0;
    for (int i = 0; i < 10_000; i++) {
      Verdict verdict = feed(detector, normal());
      if (verdict.change().isPresent() && verdict.state() == HealthState.DRIFT_DETECTED) drifts++;
      if (Math.abs(verdict.z()) > 3.0) beyondSevereZ++;
    }
    // Under the null, five consecutive |z| > 3 has probability ~0.0027^5 per sample and ten of
    // twenty above 2.5 about C(20,10) * 0.0124^10 ~ 1e-14: over 10,000 samples the rules imply
    // none.
    assertThat(drifts).isZero();
    assertThat(detector.snapshot().state()).isEqualTo(HealthState.STABLE);
    // single outliers do happen (about 0.27% of samples) and are tolerated
    assertThat(beyondSevereZ).isBetween(5, 80);
    assertThat(detector.snapshot().stddev()).isCloseTo(STDDEV, within(2.5));
  }

  @Test
  void restoredStateContinuesWithIdenticalVerdicts() throws IOException {
    Detector zscore = new ZScoreRulesDetector(ZScoreRules.DEFAULTS);
    SeriesDetector original = zscore.create();
    for (int i = 0; i < 150; i++) feed(original, normal());
    for (int i = 0; i < 7; i++) feed(original, 3 * MEAN);
    for (int i = 0; i < 10; i++) feed(original, normal());
    assertThat(original.snapshot().state()).isEqualTo(HealthState.DRIFT_DETECTED);

    SeriesDetector restored = zscore.restore(input(bytesOf(original)));
    assertThat(restored.snapshot()).isEqualTo(original.snapshot());

    int changes = 0;
    for (int i = 0; i < 500; i++) {
      // quiet noise between spikes, so that the 50-sample recovery run completes
      double x = i % 100 < 6 ? 3 * MEAN : MEAN + 5 * random.nextGaussian();
      long t = time += 1000;
      Verdict expected = original.update(t, x);
      assertThat(restored.update(t, x)).as("sample %d", i).isEqualTo(expected);
      if (expected.change().isPresent()) changes++;
    }
    assertThat(restored.snapshot()).isEqualTo(original.snapshot());
    // recovery, then (drift, recovery) for each of the four later spikes
    assertThat(changes).as("the continuation exercised transitions").isEqualTo(9);
  }

  @Test
  void restoreDuringWarmupContinuesIdentically() throws IOException {
    Detector zscore = new ZScoreRulesDetector(ZScoreRules.DEFAULTS);
    SeriesDetector original = zscore.create();
    for (int i = 0; i < 40; i++) feed(original, normal());
    SeriesDetector restored = zscore.restore(input(bytesOf(original)));
    for (int i = 0; i < 200; i++) {
      double x = normal();
      assertThat(restored.update(time, x)).isEqualTo(original.update(time, x));
    }
    assertThat(restored.snapshot()).isEqualTo(original.snapshot());
  }

  @Test
  void restoreWithAnotherWindowSizeFails() throws IOException {
    SeriesDetector original = warmed(defaults(), 0);
    Detector narrow =
        new ZScoreRulesDetector(new ZScoreRules(100, 3.0, 5, 2.5, 5, 10, 2.0, 50, 1000));
    byte[] bytes = bytesOf(original);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> narrow.restore(input(bytes)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("20")
        .hasMessageContaining("10");
  }

  @Test
  void configuredSevereCountOfThreeEntersDriftOnTheThirdSample() {
    var rules = new ZScoreRules(20, 3.0, 3, 2.5, 10, 20, 2.0, 5, 1000);
    SeriesDetector detector = new ZScoreRulesDetector(rules).create();
    for (int i = 0; i < 19; i++) {
      assertThat(feed(detector, normal()).state()).isEqualTo(HealthState.INSUFFICIENT_DATA);
    }
    assertThat(feed(detector, normal()).state()).isEqualTo(HealthState.STABLE);
    assertThat(feed(detector, atZ(detector, 5)).state()).isEqualTo(HealthState.STABLE);
    assertThat(feed(detector, atZ(detector, 5)).state()).isEqualTo(HealthState.STABLE);
    Verdict third = feed(detector, atZ(detector, 5));
    assertThat(third.state()).isEqualTo(HealthState.DRIFT_DETECTED);
    assertThat(third.change().orElseThrow().zScores()).hasSize(3);

    for (int i = 0; i < 4; i++) {
      assertThat(feed(detector, atZ(detector, 0)).state()).isEqualTo(HealthState.DRIFT_DETECTED);
    }
    assertThat(feed(detector, atZ(detector, 0)).state()).isEqualTo(HealthState.STABLE);
  }

  @Test
  void configuredThresholdsAreHonoured() {
    // severe at |z| > 5 only: four-sigma spikes never fire SEVERE, and MODERATE needs 15 of 20
    var rules = new ZScoreRules(100, 5.0, 5, 4.5, 15, 20, 2.0, 50, 1000);
    SeriesDetector detector = warmed(new ZScoreRulesDetector(rules).create(), 20);
    for (int i = 0; i < 14; i++) {
      assertThat(feed(detector, atZ(detector, 4.8)).state()).isEqualTo(HealthState.STABLE);
    }
    Verdict fifteenth = feed(detector, atZ(detector, 4.8));
    assertThat(fifteenth.state()).isEqualTo(HealthState.DRIFT_DETECTED);
    assertThat(fifteenth.change().orElseThrow().rule()).isEqualTo("moderate");
  }

  @Test
  void detectorIsNamedZscoreRules() {
    assertThat(new ZScoreRulesDetector(ZScoreRules.DEFAULTS).name()).isEqualTo("zscore-rules");
  }

  private SeriesDetector defaults() {
    return new ZScoreRulesDetector(ZScoreRules.DEFAULTS).create();
  }

  /** Warm-up plus {@code extra} noisy samples; asserts nothing drifted on the way. */
  private SeriesDetector warmed(SeriesDetector detector, int extra) {
    while (detector.snapshot().state() == HealthState.INSUFFICIENT_DATA) feed(detector, normal());
    for (int i = 0; i < extra; i++) feed(detector, atZ(detector, random.nextGaussian() * 0.8));
    assertThat(detector.snapshot().state()).isEqualTo(HealthState.STABLE);
    return detector;
  }

  private SeriesDetector drifted(SeriesDetector detector) {
    warmed(detector, 30);
    for (int i = 0; i < 5; i++) feed(detector, atZ(detector, 8));
    assertThat(detector.snapshot().state()).isEqualTo(HealthState.DRIFT_DETECTED);
    return detector;
  }

  /** Pushes twenty typical samples so no earlier z-score is left in the MODERATE window. */
  private void flushWindow(SeriesDetector detector) {
    for (int i = 0; i < 20; i++) feed(detector, atZ(detector, 0.5));
    assertThat(detector.snapshot().recentAnomalies()).isZero();
  }

  private Verdict feed(SeriesDetector detector, double value) {
    time += 1000;
    return detector.update(time, value);
  }

  /** The value whose standard score against the detector's current baseline is {@code z}. */
  private static double atZ(SeriesDetector detector, double z) {
    BaselineSnapshot b = detector.snapshot();
    return b.mean() + z * b.stddev();
  }

  private double normal() {
    return MEAN + STDDEV * random.nextGaussian();
  }

  private static byte[] bytesOf(SeriesDetector detector) throws IOException {
    var bytes = new ByteArrayOutputStream();
    detector.writeTo(new DataOutputStream(bytes));
    return bytes.toByteArray();
  }

  private static DataInputStream input(byte[] bytes) {
    return new DataInputStream(new ByteArrayInputStream(bytes));
  }
}
