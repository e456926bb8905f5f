package io.driftline.server.loadgen;

import java.time.Instant;
import java.util.SplittableRandom;

/**
 * DriftWatch telemetry bodies for load: {@code service_id}, {@code latency_ms}, {@code payload_kb}
 * and a timestamp near now, spread over {@code series} services. Values come from a seeded random
 * stream, so one worker sends the same numbers in every run; each service has its own steady mean,
 * so detection stays STABLE and does the common-case work.
 */
final class TelemetryPayloads {
  /** Each object is two samples: latency_ms and payload_kb. */
  static final int SAMPLES_PER_ITEM = 2;

  private final LoadPlan.Mode mode;
  private final int items;
  private final int series;
  private final SplittableRandom random;

  TelemetryPayloads(LoadPlan plan, long streamSeed) {
    this.mode = plan.mode();
    this.items = plan.itemsPerRequest();
    this.series = plan.series();
    this.random = new SplittableRandom(streamSeed);
  }

  String contentType() {
    return mode == LoadPlan.Mode.NDJSON ? "application/x-ndjson" : "application/json";
  }

  /** The next body; {@code epochMillis} becomes every object's timestamp. */
  byte[] next(long epochMillis) {
    String timestamp = Instant.ofEpochMilli(epochMillis).toString();
    StringBuilder body = new StringBuilder(items * 110 + 2);
    if (mode == LoadPlan.Mode.BATCH) body.append('[');
    for (int i = 0; i < items; i++) {
      if (i > 0) body.append(mode == LoadPlan.Mode.NDJSON ? "\n" : ",");
      appendObject(body, timestamp);
    }
    if (mode == LoadPlan.Mode.BATCH) body.append(']');
    return body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  private void appendObject(StringBuilder body, String timestamp) {
    int service = random.nextInt(series);
    double latencyMean = 80 + (service % 50) * 4;
    double latency = latencyMean * (1 + 0.1 * gaussian());
    double payload = 2.0 + (service % 7) * 0.5 + 0.2 * gaussian();
    body.append("{\"service_id\":\"loadgen-")
        .append(service)
        .append("\",\"latency_ms\":")
        .append(round(Math.max(0.1, latency)))
        .append(",\"payload_kb\":")
        .append(round(Math.max(0.01, payload)))
        .append(",\"timestamp\":\"")
        .append(timestamp)
        .append("\"}");
  }

  private double gaussian() {
    // sum of 4 uniforms, centred and scaled to unit variance: cheap and bounded (|x| < 3.5)
    double sum =
        random.nextDouble() + random.nextDouble() + random.nextDouble() + random.nextDouble();
    return (sum - 2) * Math.sqrt(3);
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
