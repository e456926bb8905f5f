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

  /** The seeds' own environment variable names (seeds/000) and the key each one sets. */
  private static final SequencedMap<String, String> SEED_VARIABLES = new LinkedHashMap<>();

  /** The pull sources by name, as {@code POST /api/v1/ingest/{source}} takes them. */
  public static final java.util.List<String> SOURCES =
      java.util.List.of("hawkeye", "newrelic", "eks", "prometheus");

  static {
    key("server.host", "0.0.0.0", "address the HTTP server binds");
    key("server.port", "8000", "HTTP port");
    key("server.max_body_bytes", "4194304", "largest request body accepted; larger gets 413");
    key(
        "server.reference_endpoint",
        "false",
        "serve POST /bench/empty, which reads a body and answers 202 without doing anything"
            + " (the load generator's reference for the HTTP stack; docs/benchmarks.md)");
    key("storage.type", "sqlite", "sqlite (embedded, durable) or memory (nothing survives)");
    key(
        "storage.data_dir",
        "./data",
        "folder of the SQLite database (driftline.db and driftline.db-chunks)");
    key("retention.samples", "7d", "raw samples older than this are deleted");
    key("retention.transitions", "forever", "audit records older than this are deleted");
    key("retention.interval", "1h", "how often the retention job runs");
    key("ingest.shards", "2", "detection threads; each owns the services that hash to it");
    key("ingest.queue_capacity", "200000", "samples accepted but not yet committed; beyond: 503");
    key("ingest.max_commit_samples", "20000", "samples written in one group commit at most");
    key("ingest.checkpoint_interval", "10s", "how often detection state is saved");
    key(
        "ingest.group_commit_window",
        "1ms",
        "under concurrent load, least time between group commits (shares fsyncs); 0: none");
    key("ingest.max_future_skew", "5m", "timestamps further ahead of server time are rejected");
    key("ingest.max_batch_items", "100000", "items in one batch request at most");
    key(
        "detection.detector",
        "ensemble",
        "ensemble (measured best on NAB), zscore-rules (the DriftWatch rules below), robust-z or cusum");
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
    key(
        "detection.multivariate",
        "off",
        "off or isolation-forest: one detector over each service's golden signals together");
    key(
        "detection.multivariate_metrics",
        io.driftline.health.GoldenSignals.DEFAULT_METRICS,
        "metrics forming the multivariate point, comma-separated; a|b: whichever arrives first");
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
    key("notify.queue_capacity", "1000", "drift events waiting per receiver; beyond: dropped");
    key("notify.max_attempts", "4", "tries of one notification before it waits for a reconcile");
    key("notify.timeout", "10s", "connect and response timeout of one notification request");
    key(
        "notify.reconcile_interval",
        "5m",
        "how often failed or dropped notifications are compared with the store and delivered");
    key("notify.alertmanager.url", "", "Alertmanager base URL; empty: not notified");
    key("notify.alertmanager.min_severity", "info", "lowest severity sent to Alertmanager");
    key("notify.alertmanager.categories", "", "categories sent to Alertmanager; empty: all");
    key("notify.alertmanager.resend_interval", "1m", "how often firing alerts are re-sent");
    key("notify.webhook.url", "", "URL that gets each notification as JSON; empty: none");
    key("notify.webhook.authorization", "", "Authorization header sent to the webhook (secret)");
    key("notify.webhook.min_severity", "info", "lowest severity sent to the webhook");
    key("notify.webhook.categories", "", "categories sent to the webhook; empty: all");
    key("notify.slack.webhook_url", "", "Slack incoming-webhook URL (secret); empty: none");
    key("notify.slack.min_severity", "info", "lowest severity sent to Slack");
    key("notify.slack.categories", "", "categories sent to Slack; empty: all");
    key(
        "sources.eks.in_cluster",
        "false",
        "eks source: read the cluster Driftline runs in (its service account)");
    key("sources.eks.kubeconfig", "", "eks source: kubeconfig file of the cluster to read");
    key("sources.eks.context", "", "eks source: kubeconfig context; empty = the current one");
    key(
        "sources.eks.metrics_endpoint",
        "",
        "eks source: base URL serving metrics.k8s.io; empty = through the API server");
    key(
        "sources.eks.node_group_label",
        io.driftline.sources.kubernetes.KubernetesSourceSettings.EKS_NODEGROUP_LABEL,
        "eks source: node label naming a node's group in capacity snapshots");
    key("sources.eks.page_size", "500", "eks source: items per list call (limit/continue)");
    key("sources.eks.connect_timeout", "10s", "eks source: connect timeout");
    key("sources.eks.request_timeout", "30s", "eks source: timeout of one API call");
    key("sources.eks.max_retries", "3", "eks source: retries of a call answered 429/5xx or not");
    key("sources.eks.retry_backoff", "500ms", "eks source: first retry delay, doubling");
    seedVariable("EKS_IN_CLUSTER", "sources.eks.in_cluster");
    seedVariable("EKS_KUBECONFIG_PATH", "sources.eks.kubeconfig");
    seedVariable("EKS_METRICS_ENDPOINT", "sources.eks.metrics_endpoint");
    key(
        "forecast.model",
        io.driftline.forecast.Forecasters.DEFAULT,
        "model of GET /api/v1/forecasts and of the capacity risk job");
    key("capacity.risk.interval", "1h", "how often capacity risk is checked; 0 = never");
    key(
        "capacity.risk.min_confidence",
        "0.25",
        "chance of running out within the horizon that opens a CAPACITY_RISK event");
    key("capacity.risk.emergency", "1d", "capacity runs out sooner than this: emergency");
    key("capacity.risk.critical", "7d", "capacity runs out sooner than this: critical");
    key("capacity.risk.warning", "30d", "capacity runs out sooner than this: warning (else info)");
    key(
        "capacity.risk.thresholds",
        "",
        "metric@service[=capacity]: series checked against a capacity or their pods' limits");
    key(
        "otlp.service_attribute",
        "service.name",
        "OTLP resource attribute that names the service of /v1/metrics points");
    key(
        "otlp.max_streams",
        "100000",
        "OTLP cumulative streams whose previous point is kept for rates (LRU beyond)");
    newRelicAndHawkeyeKeys();
    sourceAndReceiverKeys();
  }

  private static void newRelicAndHawkeyeKeys() {
    key("sources.newrelic.api_key", "", "New Relic User API key (or NEWRELIC_API_KEY); empty: off");
    key("sources.newrelic.account_id", "", "New Relic account id (or NEWRELIC_ACCOUNT_ID)");
    key("sources.newrelic.region", "us", "us or eu: which NerdGraph endpoint to call");
    key("sources.newrelic.endpoint", "", "NerdGraph URL; overrides the region (proxies)");
    key("sources.newrelic.bucket", "1m", "TIMESERIES bucket: one pod metric row per bucket");
    key("sources.newrelic.timeout", "30s", "per NerdGraph request, also NRQL's own timeout");
    for (var signal : io.driftline.workload.PodSignal.values()) {
      key(
          "sources.newrelic.query." + signal.field(),
          io.driftline.sources.newrelic.NewRelicSettings.DEFAULT_QUERIES.getOrDefault(signal, ""),
          "NRQL for " + signal.field() + " (empty: not read); see docs/sources.md");
    }
    key("sources.hawkeye.base_url", "", "Hawkeye API base URL (or HAWKEYE_BASE_URL); empty: off");
    key("sources.hawkeye.api_key", "", "Hawkeye API key (or HAWKEYE_API_KEY)");
    key("sources.hawkeye.path", "/api/v1/metrics/pods", "path of the pod metrics request");
    key("sources.hawkeye.auth_header", "Authorization", "header that carries the key");
    key("sources.hawkeye.auth_scheme", "Bearer", "written before the key; empty: the key alone");
    key(
        "sources.hawkeye.query_params",
        io.driftline.sources.hawkeye.HawkeyeSettings.DEFAULT_QUERY_PARAMS,
        "name=template pairs; {cluster} {start} {end} {namespaces}");
    key(
        "sources.hawkeye.time_format",
        "iso",
        "iso, epoch_seconds or epoch_millis for {start}/{end}");
    key("sources.hawkeye.items", "/data", "JSON pointer to the item array (empty: the answer)");
    key("sources.hawkeye.fields", "", "field=/pointer overrides of the item mapping");
    key("sources.hawkeye.pagination", "cursor", "cursor, page or none");
    key("sources.hawkeye.cursor_param", "cursor", "query parameter that sends the cursor");
    key("sources.hawkeye.next_cursor", "/next_cursor", "JSON pointer to the next cursor");
    key("sources.hawkeye.page_param", "page", "query parameter of the page number (from 1)");
    key("sources.hawkeye.limit_param", "limit", "query parameter of the page size");
    key("sources.hawkeye.page_size", "500", "items asked for per page");
    key("sources.hawkeye.max_pages", "1000", "pages read at most per pull");
    key("sources.hawkeye.timeout", "10s", "per Hawkeye request");
    seedVariable("NEWRELIC_API_KEY", "sources.newrelic.api_key");
    seedVariable("NEWRELIC_ACCOUNT_ID", "sources.newrelic.account_id");
    seedVariable("HAWKEYE_BASE_URL", "sources.hawkeye.base_url");
    seedVariable("HAWKEYE_API_KEY", "sources.hawkeye.api_key");
  }

  /** The keys every pull source has, the Prometheus source's, and the remote-write receiver's. */
  private static void sourceAndReceiverKeys() {
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

  private ConfigKeys() {}

  private static void seedVariable(String variable, String key) {
    SEED_VARIABLES.put(variable, key);
  }

  /**
   * Environment variables the seeds name (e.g. {@code EKS_IN_CLUSTER}) -> the key they set; a
   * {@code DRIFTLINE_*} variable of the same key wins over them.
   */
  public static Map<String, String> seedVariables() {
    return java.util.Collections.unmodifiableSequencedMap(SEED_VARIABLES);
  }

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
