package io.driftline.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SeverityTest {

  @Test
  void standardScoresMapAtThreeFourAndSixSigmaOnEitherSide() {
    assertThat(AnomalySeverity.ofZ(0)).isEqualTo(AnomalySeverity.INFO);
    assertThat(AnomalySeverity.ofZ(2.99)).isEqualTo(AnomalySeverity.INFO);
    assertThat(AnomalySeverity.ofZ(-3)).isEqualTo(AnomalySeverity.WARNING);
    assertThat(AnomalySeverity.ofZ(4)).isEqualTo(AnomalySeverity.CRITICAL);
    assertThat(AnomalySeverity.ofZ(-5.9)).isEqualTo(AnomalySeverity.CRITICAL);
    assertThat(AnomalySeverity.ofZ(6)).isEqualTo(AnomalySeverity.EMERGENCY);
    assertThat(AnomalySeverity.ofZ(Double.NaN)).isEqualTo(AnomalySeverity.INFO);
  }

  @Test
  void calibratedScoresMapAtSurprisesThreeFiveAndTen() {
    assertThat(AnomalySeverity.ofScore(EnsembleDetector.score(2.9)))
        .isEqualTo(AnomalySeverity.INFO);
    assertThat(AnomalySeverity.ofScore(EnsembleDetector.score(3.1)))
        .isEqualTo(AnomalySeverity.WARNING);
    assertThat(AnomalySeverity.ofScore(EnsembleDetector.score(5)))
        .isEqualTo(AnomalySeverity.CRITICAL);
    assertThat(AnomalySeverity.ofScore(EnsembleDetector.score(10)))
        .isEqualTo(AnomalySeverity.EMERGENCY);
    assertThat(AnomalySeverity.ofScore(Double.NaN)).isEqualTo(AnomalySeverity.INFO);
  }

  @Test
  void labelsAreTheSeedsNames() {
    assertThat(AnomalySeverity.values())
        .extracting(AnomalySeverity::label)
        .containsExactly("info", "warning", "critical", "emergency");
  }
}
