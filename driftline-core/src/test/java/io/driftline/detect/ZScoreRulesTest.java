package io.driftline.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ZScoreRulesTest {

  @Test
  void defaultsAreTheDriftWatchRules() {
    assertThat(ZScoreRules.DEFAULTS)
        .isEqualTo(new ZScoreRules(100, 3.0, 5, 2.5, 10, 20, 2.0, 50, 1000));
  }

  @Test
  void rejectsModerateCountLargerThanItsWindow() {
    assertThatThrownBy(() -> new ZScoreRules(100, 3.0, 5, 2.5, 21, 20, 2.0, 50, 1000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("moderate_count must be <= moderate_window but was 21 > 20");
  }

  @Test
  void rejectsRecoveryZAboveModerateZ() {
    assertThatThrownBy(() -> new ZScoreRules(100, 3.0, 5, 2.5, 10, 20, 2.6, 50, 1000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("recovery_z <= moderate_z <= severe_z")
        .hasMessageContaining("2.6, 2.5, 3.0");
  }

  @Test
  void rejectsModerateZAboveSevereZ() {
    assertThatThrownBy(() -> new ZScoreRules(100, 3.0, 5, 3.5, 10, 20, 2.0, 50, 1000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2.0, 3.5, 3.0");
  }

  @Test
  void rejectsNonPositiveOrNaNZThresholdsNamingThem() {
    assertThatThrownBy(() -> new ZScoreRules(100, 3.0, 5, 2.5, 10, 20, 0.0, 50, 1000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be > 0")
        .hasMessageContaining("0.0");
    assertThatThrownBy(() -> new ZScoreRules(100, Double.NaN, 5, 2.5, 10, 20, 2.0, 50, 1000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NaN");
  }

  @Test
  void rejectsNonPositiveCountsNamingFieldAndValue() {
    assertThatThrownBy(() -> new ZScoreRules(100, 3.0, 0, 2.5, 10, 20, 2.0, 50, 1000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("severe_count")
        .hasMessageContaining("0");
    assertThatThrownBy(() -> new ZScoreRules(100, 3.0, 5, 2.5, 10, 20, 2.0, -1, 1000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("recovery_count")
        .hasMessageContaining("-1");
    assertThatThrownBy(() -> new ZScoreRules(100, 3.0, 5, 2.5, 10, 20, 2.0, 50, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("baseline_window");
  }

  @Test
  void rejectsWarmupBelowTwoNamingTheGivenValue() {
    // a standard deviation needs two samples
    assertThatThrownBy(() -> new ZScoreRules(1, 3.0, 5, 2.5, 10, 20, 2.0, 50, 1000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("warmup must be >= 2 but was 1");
  }

  @Test
  void acceptsEqualThresholds() {
    assertThat(new ZScoreRules(2, 2.0, 1, 2.0, 20, 20, 2.0, 1, 1).moderateCount()).isEqualTo(20);
  }
}
