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

  /** The pull sources by name, as {@code POST /api/v1/ingest/{source}} takes them. */
  public static final java.util.List<String> SOURCES =
      java.util.List.of("hawkeye", "newrelic", "eks", "prometheus");

  /** Other environment names a key also reads (the seeds' own), e.g. {@code NEWRELIC_API_KEY}. */
  private static final Map<String, String> ALIASES = new LinkedHashMap<>();

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
    // pull sources (docs/sources.md): the keys every source has, then each source's own
    for (String source : SOURCES) sourceKeys(source);
    key("sources.max_window", "31d", "longest window one ingest request or run may ask for");
    key(
        "sources.schedule",
        "true",
        "false: this node never pulls on its own, only on POST /api/v1/ingest (e.g. all but one node)");
    key("sources.prometheus.url", "", "Prometheus base URL, e.g. http://prometheus:9090");
    key("sources.prometheus.username", "", "basic auth user (with password)");
    key("sources.prometheus.password", "", "basic auth password; a secret");
    key("sources.prometheus.bearer_token", "", "sent as Authorization: Bearer; a secret");
    key("sources.prometheus.step", "60s", "query_range resolution: one pod row per step");
    key("sources.prometheus.capacity_step", "5m", "resolution of node capacity snapshots");
    key("sources.prometheus.timeout", "30s", "per-request timeout of the Prometheus HTTP API");
    key("sources.prometheus.workload_label", "workload", "label naming the workload, if any");
    for (var q : io.driftline.sources.prometheus.PromQueries.DEFAULTS.entrySet()) {
      key("sources.prometheus.queries." + q.getKey(), q.getValue(), "PromQL of this pod signal");
    }
    for (var q : io.driftline.sources.prometheus.PromQueries.CAPACITY_DEFAULTS.entrySet()) {
      key("sources.prometheus.capacity." + q.getKey(), q.getValue(), "PromQL of this node figure");
    }
    key(
        "receivers.remote_write.service_labels",
        "service,job",
        "labels naming a remote-write series' service, first present wins");
    key(
        "receivers.remote_write.default_service",
        "",
        "service of series with none of those labels; empty: such a request is refused");
    key(
        "receivers.remote_write.pod_signals",
        "container_memory_working_set_bytes=memory_bytes,"
            + "kube_pod_container_resource_requests{resource=cpu}=cpu_request_cores,"
            + "kube_pod_container_resource_requests{resource=memory}=memory_request_bytes,"
            + "kube_pod_container_resource_limits{resource=cpu}=cpu_limit_cores,"
            + "kube_pod_container_resource_limits{resource=memory}=memory_limit_bytes",
        "metric[{label=value}]=signal rules: series with namespace and pod labels that are pod rows");
    key(
        "receivers.remote_write.cluster_id",
        "default",
        "cluster_id of remote-write pod rows whose series have no cluster label");
  }

  private static void sourceKeys(String source) {
    String p = "sources." + source + ".";
    key(p + "interval", "off", "how often the scheduler pulls this source; off: only on request");
    key(p + "lookback", "1h", "window of a scheduled pull, ending now (overlaps are deduplicated)");
    key(p + "cluster_id", "default", "cluster_id of the rows a scheduled pull stores");
    key(p + "namespaces", "", "namespaces a scheduled pull keeps, comma-separated; empty: all");
  }

  /**
   * Lets {@code env} (a name without the {@code DRIFTLINE_} prefix, as the seeds spell it) set
   * {@code key}; {@code DRIFTLINE_<KEY>} still wins when both are set.
   */
  private static void alias(String key, String env) {
    if (!KEYS.containsKey(key)) throw new IllegalStateException("alias of unknown key " + key);
    String other = ALIASES.putIfAbsent(env, key);
    if (other != null) throw new IllegalStateException(env + " is already the alias of " + other);
  }

  /** Alias environment name -> key. */
  public static Map<String, String> aliases() {
    return java.util.Collections.unmodifiableMap(ALIASES);
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
