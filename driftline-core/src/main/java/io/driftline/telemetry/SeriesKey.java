package io.driftline.telemetry;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Identity of one time series: a service, a metric of it, and optional labels.
 *
 * <p>{@code latency_ms} and {@code payload_kb} of a DriftWatch service are two series of the same
 * service. Labels are kept sorted so that equal label sets give equal keys and a stable text form.
 */
public record SeriesKey(String service, String metric, Map<String, String> labels) {

  public SeriesKey {
    TelemetryLimits.checkServiceId(service);
    TelemetryLimits.checkMetricName(metric);
    labels = labels.isEmpty() ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(labels));
    TelemetryLimits.checkLabels(labels);
  }

  public static SeriesKey of(String service, String metric) {
    return new SeriesKey(service, metric, Map.of());
  }

  /** Canonical text of the labels, {@code k=v} pairs joined by newlines; empty when none. */
  public String labelsText() {
    if (labels.isEmpty()) return "";
    StringBuilder text = new StringBuilder();
    labels.forEach(
        (k, v) -> text.append(text.isEmpty() ? "" : "\n").append(k).append('=').append(v));
    return text.toString();
  }

  /** Inverse of {@link #labelsText()}. Values never hold a newline (validated), keys never '='. */
  public static Map<String, String> parseLabels(String text) {
    if (text == null || text.isEmpty()) return Map.of();
    Map<String, String> labels = new TreeMap<>();
    for (String pair : text.split("\n")) {
      int eq = pair.indexOf('=');
      labels.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    return labels;
  }

  @Override
  public String toString() {
    return service + "/" + metric + (labels.isEmpty() ? "" : labels.toString());
  }
}
