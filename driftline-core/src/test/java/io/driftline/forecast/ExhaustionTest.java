package io.driftline.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.driftline.capacity.CapacityRiskPolicy;
import io.driftline.drift.Severity;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExhaustionTest {

  /** A forecast rising by 10 a step from 10, with a 95% half-width of 1.96 * sd. */
  private static Forecast rising(double sd) {
    double[] mean = new double[10];
    double[] sds = new double[10];
    for (int i = 0; i < 10; i++) {
      mean[i] = 10 * (i + 1);
      sds[i] = sd;
    }
    return Forecast.normal("test", mean, sds);
  }

  @Test
  void theBoundCrossesFirstThenThePointForecast() {
    Exhaustion e = Exhaustion.of(rising(5), 65).orElseThrow();

    assertThat(e.firstStep()).isEqualTo(5); // 60 + 9.8 >= 65
    assertThat(e.expectedStep()).contains(6); // 70 >= 65
    assertThat(e.probability()).isCloseTo(1.0, within(1e-6)); // step 10: mean 100
  }

  @Test
  void onlyTheUpperBoundReachingCapacityIsALowConfidenceRisk() {
    Exhaustion e = Exhaustion.of(rising(5), 105).orElseThrow();

    assertThat(e.expectedStep()).isEmpty();
    assertThat(e.firstStep()).isEqualTo(9);
    // P(N(100, 5) >= 105) = 1 - Phi(1) = 0.1587
    assertThat(e.probability()).isCloseTo(0.1587, within(1e-3));
  }

  @Test
  void noRiskWhenEvenTheBoundStaysBelow() {
    assertThat(Exhaustion.of(rising(5), 200)).isEqualTo(Optional.empty());
  }

  @Test
  void normalCdfMatchesKnownValues() {
    assertThat(Exhaustion.normalCdf(0)).isCloseTo(0.5, within(1e-7));
    assertThat(Exhaustion.normalCdf(1.959964)).isCloseTo(0.975, within(1e-6));
    assertThat(Exhaustion.normalCdf(-1.281552)).isCloseTo(0.1, within(1e-6));
  }

  @Test
  void severityFollowsTheTimeLeft() {
    CapacityRiskPolicy p = CapacityRiskPolicy.DEFAULT;
    assertThat(p.severity(Duration.ofHours(5))).isEqualTo(Severity.EMERGENCY);
    assertThat(p.severity(Duration.ofDays(3))).isEqualTo(Severity.CRITICAL);
    assertThat(p.severity(Duration.ofDays(7))).isEqualTo(Severity.WARNING);
    assertThat(p.severity(Duration.ofDays(29))).isEqualTo(Severity.WARNING);
    assertThat(p.severity(Duration.ofDays(30))).isEqualTo(Severity.INFO);
  }
}
