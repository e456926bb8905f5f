package io.driftline.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftline.sources.hawkeye.HawkeyeSettings;
import io.driftline.sources.newrelic.NewRelicSettings;
import io.driftline.workload.PodSignal;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SaasSourceConfigTest {
  @TempDir Path dir;

  static DriftlineConfig load(Map<String, String> env) {
    return ConfigLoader.load(Optional.empty(), env, Map.of());
  }

  @Test
  void bothSourcesAreOffUntilGivenCredentialsOrAnAddress() {
    var config = load(Map.of());

    assertThat(config.newRelic()).isEmpty();
    assertThat(config.hawkeye()).isEmpty();
    assertThat(config.otlp().serviceAttribute()).isEqualTo("service.name");
  }

  @Test
  void theSeedsVariablesConfigureTheSourcesAndDriftlineVariablesWin() {
    var config =
        load(
            Map.of(
                "NEWRELIC_API_KEY", "NRAK-seed",
                "NEWRELIC_ACCOUNT_ID", "1234567",
                "DRIFTLINE_SOURCES_NEWRELIC_REGION", "eu",
                "HAWKEYE_BASE_URL", "https://hawkeye.example",
                "HAWKEYE_API_KEY", "hk-seed",
                "DRIFTLINE_SOURCES_HAWKEYE_API_KEY", "hk-driftline"));

    NewRelicSettings nr = config.newRelic().orElseThrow();
    assertThat(nr.apiKey()).isEqualTo("NRAK-seed");
    assertThat(nr.accountId()).isEqualTo(1234567);
    assertThat(nr.endpoint()).isEqualTo(NewRelicSettings.EU_ENDPOINT);
    assertThat(nr.bucket()).isEqualTo(Duration.ofMinutes(1));
    assertThat(nr.retry().requestTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(nr.queries()).isEqualTo(NewRelicSettings.DEFAULT_QUERIES);
    HawkeyeSettings hk = config.hawkeye().orElseThrow();
    assertThat(hk.baseUrl()).isEqualTo(URI.create("https://hawkeye.example"));
    assertThat(hk.apiKey()).isEqualTo("hk-driftline");
    assertThat(hk.pagination()).isEqualTo(HawkeyeSettings.Pagination.CURSOR);
    assertThat(hk.fields()).containsEntry("pod", "/pod_name");
  }

  @Test
  void queriesAndMappingsComeFromTheConfigFile() throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("driftline.yaml"),
            """
            sources:
              newrelic:
                api_key: NRAK-file
                account_id: 42
                endpoint: http://127.0.0.1:9999/graphql
                query:
                  latency_p50_ms: ""
                  disk_read_bps: "SELECT average(fsReadBytesPerSecond) AS value FROM K8sContainerSample FACET namespaceName, podName, deploymentName"
              hawkeye:
                base_url: http://127.0.0.1:9998
                pagination: page
                items: ""
                fields: "pod=/pod/name,latency_p95_ms=/latency/p95"
            """);

    var config = ConfigLoader.load(Optional.of(file), Map.of(), Map.of());

    var nr = config.newRelic().orElseThrow();
    assertThat(nr.endpoint()).isEqualTo(URI.create("http://127.0.0.1:9999/graphql"));
    assertThat(nr.queries()).doesNotContainKey(PodSignal.LATENCY_P50_MS);
    assertThat(nr.queries().get(PodSignal.DISK_READ_BPS))
        .startsWith("SELECT average(fsReadBytesPerSecond)");
    var hk = config.hawkeye().orElseThrow();
    assertThat(hk.pagination()).isEqualTo(HawkeyeSettings.Pagination.PAGE);
    assertThat(hk.items()).isEmpty();
    assertThat(hk.fields())
        .containsEntry("pod", "/pod/name")
        .containsEntry("latency_p95_ms", "/latency/p95");
  }

  @Test
  void halfAConfigurationStopsStartUpNamingWhatIsMissingButNotTheKey() {
    assertThatThrownBy(() -> load(Map.of("NEWRELIC_API_KEY", "NRAK-secret")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("NEWRELIC_ACCOUNT_ID")
        .hasMessageNotContaining("NRAK-secret");
    assertThatThrownBy(() -> load(Map.of("NEWRELIC_ACCOUNT_ID", "1")))
        .hasMessageContaining("NEWRELIC_API_KEY");
    assertThatThrownBy(
            () ->
                load(
                    Map.of(
                        "NEWRELIC_API_KEY",
                        "k",
                        "NEWRELIC_ACCOUNT_ID",
                        "1",
                        "DRIFTLINE_SOURCES_NEWRELIC_REGION",
                        "mars")))
        .hasMessageContaining("us or eu");
    assertThatThrownBy(
            () ->
                load(
                    Map.of(
                        "HAWKEYE_BASE_URL",
                        "https://h",
                        "DRIFTLINE_SOURCES_HAWKEYE_PAGINATION",
                        "links")))
        .hasMessageContaining("sources.hawkeye.pagination must be one of [cursor, page, none]");
  }
}
