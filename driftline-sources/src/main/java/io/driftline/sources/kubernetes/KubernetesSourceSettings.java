package io.driftline.sources.kubernetes;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How the {@code eks} source reaches its cluster ({@code sources.eks.*}; the seed's {@code
 * EKS_IN_CLUSTER}, {@code EKS_KUBECONFIG_PATH}, {@code EKS_METRICS_ENDPOINT}).
 *
 * <p>The source is configured when {@code inCluster} is set (the pod's service account) or a
 * kubeconfig file is named; otherwise it stays off rather than read whatever {@code ~/.kube/config}
 * the server's user happens to have.
 *
 * @param context the kubeconfig context to use; empty = the file's current context
 * @param metricsEndpoint where {@code metrics.k8s.io} is served when not through the API server
 *     (e.g. {@code http://127.0.0.1:8001} of a {@code kubectl proxy}); empty = through the API
 *     server
 * @param nodeGroupLabel the node label that names a node's group; EKS managed node groups set
 *     {@code eks.amazonaws.com/nodegroup}, which is also the fallback for any other label
 * @param pageSize items per list call ({@code limit}; the rest follows with {@code continue})
 * @param maxRetries retries of a call answered 429, 5xx or not at all (exponential backoff from
 *     {@code retryBackoff}, {@code Retry-After} honoured)
 */
public record KubernetesSourceSettings(
    boolean inCluster,
    Optional<Path> kubeconfig,
    Optional<String> context,
    Optional<URI> metricsEndpoint,
    String nodeGroupLabel,
    int pageSize,
    Duration connectTimeout,
    Duration requestTimeout,
    int maxRetries,
    Duration retryBackoff) {

  /** The label EKS managed node groups put on their nodes. */
  public static final String EKS_NODEGROUP_LABEL = "eks.amazonaws.com/nodegroup";

  public KubernetesSourceSettings {
    Objects.requireNonNull(kubeconfig, "kubeconfig");
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(metricsEndpoint, "metricsEndpoint");
    if (nodeGroupLabel == null || nodeGroupLabel.isBlank()) {
      throw new IllegalArgumentException("nodeGroupLabel must not be empty");
    }
    if (pageSize < 1)
      throw new IllegalArgumentException("pageSize must be >= 1 but was " + pageSize);
    positive("connectTimeout", connectTimeout);
    positive("requestTimeout", requestTimeout);
    if (maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries must be >= 0 but was " + maxRetries);
    }
    positive("retryBackoff", retryBackoff);
    if (inCluster && kubeconfig.isPresent()) {
      throw new IllegalArgumentException(
          "in_cluster and kubeconfig exclude each other: set one of them");
    }
  }

  /** Off: neither in-cluster nor a kubeconfig; defaults for everything else. */
  public static KubernetesSourceSettings off() {
    return new KubernetesSourceSettings(
        false,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        EKS_NODEGROUP_LABEL,
        500,
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        3,
        Duration.ofMillis(500));
  }

  /** Reads the cluster of a kubeconfig file, everything else as {@link #off()}. */
  public static KubernetesSourceSettings kubeconfig(Path file) {
    return off().withKubeconfig(file);
  }

  public KubernetesSourceSettings withKubeconfig(Path file) {
    return new KubernetesSourceSettings(
        false,
        Optional.of(file),
        context,
        metricsEndpoint,
        nodeGroupLabel,
        pageSize,
        connectTimeout,
        requestTimeout,
        maxRetries,
        retryBackoff);
  }

  public KubernetesSourceSettings withContext(String name) {
    return new KubernetesSourceSettings(
        inCluster,
        kubeconfig,
        Optional.of(name),
        metricsEndpoint,
        nodeGroupLabel,
        pageSize,
        connectTimeout,
        requestTimeout,
        maxRetries,
        retryBackoff);
  }

  public KubernetesSourceSettings withPageSize(int size) {
    return new KubernetesSourceSettings(
        inCluster,
        kubeconfig,
        context,
        metricsEndpoint,
        nodeGroupLabel,
        size,
        connectTimeout,
        requestTimeout,
        maxRetries,
        retryBackoff);
  }

  public KubernetesSourceSettings withNodeGroupLabel(String label) {
    return new KubernetesSourceSettings(
        inCluster,
        kubeconfig,
        context,
        metricsEndpoint,
        label,
        pageSize,
        connectTimeout,
        requestTimeout,
        maxRetries,
        retryBackoff);
  }

  public KubernetesSourceSettings withRetries(int retries, Duration backoff) {
    return new KubernetesSourceSettings(
        inCluster,
        kubeconfig,
        context,
        metricsEndpoint,
        nodeGroupLabel,
        pageSize,
        connectTimeout,
        requestTimeout,
        retries,
        backoff);
  }

  /** Whether the source has a cluster to read. */
  public boolean configured() {
    return inCluster || kubeconfig.isPresent();
  }

  private static void positive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(name + " must be > 0 but was " + value);
    }
  }
}
