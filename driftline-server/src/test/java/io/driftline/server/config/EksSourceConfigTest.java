package io.driftline.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftline.sources.kubernetes.KubernetesSourceSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EksSourceConfigTest {
  @TempDir Path dir;

  private static KubernetesSourceSettings eks(Map<String, String> env) {
    return ConfigLoader.load(Optional.empty(), env, Map.of()).eks();
  }

  @Test
  void theSourceIsOffByDefaultWithDocumentedDefaults() {
    KubernetesSourceSettings eks = eks(Map.of());
    assertThat(eks.configured()).isFalse();
    assertThat(eks.nodeGroupLabel()).isEqualTo("eks.amazonaws.com/nodegroup");
    assertThat(eks.pageSize()).isEqualTo(500);
    assertThat(eks.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(eks.maxRetries()).isEqualTo(3);
    assertThat(eks.metricsEndpoint()).isEmpty();
    assertThat(eks)
        .as("ConfigKeys and the settings' own defaults agree")
        .isEqualTo(KubernetesSourceSettings.off());
  }

  @Test
  void theSeedsVariablesConfigureTheSource() {
    KubernetesSourceSettings eks =
        eks(
            Map.of(
                "EKS_KUBECONFIG_PATH", "/etc/driftline/kubeconfig",
                "EKS_METRICS_ENDPOINT", "http://127.0.0.1:8001"));
    assertThat(eks.configured()).isTrue();
    assertThat(eks.kubeconfig()).contains(Path.of("/etc/driftline/kubeconfig"));
    assertThat(eks.metricsEndpoint()).contains(URI.create("http://127.0.0.1:8001"));
    assertThat(eks(Map.of("EKS_IN_CLUSTER", "true")).inCluster()).isTrue();
  }

  @Test
  void aDriftlineVariableWinsOverTheSeedsName() {
    KubernetesSourceSettings eks =
        eks(Map.of("EKS_IN_CLUSTER", "true", "DRIFTLINE_SOURCES_EKS_IN_CLUSTER", "false"));
    assertThat(eks.inCluster()).isFalse();
  }

  @Test
  void theConfigFileConfiguresTheSource() throws IOException {
    Path file = dir.resolve("driftline.yaml");
    Files.writeString(
        file,
        """
        sources:
          eks:
            kubeconfig: /home/me/.kube/config
            context: prod-us-east-1
            node_group_label: karpenter.sh/nodepool
            page_size: 200
            max_retries: 0
        """);
    KubernetesSourceSettings eks = ConfigLoader.load(Optional.of(file), Map.of(), Map.of()).eks();
    assertThat(eks.context()).contains("prod-us-east-1");
    assertThat(eks.nodeGroupLabel()).isEqualTo("karpenter.sh/nodepool");
    assertThat(eks.pageSize()).isEqualTo(200);
    assertThat(eks.maxRetries()).isZero();
  }

  @Test
  void badValuesNameTheKey() {
    assertThatThrownBy(() -> eks(Map.of("EKS_IN_CLUSTER", "yes")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("sources.eks.in_cluster must be true or false");
    assertThatThrownBy(
            () -> eks(Map.of("EKS_IN_CLUSTER", "true", "EKS_KUBECONFIG_PATH", "/etc/kubeconfig")))
        .hasMessageContaining("sources.eks.in_cluster and sources.eks.kubeconfig exclude");
    assertThatThrownBy(() -> eks(Map.of("EKS_METRICS_ENDPOINT", "prometheus:9090")))
        .hasMessageContaining("sources.eks.metrics_endpoint must be an http(s) URL");
    assertThatThrownBy(() -> eks(Map.of("DRIFTLINE_SOURCES_EKS_MAX_RETRIES", "-1")))
        .hasMessageContaining("sources.eks.max_retries");
  }
}
