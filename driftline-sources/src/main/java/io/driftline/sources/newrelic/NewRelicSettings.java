package io.driftline.sources.newrelic;

import io.driftline.sources.http.RetryPolicy;
import io.driftline.workload.PodSignal;
import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How to reach New Relic and what to ask it: a User API key and account id (the seed's {@code
 * NEWRELIC_API_KEY} and {@code NEWRELIC_ACCOUNT_ID}), the NerdGraph endpoint of the account's
 * region, the TIMESERIES bucket, and one NRQL query per pod signal.
 *
 * <p>A query is NRQL without its time clauses; the source appends {@code SINCE <ms> UNTIL <ms>
 * TIMESERIES <bucket> LIMIT MAX}. It must select the value {@code AS value} and {@code FACET} the
 * namespace, the pod and the workload, in that order; an optional fourth facet (a container) is
 * summed per pod. {@code {cluster}} is replaced by the request's cluster id, quoted for NRQL.
 *
 * @param apiKey never printed: {@link #toString()} leaves it out
 */
public record NewRelicSettings(
    String apiKey,
    long accountId,
    URI endpoint,
    Duration bucket,
    RetryPolicy retry,
    Map<PodSignal, String> queries) {

  public static final URI US_ENDPOINT = URI.create("https://api.newrelic.com/graphql");
  public static final URI EU_ENDPOINT = URI.create("https://api.eu.newrelic.com/graphql");

  /** NRQL allows at most 366 buckets in one TIMESERIES (New Relic's chart-errors docs). */
  public static final int MAX_BUCKETS = 366;

  private static final String APM =
      " FROM Transaction WHERE clusterName = '{cluster}'"
          + " FACET namespaceName, podName, deploymentName";
  private static final String CONTAINERS =
      " FROM K8sContainerSample WHERE clusterName = '{cluster}'"
          + " FACET namespaceName, podName, deploymentName, containerName";
  private static final String PODS =
      " FROM K8sPodSample WHERE clusterName = '{cluster}'"
          + " FACET namespaceName, podName, deploymentName";

  /**
   * Defaults over the event types of New Relic APM ({@code Transaction}) and the Kubernetes
   * integration ({@code K8sContainerSample}, {@code K8sPodSample}), with the attribute names the
   * Kubernetes integration writes. APM transactions carry {@code clusterName}, {@code
   * namespaceName}, {@code podName} and {@code deploymentName} only when the application adds them;
   * adjust the queries to the attributes an account really has.
   */
  public static final Map<PodSignal, String> DEFAULT_QUERIES = defaults();

  private static Map<PodSignal, String> defaults() {
    Map<PodSignal, String> q = new EnumMap<>(PodSignal.class);
    q.put(PodSignal.LATENCY_P50_MS, "SELECT percentile(duration, 50) * 1000 AS value" + APM);
    q.put(PodSignal.LATENCY_P95_MS, "SELECT percentile(duration, 95) * 1000 AS value" + APM);
    q.put(PodSignal.LATENCY_P99_MS, "SELECT percentile(duration, 99) * 1000 AS value" + APM);
    q.put(PodSignal.THROUGHPUT_RPS, "SELECT rate(count(*), 1 second) AS value" + APM);
    q.put(
        PodSignal.ERROR_RATE,
        "SELECT percentage(count(*), WHERE error IS true) / 100 AS value" + APM);
    q.put(PodSignal.CPU_CORES, "SELECT average(cpuUsedCores) AS value" + CONTAINERS);
    q.put(PodSignal.CPU_REQUEST_CORES, "SELECT average(cpuRequestedCores) AS value" + CONTAINERS);
    q.put(PodSignal.CPU_LIMIT_CORES, "SELECT average(cpuLimitCores) AS value" + CONTAINERS);
    q.put(PodSignal.MEMORY_BYTES, "SELECT average(memoryWorkingSetBytes) AS value" + CONTAINERS);
    q.put(
        PodSignal.MEMORY_REQUEST_BYTES,
        "SELECT average(memoryRequestedBytes) AS value" + CONTAINERS);
    q.put(PodSignal.MEMORY_LIMIT_BYTES, "SELECT average(memoryLimitBytes) AS value" + CONTAINERS);
    q.put(PodSignal.NETWORK_RX_BPS, "SELECT average(net.rxBytesPerSecond) AS value" + PODS);
    q.put(PodSignal.NETWORK_TX_BPS, "SELECT average(net.txBytesPerSecond) AS value" + PODS);
    return Collections.unmodifiableMap(q);
  }

  public NewRelicSettings {
    if (apiKey == null || apiKey.isBlank()) {
      throw new IllegalArgumentException(
          "sources.newrelic.api_key (or NEWRELIC_API_KEY) is required");
    }
    if (accountId <= 0) {
      throw new IllegalArgumentException(
          "sources.newrelic.account_id (or NEWRELIC_ACCOUNT_ID) must be a positive number but was "
              + accountId);
    }
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(retry, "retry");
    if (bucket == null || bucket.toSeconds() < 1 || bucket.toMillis() % 1000 != 0) {
      throw new IllegalArgumentException(
          "sources.newrelic.bucket must be a whole number of seconds >= 1s but was " + bucket);
    }
    queries = Collections.unmodifiableMap(new EnumMap<>(queries));
    if (queries.isEmpty()) throw new IllegalArgumentException("no New Relic query is configured");
  }

  /** The endpoint of a region name, {@code us} or {@code eu}. */
  public static URI regionEndpoint(String region) {
    return switch (region.strip().toLowerCase(Locale.ROOT)) {
      case "us" -> US_ENDPOINT;
      case "eu" -> EU_ENDPOINT;
      default ->
          throw new IllegalArgumentException(
              "sources.newrelic.region must be us or eu but was '" + region + "'");
    };
  }

  @Override
  public String toString() {
    return "NewRelicSettings[accountId="
        + accountId
        + ", endpoint="
        + endpoint
        + ", bucket="
        + bucket
        + ", signals="
        + queries.keySet()
        + "]";
  }
}
