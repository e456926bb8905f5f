package io.driftline.server.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SequencedMap;

/**
 * Every configuration key with its default and meaning: the one place defaults are written down.
 * docs/configuration.md lists the same keys (a test keeps the two in step).
 */
public final class ConfigKeys {
  /** A key's default value (as text, parsed like a file value) and a one-line description. */
  public record Key(String name, String defaultValue, String description) {}

  private static final SequencedMap<String, Key> KEYS = new LinkedHashMap<>();

  static {
    key("server.host", "0.0.0.0", "address the HTTP server binds");
    key("server.port", "8000", "HTTP port");
    key("server.max_body_bytes", "4194304", "largest request body accepted; larger gets 413");
    key("storage.type", "sqlite", "sqlite (embedded, durable) or memory (nothing survives)");
    key("storage.data_dir", "./data", "folder of the SQLite database (driftline.db)");
    key("retention.samples", "7d", "raw samples older than this are deleted");
    key("retention.transitions", "forever", "audit records older than this are deleted");
    key("retention.interval", "1h", "how often the retention job runs");
    key("ingest.shards", "2", "detection threads; each owns the services that hash to it");
    key("ingest.queue_capacity", "200000", "samples accepted but not yet committed; beyond: 503");
    key("ingest.max_commit_samples", "20000", "samples written in one group commit at most");
    key("ingest.checkpoint_interval", "10s", "how often detection state is saved");
    key("ingest.max_future_skew", "5m", "timestamps further ahead of server time are rejected");
    key("ingest.max_batch_items", "100000", "items in one batch request at most");
    key(
        "detection.detector",
        "zscore-rules",
        "zscore-rules (the DriftWatch rules below), ensemble, robust-z or cusum");
    key(
        "detection.overrides",
        "",
        "metric=detector pairs: these metrics run another detector than detection.detector");
    key("detection.warmup", "100", "samples that form a series' first baseline");
    key("detection.severe_z", "3.0", "|z| above which a sample counts towards SEVERE");
    key("detection.severe_count", "5", "consecutive such samples that fire SEVERE");
    key("detection.moderate_z", "2.5", "|z| above which a sample counts towards MODERATE");
    key("detection.moderate_count", "10", "that many in the MODERATE window fire it");
    key("detection.moderate_window", "20", "window of the MODERATE rule, in samples");
    key("detection.recovery_z", "2.0", "|z| at or below which a sample counts as normal");
    key("detection.recovery_count", "50", "consecutive normal samples that end a drift");
    key("detection.baseline_window", "1000", "memory of a learned baseline, in samples");
    key("drift.env", "prod", "env written on the drift events Driftline detects itself");
    key(
        "drift.categories",
        io.driftline.drift.DriftSettings.DEFAULT_CATEGORIES,
        "metric prefix=CATEGORY pairs: which workload signal drifts as which category");
    key("drift.major_z", "4.0", "|z| from which a detected drift starts as major (else minor)");
    key("drift.critical_z", "6.0", "|z| from which a detected drift starts as critical");
    key("drift.major_after", "15m", "a drift event open this long is at least major");
    key("drift.critical_after", "1h", "a drift event open this long is critical");
    key(
        "drift.cause_window",
        "2h",
        "a config change this long before a drift is its probable cause");
    key("logging.format", "text", "text (human-readable) or json (one object per line)");
    key("logging.level", "info", "root log level: error, warn, info, debug, trace");
    key(
        "kubernetes.kubeconfig",
        "",
        "kubeconfig file; empty: $KUBECONFIG, ~/.kube/config, then the in-cluster service account");
    key("kubernetes.context", "", "kubeconfig context to use; empty: the current context");
    key(
        "kubernetes.in_cluster",
        "false",
        "true: use only the pod's service account (ignore kubeconfig files)");
    key("kubernetes.master_url", "", "API server URL; empty: from the kubeconfig or the pod");
    key("kubernetes.request_timeout", "10s", "timeout of one Kubernetes API request");
    key("configdrift.cluster_id", "default", "cluster_id written on CONFIG_DRIFT events");
    key("configdrift.reconcile_interval", "5m", "how often desired objects are diffed with live");
    key("configdrift.field_manager", "driftline", "server-side apply field manager of Driftline");
    key("configdrift.diff_rules_file", "", "differ rules (the `driftline diff --rules` format)");
    key("configdrift.policy_file", "", "remediation policy rules (YAML, see docs/config-drift.md)");
    key(
        "configdrift.default_policy",
        "alert-only",
        "policy when no rule matches: auto-remediate, alert-only or require-approval");
    key(
        "configdrift.remediation_enabled",
        "false",
        "false: remediations are dry runs (audited, nothing applied); true: applied");
    key("configdrift.callback_url", "", "URL the provision status callback is POSTed to");
    key("configdrift.callback_attempts", "5", "attempts of one status callback");
    key("configdrift.callback_backoff", "1s", "wait before the 2nd callback attempt, doubling");
    key("configdrift.kubernetes_events", "true", "emit core/v1 Events on drifted objects");
    key("configdrift.restart_threshold", "3", "container restarts from which a pod is Degraded");
    key("configdrift.price.cpu_core_month", "25.0", "price of one requested CPU core per month");
    key("configdrift.price.memory_gib_month", "3.5", "price of one requested GiB memory per month");
    key("configdrift.price.storage_gib_month", "0.10", "price of one GiB of volume per month");
  }

  private ConfigKeys() {}

  private static void key(String name, String defaultValue, String description) {
    KEYS.put(name, new Key(name, defaultValue, description));
  }

  public static Map<String, Key> all() {
    return java.util.Collections.unmodifiableSequencedMap(KEYS);
  }

  /** {@code server.max_body_bytes} -> {@code DRIFTLINE_SERVER_MAX_BODY_BYTES}. */
  public static String envName(String key) {
    return "DRIFTLINE_" + key.toUpperCase(java.util.Locale.ROOT).replace('.', '_');
  }
}
