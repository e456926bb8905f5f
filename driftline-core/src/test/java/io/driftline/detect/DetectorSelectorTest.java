package io.driftline.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DetectorSelectorTest {
  private final Detector rules = new ZScoreRulesDetector(ZScoreRules.DEFAULTS);

  @Test
  void overriddenMetricRunsItsDetectorAndEveryOtherTheFallback() {
    var selector =
        new DetectorSelector(
            rules, DetectorSelector.parseOverrides(" payload_kb = Ensemble ,", Detectors::byName));

    assertThat(selector.forMetric("payload_kb").name()).isEqualTo("ensemble");
    assertThat(selector.forMetric("latency_ms")).isSameAs(rules);
    assertThat(DetectorSelector.of(rules).forMetric("payload_kb")).isSameAs(rules);
  }

  @Test
  void emptyTextMeansNoOverrides() {
    assertThat(DetectorSelector.parseOverrides("", Detectors::byName)).isEmpty();
  }

  @Test
  void malformedPairsAndUnknownDetectorsAreRefusedByName() {
    assertThatThrownBy(() -> DetectorSelector.parseOverrides("payload_kb", Detectors::byName))
        .hasMessageContaining("metric=detector")
        .hasMessageContaining("payload_kb");
    assertThatThrownBy(() -> DetectorSelector.parseOverrides("cpu=oracle", Detectors::byName))
        .hasMessageContaining("cpu")
        .hasMessageContaining("oracle")
        .hasMessageContaining("ensemble");
    assertThatThrownBy(
            () -> DetectorSelector.parseOverrides("cpu=cusum,cpu=ensemble", Detectors::byName))
        .hasMessageContaining("twice");
  }

  @Test
  void overridesAreCopied() {
    var map = new java.util.HashMap<String, Detector>(Map.of("cpu", rules));
    var selector = new DetectorSelector(new CusumDetector(), map);
    map.clear();
    assertThat(selector.forMetric("cpu")).isSameAs(rules);
  }
}
