package io.driftline.server.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Settings of configuration drift (provisioning, reconcile loop, remediation) and of the Kubernetes
 * connection, read from the {@code kubernetes.*} and {@code configdrift.*} keys.
 */
public record ConfigDriftSettings(
    Kubernetes kubernetes,
    String clusterId,
    Duration reconcileInterval,
    String fieldManager,
    Optional<Path> diffRulesFile,
    Optional<Path> policyFile,
    String defaultPolicy,
    boolean remediationEnabled,
    Optional<String> callbackUrl,
    int callbackAttempts,
    Duration callbackBackoff,
    boolean kubernetesEvents,
    int restartThreshold,
    Prices prices) {

  /** The remediation policies a rule can name. */
  public static final Set<String> POLICIES =
      Set.of("auto-remediate", "alert-only", "require-approval");

  /** How to reach the API server; all empty means fabric8's own discovery. */
  public record Kubernetes(
      Optional<Path> kubeconfig,
      Optional<String> context,
      boolean inCluster,
      Optional<String> masterUrl,
      Duration requestTimeout) {}

  /** Monthly prices of requested resources, for {@code estimatedMonthlyCost}. */
  public record Prices(double cpuCoreMonth, double memoryGibMonth, double storageGibMonth) {}

  static ConfigDriftSettings from(Map<String, String> v) {
    String policy = text(v, "configdrift.default_policy").toLowerCase(Locale.ROOT);
    if (!POLICIES.contains(policy)) {
      throw new ConfigException(
          "configdrift.default_policy must be one of " + POLICIES + " but was '" + policy + "'");
    }
    return new ConfigDriftSettings(
        new Kubernetes(
            optional(v, "kubernetes.kubeconfig").map(Path::of),
            optional(v, "kubernetes.context"),
            bool(v, "kubernetes.in_cluster"),
            optional(v, "kubernetes.master_url"),
            duration(v, "kubernetes.request_timeout")),
        text(v, "configdrift.cluster_id"),
        duration(v, "configdrift.reconcile_interval"),
        text(v, "configdrift.field_manager"),
        optional(v, "configdrift.diff_rules_file").map(Path::of),
        optional(v, "configdrift.policy_file").map(Path::of),
        policy,
        bool(v, "configdrift.remediation_enabled"),
        optional(v, "configdrift.callback_url").map(u -> url("configdrift.callback_url", u)),
        positiveInt(v, "configdrift.callback_attempts"),
        duration(v, "configdrift.callback_backoff"),
        bool(v, "configdrift.kubernetes_events"),
        positiveInt(v, "configdrift.restart_threshold"),
        new Prices(
            price(v, "configdrift.price.cpu_core_month"),
            price(v, "configdrift.price.memory_gib_month"),
            price(v, "configdrift.price.storage_gib_month")));
  }

  private static Optional<String> optional(Map<String, String> v, String key) {
    String value = v.getOrDefault(key, "").strip();
    return value.isEmpty() ? Optional.empty() : Optional.of(value);
  }

  private static String text(Map<String, String> v, String key) {
    return optional(v, key).orElseThrow(() -> new ConfigException(key + " must not be empty"));
  }

  private static boolean bool(Map<String, String> v, String key) {
    String value = text(v, key).toLowerCase(Locale.ROOT);
    if (!value.equals("true") && !value.equals("false")) {
      throw new ConfigException(key + " must be true or false but was '" + value + "'");
    }
    return value.equals("true");
  }

  private static int positiveInt(Map<String, String> v, String key) {
    try {
      int value = Integer.parseInt(text(v, key));
      if (value <= 0) throw new NumberFormatException();
      return value;
    } catch (NumberFormatException e) {
      throw new ConfigException(key + " must be a whole number > 0 but was '" + v.get(key) + "'");
    }
  }

  private static double price(Map<String, String> v, String key) {
    try {
      double value = Double.parseDouble(text(v, key));
      if (!(value >= 0) || Double.isInfinite(value)) throw new NumberFormatException();
      return value;
    } catch (NumberFormatException e) {
      throw new ConfigException(key + " must be a number >= 0 but was '" + v.get(key) + "'");
    }
  }

  private static Duration duration(Map<String, String> v, String key) {
    try {
      Duration d = Durations.parse(text(v, key));
      if (d.isZero() || d.isNegative()) throw new IllegalArgumentException();
      return d;
    } catch (IllegalArgumentException e) {
      if (e instanceof ConfigException) throw e;
      throw new ConfigException(
          key + " must be a duration such as 500ms, 10s, 5m but was '" + v.get(key) + "'");
    }
  }

  private static String url(String key, String value) {
    try {
      var uri = java.net.URI.create(value);
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()))
        throw new IllegalArgumentException();
      return value;
    } catch (IllegalArgumentException e) {
      throw new ConfigException(key + " must be an http(s) URL but was '" + value + "'");
    }
  }
}
