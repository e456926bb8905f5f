package io.driftline.sources.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftline.sources.PullRequest;
import io.driftline.sources.TelemetrySource;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubernetesClientsTest {
  static final java.util.logging.Logger MOCK_LOG =
      KubernetesSourceTest.quiet("io.fabric8.mockwebserver");

  @TempDir Path dir;

  private Path kubeconfig(String server) throws IOException {
    Path file = dir.resolve("kubeconfig");
    Files.writeString(
        file,
        """
        apiVersion: v1
        kind: Config
        current-context: staging
        clusters:
        - name: prod-us-east-1
          cluster:
            server: %s
        - name: staging
          cluster:
            server: https://staging.example.internal:6443
            insecure-skip-tls-verify: true
        contexts:
        - name: prod
          context: {cluster: prod-us-east-1, user: reader, namespace: production}
        - name: staging
          context: {cluster: staging, user: reader}
        users:
        - name: reader
          user:
            token: kubeconfig-token-123
        """
            .formatted(server));
    return file;
  }

  @Test
  void aKubeconfigContextPicksItsClusterAndTheSettingsTuneTheClient() throws IOException {
    Path file = kubeconfig("https://ABC.gr7.us-east-1.eks.amazonaws.com");
    var settings =
        new KubernetesSourceSettings(
            false,
            java.util.Optional.of(file),
            java.util.Optional.of("prod"),
            java.util.Optional.empty(),
            KubernetesSourceSettings.EKS_NODEGROUP_LABEL,
            100,
            Duration.ofSeconds(3),
            Duration.ofSeconds(7),
            5,
            Duration.ofMillis(250));

    Config config = KubernetesClients.config(settings, Map.of());

    assertThat(config.getMasterUrl()).startsWith("https://ABC.gr7.us-east-1.eks.amazonaws.com");
    assertThat(config.getAutoOAuthToken()).isEqualTo("kubeconfig-token-123");
    assertThat(config.getConnectionTimeout()).isEqualTo(3000);
    assertThat(config.getRequestTimeout()).isEqualTo(7000);
    assertThat(config.getRequestRetryBackoffLimit()).isEqualTo(5);
    assertThat(config.getRequestRetryBackoffInterval()).isEqualTo(250);
  }

  @Test
  void withoutAContextTheKubeconfigsCurrentOneIsUsed() throws IOException {
    Config config =
        KubernetesClients.config(
            KubernetesSourceSettings.kubeconfig(kubeconfig("https://prod:443")), Map.of());
    assertThat(config.getMasterUrl()).startsWith("https://staging.example.internal:6443");
  }

  @Test
  void anUnreadableKubeconfigIsNamed() {
    Path missing = dir.resolve("nope");
    assertThatThrownBy(
            () -> KubernetesClients.config(KubernetesSourceSettings.kubeconfig(missing), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sources.eks.kubeconfig " + missing);
  }

  @Test
  void inClusterUsesTheServiceAccountAndRereadsItsRotatedToken() throws IOException {
    Path account = Files.createDirectories(dir.resolve("serviceaccount"));
    Files.writeString(account.resolve("token"), "token-one\n");
    Config config =
        KubernetesClients.inCluster(
            Map.of("KUBERNETES_SERVICE_HOST", "10.100.0.1", "KUBERNETES_SERVICE_PORT", "443"),
            account);

    assertThat(config.getMasterUrl()).startsWith("https://10.100.0.1:443");
    assertThat(config.getOauthTokenProvider().getToken()).isEqualTo("token-one");
    Files.writeString(account.resolve("token"), "token-two\n");
    assertThat(config.getOauthTokenProvider().getToken()).isEqualTo("token-two");

    Config v6 =
        KubernetesClients.inCluster(Map.of("KUBERNETES_SERVICE_HOST", "fd00:10:96::1"), account);
    assertThat(v6.getMasterUrl()).startsWith("https://[fd00:10:96::1]:443");
  }

  @Test
  void inClusterOutsideAPodSaysSo() {
    assertThatThrownBy(() -> KubernetesClients.inCluster(Map.of(), dir))
        .hasMessageContaining("KUBERNETES_SERVICE_HOST is not set");
    assertThatThrownBy(
            () -> KubernetesClients.inCluster(Map.of("KUBERNETES_SERVICE_HOST", "10.0.0.1"), dir))
        .hasMessageContaining("service account token");
  }

  @Test
  void theFactoryMakesNoSourceWithoutACluster() {
    assertThat(KubernetesSource.create(KubernetesSourceSettings.off())).isEmpty();
  }

  @Test
  void theFactoryReadsTheClusterOfAKubeconfig() throws Exception {
    KubernetesMockServer server = new KubernetesMockServer(false);
    server.init();
    try {
      String url = server.createClient().getConfiguration().getMasterUrl();
      server
          .expect()
          .get()
          .withPath("/api/v1/pods?limit=500")
          .andReturn(200, KubernetesSourceTest.read("pods.json"))
          .once();
      Path file = kubeconfig(url);
      var settings =
          KubernetesSourceSettings.kubeconfig(file)
              .withContext("prod")
              .withRetries(0, Duration.ofMillis(1));
      try (TelemetrySource source = KubernetesSource.create(settings).orElseThrow()) {
        assertThat(source.name()).isEqualTo("eks");
        var batch =
            source.pull(
                new PullRequest(
                    "prod-us-east-1",
                    Instant.parse("2024-01-15T09:00:00Z"),
                    Instant.parse("2024-01-15T10:00:00Z"),
                    List.of("production")));
        assertThat(batch.podMetrics()).hasSize(3);
        assertThat(server.getLastRequest().getHeader("Authorization"))
            .isEqualTo("Bearer kubeconfig-token-123");
      }
    } finally {
      server.destroy();
    }
  }
}
