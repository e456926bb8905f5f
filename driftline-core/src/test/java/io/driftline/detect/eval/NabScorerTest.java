package io.driftline.detect.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One file of 100 rows (probation: the first 15) with one window over rows 50-59; the expected
 * values are worked out by hand from NAB's scaled sigmoid s(x) = 2 / (1 + e^{5x}) - 1.
 */
class NabScorerTest {
  private final NabFile file = new NabFile("cat/f.csv", 100, new int[][] {{50, 59}});
  private final List<NabFile> corpus = List.of(file);

  private Map<String, double[]> detectionsAt(int... rows) {
    double[] a = new double[100];
    for (int r : rows) a[r] = 1;
    return Map.of("cat/f.csv", a);
  }

  private NabScorer.Totals standard(int... rows) {
    return NabScorer.score(corpus, detectionsAt(rows), NabProfile.STANDARD, 0.5).total();
  }

  @Test
  void detectionAtLeftEdgeIsPerfect() {
    assertThat(standard(50).raw()).isCloseTo(1.0, offset(1e-12));
    assertThat(standard(50).normalized()).isCloseTo(100.0, offset(1e-9));
  }

  @Test
  void onlyTheEarliestDetectionInAWindowCounts() {
    assertThat(standard(55, 50, 59).raw()).isCloseTo(1.0, offset(1e-12));
  }

  @Test
  void detectionAtRightEdgeEarnsAQuarter() {
    // s(-1/10) / s(-1) = 0.244919 / 0.986614
    assertThat(standard(59).raw()).isCloseTo(0.248242, offset(1e-6));
  }

  @Test
  void missedWindowCostsFnWeightAndNullScoresZero() {
    assertThat(standard().raw()).isEqualTo(-1.0);
    assertThat(standard().normalized()).isEqualTo(0.0);
    assertThat(NabScorer.score(corpus, detectionsAt(), NabProfile.REWARD_LOW_FN, 0.5).total().raw())
        .isEqualTo(-2.0);
  }

  @Test
  void detectionsInProbationAreIgnored() {
    assertThat(standard(3, 14).raw()).isEqualTo(-1.0);
    assertThat(standard(3, 14).fpRows()).isZero();
  }

  @Test
  void falsePositiveBeforeAnyWindowCostsFullFpWeight() {
    assertThat(standard(30).raw()).isCloseTo(-1.11, offset(1e-12));
    assertThat(
            NabScorer.score(corpus, detectionsAt(30), NabProfile.REWARD_LOW_FP, 0.5).total().raw())
        .isCloseTo(-1.22, offset(1e-12));
    assertThat(standard(30).normalized()).isCloseTo(-5.5, offset(1e-9));
  }

  @Test
  void falsePositiveAfterAWindowCostsTheSigmoidOfItsDistance() {
    // 0.11 * s((69 - 59) / (10 - 1)) = 0.11 * -0.992298
    assertThat(standard(50, 69).raw()).isCloseTo(1 - 0.1091528, offset(1e-6));
  }

  @Test
  void windowEndingInProbationIsNotCounted() {
    NabFile early = new NabFile("cat/e.csv", 100, new int[][] {{2, 8}, {50, 59}});
    var t =
        NabScorer.score(
                List.of(early), Map.of("cat/e.csv", new double[100]), NabProfile.STANDARD, 0.5)
            .total();
    assertThat(t.windowsCounted()).isEqualTo(1);
    assertThat(t.nullScore()).isEqualTo(-1.0);
    assertThat(t.perfect()).isEqualTo(2.0); // NAB's perfect counts every labelled window
  }

  @Test
  void optimisedThresholdSkipsTheHigherScoredFalsePositive() {
    double[] a = new double[100];
    a[30] = 0.9; // outside: -0.11
    a[50] = 0.8; // left edge: +1 (and the miss penalty goes away)
    a[70] = 0.1; // far after the window: about -0.11
    var r = NabScorer.optimise(corpus, Map.of("cat/f.csv", a), NabProfile.STANDARD);
    assertThat(r.threshold()).isEqualTo(0.8);
    assertThat(r.total().raw()).isCloseTo(0.89, offset(1e-12));
    assertThat(r.total().windowsHit()).isEqualTo(1);
  }

  @Test
  void optimisedThresholdIsInfiniteWhenEveryDetectionHurts() {
    double[] a = new double[100];
    a[30] = 0.9;
    var r = NabScorer.optimise(corpus, Map.of("cat/f.csv", a), NabProfile.STANDARD);
    assertThat(r.threshold()).isInfinite();
    assertThat(r.total().normalized()).isEqualTo(0.0);
  }
}
