package io.driftline.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GoldenSignalsConfigTest {

  private static DriftlineConfig load(Map<String, String> values) {
    return ConfigLoader.load(Optional.empty(), Map.of(), values);
  }

  @Test
  void offByDefaultAndTheSeedsSignalsWhenOn() {
    assertThat(load(Map.of()).goldenSignals().enabled()).isFalse();
    var on = load(Map.of("detection.multivariate", "Isolation-Forest")).goldenSignals();
    assertThat(on.enabled()).isTrue();
    assertThat(on.spec()).isEqualTo("latency_ms|latency_p95_ms,throughput_rps,error_rate");
  }

  @Test
  void anUnknownModeOrABadMetricListStopsStartUpNamingTheKey() {
    assertThatThrownBy(() -> load(Map.of("detection.multivariate", "svm")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("detection.multivariate must be off or isolation-forest");
    assertThatThrownBy(
            () ->
                load(
                    Map.of(
                        "detection.multivariate", "isolation-forest",
                        "detection.multivariate_metrics", "latency_ms")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("detection.multivariate_metrics need 2 to 16 metrics");
  }

  @Test
  void theEnvironmentSetsIt() {
    var config =
        ConfigLoader.load(
            Optional.empty(),
            Map.of(
                "DRIFTLINE_DETECTION_MULTIVARIATE", "isolation-forest",
                "DRIFTLINE_DETECTION_MULTIVARIATE_METRICS", "latency_ms,cpu_cores"),
            Map.of());
    assertThat(config.goldenSignals().column("cpu_cores")).isEqualTo(1);
  }
}
