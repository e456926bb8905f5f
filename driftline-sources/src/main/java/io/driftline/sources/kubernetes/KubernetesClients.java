package io.driftline.sources.kubernetes;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Builds fabric8 clients from {@link KubernetesSourceSettings}: in-cluster from the pod's service
 * account, or from a kubeconfig file and context, with the settings' timeouts and retries.
 *
 * <p>In-cluster config is built here rather than by fabric8's auto-configuration, which would
 * prefer a kubeconfig found in the environment: {@code in_cluster: true} must mean the service
 * account. The token is read from its file on every request, because the kubelet rotates projected
 * service account tokens (https://kubernetes.io/docs/concepts/security/service-accounts/).
 */
public final class KubernetesClients {
  static final Path SERVICE_ACCOUNT = Path.of("/var/run/secrets/kubernetes.io/serviceaccount");

  private KubernetesClients() {}

  /** A client for the settings' cluster; throws when the settings name none. */
  public static KubernetesClient create(KubernetesSourceSettings settings) {
    return new KubernetesClientBuilder().withConfig(config(settings, System.getenv())).build();
  }

  static Config config(KubernetesSourceSettings settings, Map<String, String> env) {
    Config base;
    if (settings.inCluster()) {
      base = inCluster(env, SERVICE_ACCOUNT);
    } else if (settings.kubeconfig().isPresent()) {
      base = fromKubeconfig(settings.kubeconfig().get(), settings.context().orElse(null));
    } else {
      throw new IllegalArgumentException(
          "the eks source needs sources.eks.in_cluster=true or sources.eks.kubeconfig");
    }
    return tuned(base, settings);
  }

  /** The same cluster's credentials, but requests go to {@code masterUrl}. */
  static Config redirected(Config config, String masterUrl) {
    return new ConfigBuilder(config).withMasterUrl(masterUrl).build();
  }

  static Config tuned(Config base, KubernetesSourceSettings settings) {
    return new ConfigBuilder(base)
        .withConnectionTimeout(millis(settings.connectTimeout().toMillis()))
        .withRequestTimeout(millis(settings.requestTimeout().toMillis()))
        .withRequestRetryBackoffLimit(settings.maxRetries())
        .withRequestRetryBackoffInterval(millis(settings.retryBackoff().toMillis()))
        .build();
  }

  static Config inCluster(Map<String, String> env, Path serviceAccount) {
    String host = env.get("KUBERNETES_SERVICE_HOST");
    String port = env.getOrDefault("KUBERNETES_SERVICE_PORT", "443");
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException(
          "sources.eks.in_cluster is true but KUBERNETES_SERVICE_HOST is not set:"
              + " Driftline is not running in a Kubernetes pod");
    }
    Path token = serviceAccount.resolve("token");
    if (!Files.isReadable(token)) {
      throw new IllegalArgumentException(
          "sources.eks.in_cluster is true but the service account token "
              + token
              + " is not readable (automountServiceAccountToken: false?)");
    }
    String hostPart = host.contains(":") ? "[" + host + "]" : host;
    ConfigBuilder builder =
        new ConfigBuilder(Config.empty())
            .withMasterUrl("https://" + hostPart + ":" + port)
            .withOauthTokenProvider(() -> readToken(token));
    Path ca = serviceAccount.resolve("ca.crt");
    if (Files.isReadable(ca)) builder.withCaCertFile(ca.toString());
    return builder.build();
  }

  static Config fromKubeconfig(Path file, String context) {
    if (!Files.isReadable(file)) {
      throw new IllegalArgumentException("sources.eks.kubeconfig " + file + " is not readable");
    }
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      return Config.fromKubeconfig(context, text, file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read sources.eks.kubeconfig " + file, e);
    }
  }

  private static String readToken(Path token) {
    try {
      return Files.readString(token, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the service account token " + token, e);
    }
  }

  private static int millis(long value) {
    return (int) Math.min(Integer.MAX_VALUE, value);
  }
}
