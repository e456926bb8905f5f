package io.driftline.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  Path file(String yaml) throws IOException {
    return Files.writeString(dir.resolve("driftline.yaml"), yaml);
  }

  @Test
  void defaultsNeedNoConfiguration() {
    var config = ConfigLoader.load(Optional.empty(), Map.of(), Map.of());

    assertThat(config.server().port()).isEqualTo(8000);
    assertThat(config.storage().type()).isEqualTo(DriftlineConfig.StorageType.SQLITE);
    assertThat(config.retention().samples()).isEqualTo(Duration.ofDays(7));
    assertThat(config.retention().transitions()).isEmpty();
    assertThat(config.detection().severeCount()).isEqualTo(5);
  }

  @Test
  void layersApplyInOrderFileThenEnvironmentThenCommandLine() throws IOException {
    Path f = file("server:\n  port: 9000\n  host: 127.0.0.1\ndetection:\n  severe_z: 4\n");

    var config =
        ConfigLoader.load(
            Optional.of(f),
            Map.of("DRIFTLINE_SERVER_PORT", "9100", "PATH", "/bin"),
            Map.of("storage.type", "memory"));

    assertThat(config.server().port()).isEqualTo(9100);
    assertThat(config.server().host()).isEqualTo("127.0.0.1");
    assertThat(config.detection().severeZ()).isEqualTo(4.0);
    assertThat(config.storage().type()).isEqualTo(DriftlineConfig.StorageType.MEMORY);
  }

  @Test
  void unknownKeyInTheFileStopsStartUpNamingIt() throws IOException {
    Path f = file("server:\n  prot: 9000\n");

    assertThatThrownBy(() -> ConfigLoader.load(Optional.of(f), Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("server.prot");
  }

  @Test
  void unknownDriftlineEnvironmentVariableStopsStartUpNamingIt() {
    assertThatThrownBy(
            () ->
                ConfigLoader.load(Optional.empty(), Map.of("DRIFTLINE_SERVER_PROT", "1"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("DRIFTLINE_SERVER_PROT");
  }

  @Test
  void launcherVariablesAreNotConfiguration() {
    var config =
        ConfigLoader.load(
            Optional.empty(),
            Map.of("DRIFTLINE_JAVA_OPTS", "-Xmx1g", "DRIFTLINE_SKIP_BUILD", "1"),
            Map.of());
    assertThat(config.server().port()).isEqualTo(8000);
  }

  @Test
  void badValuesNameTheKeyAndTheValue() {
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    Optional.empty(), Map.of(), Map.of("retention.samples", "a week")))
        .hasMessageContaining("retention.samples")
        .hasMessageContaining("a week");
    assertThatThrownBy(
            () -> ConfigLoader.load(Optional.empty(), Map.of(), Map.of("server.port", "70000")))
        .hasMessageContaining("server.port");
    assertThatThrownBy(
            () -> ConfigLoader.load(Optional.empty(), Map.of(), Map.of("storage.type", "oracle")))
        .hasMessageContaining("storage.type")
        .hasMessageContaining("sqlite");
    assertThatThrownBy(
            () ->
                ConfigLoader.load(Optional.empty(), Map.of(), Map.of("detection.recovery_z", "9")))
        .hasMessageContaining("recovery_z");
  }

  @Test
  void everyKeyIsDocumentedInConfigurationMd() throws IOException {
    String doc = Files.readString(Path.of("..", "docs", "configuration.md"));
    for (var key : ConfigKeys.all().values()) {
      assertThat(doc)
          .as(key.name())
          .contains("`" + key.name() + "`")
          .contains("`" + ConfigKeys.envName(key.name()) + "`");
    }
  }

  @Test
  void theDetectorIsChosenByNameAndAnUnknownOneIsRefused() {
    var config =
        ConfigLoader.load(Optional.empty(), Map.of(), Map.of("detection.detector", "zscore-rules"));
    assertThat(config.newDetector().name()).isEqualTo("zscore-rules");
    // the zero-configuration default is the detector measured best (issue 5)
    assertThat(ConfigLoader.load(Optional.empty(), Map.of(), Map.of()).newDetector().name())
        .isEqualTo("ensemble");
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    Optional.empty(), Map.of(), Map.of("detection.detector", "oracle")))
        .hasMessageContaining("detection.detector")
        .hasMessageContaining("ensemble");
  }

  @Test
  void overridesChooseADetectorPerMetricWithTheConfiguredRules() {
    var config =
        ConfigLoader.load(
            Optional.empty(),
            Map.of(),
            Map.of(
                "detection.overrides",
                "payload_kb=ensemble,error_rate=zscore-rules",
                "detection.detector",
                "cusum"));
    var detectors = config.newDetectors();
    assertThat(detectors.forMetric("payload_kb").name()).isEqualTo("ensemble");
    assertThat(detectors.forMetric("error_rate").name()).isEqualTo("zscore-rules");
    assertThat(detectors.forMetric("latency_ms").name()).isEqualTo("cusum");
    assertThat(ConfigLoader.load(Optional.empty(), Map.of(), Map.of()).newDetectors().overrides())
        .isEmpty();
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    Optional.empty(), Map.of(), Map.of("detection.overrides", "payload_kb=oracle")))
        .hasMessageContaining("detection.overrides")
        .hasMessageContaining("oracle");
  }

  @Test
  void durationsReadTheWayOperatorsWriteThem() {
    assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("7d")).isEqualTo(Duration.ofDays(7));
    assertThat(Durations.parse("PT1H")).isEqualTo(Duration.ofHours(1));
    assertThat(Durations.format(Duration.ofDays(7))).isEqualTo("7d");
    assertThat(Durations.parse("500us")).isEqualTo(Duration.ofNanos(500_000));
    assertThat(Durations.parse("0")).isEqualTo(Duration.ZERO);
    assertThat(Durations.format(Duration.ofNanos(500_000))).isEqualTo("500us");
    assertThat(Durations.format(Duration.ZERO)).isEqualTo("0");
  }

  @Test
  void theGroupCommitWindowMayBeZeroButNotNegative() {
    assertThat(
            ConfigLoader.load(
                    Optional.empty(), Map.of("DRIFTLINE_INGEST_GROUP_COMMIT_WINDOW", "0"), Map.of())
                .ingest()
                .pipeline()
                .groupCommitWindow())
        .isZero();
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    Optional.empty(),
                    Map.of("DRIFTLINE_INGEST_GROUP_COMMIT_WINDOW", "-PT1S"),
                    Map.of()))
        .hasMessageContaining("ingest.group_commit_window");
  }
}
