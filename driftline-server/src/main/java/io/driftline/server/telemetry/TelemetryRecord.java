package io.driftline.server.telemetry;

import io.driftline.telemetry.Sample;
import io.driftline.telemetry.SeriesKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One DriftWatch telemetry object after validation: a service, a time, and one sample per metric
 * ({@code latency_ms}, {@code payload_kb}, and any under {@code metrics}).
 */
public record TelemetryRecord(String serviceId, Instant timestamp, List<Sample> samples) {

  public TelemetryRecord {
    samples = List.copyOf(samples);
  }

  /** Builds the samples; throws {@code InvalidTelemetryException} for a bad label set. */
  static TelemetryRecord of(
      String serviceId,
      Instant timestamp,
      Map<String, Double> metrics,
      Map<String, String> labels) {
    List<Sample> samples = new ArrayList<>(metrics.size());
    metrics.forEach(
        (metric, value) ->
            samples.add(
                new Sample(
                    new SeriesKey(serviceId, metric, labels), timestamp.toEpochMilli(), value)));
    return new TelemetryRecord(serviceId, timestamp, samples);
  }
}
