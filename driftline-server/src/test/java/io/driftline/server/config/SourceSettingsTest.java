package io.driftline.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftline.server.ingest.SourceRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SourceSettingsTest {
  private static DriftlineConfig load(Map<String, String> overrides) {
    return ConfigLoader.load(Optional.empty(), Map.of(), overrides);
  }

  @Test
  void everySourceHasItsScheduleKeysWithDefaults() {
    var sources = load(Map.of()).sources();

    assertThat(sources.byName().keySet()).containsExactlyInAnyOrderElementsOf(ConfigKeys.SOURCES);
    SourceSettings eks = sources.of("eks");
    assertThat(eks.interval()).isEmpty();
    assertThat(eks.lookback()).isEqualTo(Duration.ofHours(1));
    assertThat(eks.clusterId()).isEqualTo("default");
    assertThat(eks.namespaces()).isEmpty();
    assertThat(sources.schedule()).isTrue();
  }

  @Test
  void scheduleKeysAreTypedAndABadOneStopsStartUpNamingIt() {
    var settings =
        load(Map.of(
                "sources.prometheus.interval", "5m",
                "sources.prometheus.namespaces", " production, ,staging "))
            .sources()
            .of("prometheus");
    assertThat(settings.interval()).contains(Duration.ofMinutes(5));
    assertThat(settings.namespaces()).containsExactly("production", "staging");

    assertThatThrownBy(() -> load(Map.of("sources.newrelic.lookback", "soon")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("sources.newrelic.lookback must be a duration");
  }

  @Test
  void prometheusIsUnconfiguredWithoutAUrlAndRefusesBadSettings() {
    var registry = SourceRegistry.fromConfig(load(Map.of()).sources());
    assertThat(registry.get("prometheus").orElseThrow().source()).isEmpty();
    assertThat(registry.names())
        .containsExactlyElementsOf(List.of("hawkeye", "newrelic", "eks", "prometheus"));

    assertThatThrownBy(
            () ->
                SourceRegistry.fromConfig(
                    load(Map.of("sources.prometheus.url", "prometheus:9090")).sources()))
        .hasMessageContaining("sources.prometheus.url must be an http(s) URL");
    assertThatThrownBy(
            () ->
                SourceRegistry.fromConfig(
                    load(Map.of("sources.prometheus.url", "http://admin:hunter2@p:9090"))
                        .sources()))
        .hasMessageContaining("must not hold credentials")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(
            () ->
                SourceRegistry.fromConfig(
                    load(Map.of(
                            "sources.prometheus.url", "http://p:9090",
                            "sources.prometheus.bearer_token", "t",
                            "sources.prometheus.username", "u"))
                        .sources()))
        .hasMessageContaining("either sources.prometheus.bearer_token or username/password");
    assertThatThrownBy(
            () ->
                SourceRegistry.fromConfig(
                    load(Map.of(
                            "sources.prometheus.url",
                            "http://p:9090",
                            "sources.prometheus.step",
                            "1500ms"))
                        .sources()))
        .hasMessageContaining("step must be a whole number of seconds");
    try (var ok =
        SourceRegistry.fromConfig(
            load(Map.of("sources.prometheus.url", "http://p:9090")).sources())) {
      assertThat(ok.get("prometheus").orElseThrow().source()).isPresent();
    }
  }
}
