package io.driftline.sources.prometheus;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The PromQL Driftline asks by default: one query per pod signal (keyed by the signal's field name)
 * and one per node capacity figure. They follow the usual names of cAdvisor (kubelet {@code
 * /metrics/cadvisor}), kube-state-metrics and node-exporter, and aggregate to one series per
 * container ({@code namespace}, {@code pod}, {@code container}), per pod (network), or per node
 * ({@code instance}). An empty query is not asked: latency, throughput and errors have no standard
 * names, so they are off until configured (docs/sources.md shows typical ones).
 */
public final class PromQueries {
  private static final String CONTAINERS = "container!=\"\",container!=\"POD\"";
  private static final String BY_CONTAINER = "sum by (namespace, pod, container) ";
  private static final String BY_POD = "sum by (namespace, pod) ";

  /** Signal field name -> PromQL, in the order of {@code PodSignal}. */
  public static final Map<String, String> DEFAULTS = new LinkedHashMap<>();

  /** Capacity figure -> PromQL, one series per node. */
  public static final Map<String, String> CAPACITY_DEFAULTS = new LinkedHashMap<>();

  static {
    DEFAULTS.put("latency_p50_ms", "");
    DEFAULTS.put("latency_p95_ms", "");
    DEFAULTS.put("latency_p99_ms", "");
    DEFAULTS.put("throughput_rps", "");
    DEFAULTS.put("error_rate", "");
    DEFAULTS.put(
        "cpu_cores",
        BY_CONTAINER + "(rate(container_cpu_usage_seconds_total{" + CONTAINERS + "}[5m]))");
    DEFAULTS.put("cpu_request_cores", BY_CONTAINER + resource("requests", "cpu"));
    DEFAULTS.put("cpu_limit_cores", BY_CONTAINER + resource("limits", "cpu"));
    DEFAULTS.put(
        "memory_bytes", BY_CONTAINER + "(container_memory_working_set_bytes{" + CONTAINERS + "})");
    DEFAULTS.put("memory_request_bytes", BY_CONTAINER + resource("requests", "memory"));
    DEFAULTS.put("memory_limit_bytes", BY_CONTAINER + resource("limits", "memory"));
    DEFAULTS.put(
        "disk_read_bps",
        BY_CONTAINER + "(rate(container_fs_reads_bytes_total{" + CONTAINERS + "}[5m]))");
    DEFAULTS.put(
        "disk_write_bps",
        BY_CONTAINER + "(rate(container_fs_writes_bytes_total{" + CONTAINERS + "}[5m]))");
    DEFAULTS.put("network_rx_bps", BY_POD + "(rate(container_network_receive_bytes_total[5m]))");
    DEFAULTS.put("network_tx_bps", BY_POD + "(rate(container_network_transmit_bytes_total[5m]))");

    CAPACITY_DEFAULTS.put(
        "allocatable_cpu_cores", "count by (instance) (node_cpu_seconds_total{mode=\"idle\"})");
    CAPACITY_DEFAULTS.put(
        "allocatable_memory_bytes", "sum by (instance) (node_memory_MemTotal_bytes)");
    CAPACITY_DEFAULTS.put(
        "used_cpu_cores", "sum by (instance) (rate(node_cpu_seconds_total{mode!=\"idle\"}[5m]))");
    CAPACITY_DEFAULTS.put(
        "used_memory_bytes",
        "sum by (instance) (node_memory_MemTotal_bytes - node_memory_MemAvailable_bytes)");
    CAPACITY_DEFAULTS.put("requested_cpu_cores", "");
    CAPACITY_DEFAULTS.put("requested_memory_bytes", "");
  }

  private PromQueries() {}

  private static String resource(String kind, String resource) {
    return "(kube_pod_container_resource_" + kind + "{resource=\"" + resource + "\"})";
  }
}
