package io.driftline.sources.newrelic;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftline.sources.PullRequest;
import io.driftline.workload.PodMetric;
import io.driftline.workload.PodSignal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Gathers the rows of TIMESERIES FACET results into pod metrics. A row of NerdGraph's {@code
 * results} looks like {@code {"beginTimeSeconds": 1736676000, "endTimeSeconds": 1736676060,
 * "facet": ["shop", "checkout-7d9f-abcde", "checkout"], "value": 0.12}}; an aliased percentile may
 * come as {@code {"value": {"95": 120.5}}}. Rows of one signal with the same pod and bucket (one
 * per container) are summed; rows without a value, with a negative one, or with names Driftline
 * cannot key (empty, or containing '/') are skipped and counted.
 */
final class NrqlRows {
  record PodBucket(String namespace, String pod, String workload, long epochMillis) {}

  private final Map<PodBucket, Map<PodSignal, Double>> values = new LinkedHashMap<>();
  private int skipped;

  /** Adds one query's results for {@code signal}. */
  void add(PodSignal signal, JsonNode results, PullRequest request) {
    Map<PodBucket, Double> sums = new LinkedHashMap<>();
    for (JsonNode row : results) {
      Optional<PodBucket> key = key(row);
      Optional<Double> value = value(row.get("value"));
      if (key.isEmpty() || value.isEmpty()) {
        skipped++;
        continue;
      }
      if (!request.includes(key.get().namespace())) continue;
      sums.merge(key.get(), value.get(), Double::sum);
    }
    sums.forEach(
        (key, value) ->
            values.computeIfAbsent(key, k -> new EnumMap<>(PodSignal.class)).put(signal, value));
  }

  List<PodMetric> podMetrics(String clusterId) {
    List<PodMetric> metrics = new ArrayList<>(values.size());
    values.forEach(
        (key, signals) ->
            metrics.add(
                new PodMetric(
                    clusterId,
                    key.namespace(),
                    key.pod(),
                    key.workload(),
                    Optional.empty(),
                    key.epochMillis(),
                    Map.of(),
                    signals)));
    return metrics;
  }

  int skipped() {
    return skipped;
  }

  private static Optional<PodBucket> key(JsonNode row) {
    JsonNode facet = row.get("facet");
    JsonNode begin = row.get("beginTimeSeconds");
    if (facet == null
        || !facet.isArray()
        || facet.size() < 2
        || begin == null
        || !begin.isNumber()) {
      return Optional.empty();
    }
    String namespace = facet.get(0).asText("");
    String pod = facet.get(1).asText("");
    String workload = facet.size() > 2 ? facet.get(2).asText("") : "";
    if (workload.isEmpty() || workload.equals("null")) workload = pod;
    if (!usable(namespace) || !usable(pod) || !usable(workload)) return Optional.empty();
    return Optional.of(new PodBucket(namespace, pod, workload, begin.asLong() * 1000));
  }

  private static boolean usable(String name) {
    return !name.isEmpty() && !name.equals("null") && name.indexOf('/') < 0;
  }

  /** A number, or the single number inside an object such as {@code {"95": 120.5}}. */
  private static Optional<Double> value(JsonNode node) {
    if (node == null || node.isNull()) return Optional.empty();
    if (node.isObject() && node.size() == 1) node = node.elements().next();
    if (!node.isNumber()) return Optional.empty();
    double v = node.asDouble();
    return Double.isFinite(v) && v >= 0 ? Optional.of(v) : Optional.empty();
  }
}
