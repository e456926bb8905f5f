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
  private final AsciiBuffer body = new AsciiBuffer(256);
  private long second = Long.MIN_VALUE;
  private byte[] secondPrefix;

  TelemetryPayloads(LoadPlan plan, long streamSeed) {
    this.mode = plan.mode();
    this.items = plan.itemsPerRequest();
    this.series = plan.series();
    this.random = new SplittableRandom(streamSeed);
  }

  String contentType() {
    return mode == LoadPlan.Mode.NDJSON ? "application/x-ndjson" : "application/json";
  }

  /** The next body, in an array of its own; {@code epochMillis} becomes every timestamp. */
  byte[] next(long epochMillis) {
    int n = write(epochMillis); // first: it may replace the array
    return java.util.Arrays.copyOf(body.array(), n);
  }

  /**
   * Writes the next body into {@link #body()} and returns its length. Written byte by byte into one
   * reused array: the generator shares the machine with the server, and its garbage would be
   * collector pauses inside its own measurements.
   */
  int write(long epochMillis) {
    if (Math.floorDiv(epochMillis, 1000) != second) {
      second = Math.floorDiv(epochMillis, 1000);
      // "2026-03-01T12:00:00" of this second; milliseconds are appended per body
      String iso = Instant.ofEpochSecond(second).toString();
      secondPrefix = AsciiBuffer.ascii(iso.substring(0, iso.length() - 1));
    }
    body.clear();
    if (mode == LoadPlan.Mode.BATCH) body.put('[');
    for (int i = 0; i < items; i++) {
      if (i > 0) body.put(mode == LoadPlan.Mode.NDJSON ? '\n' : ',');
      appendObject(Math.floorMod(epochMillis, 1000));
    }
    if (mode == LoadPlan.Mode.BATCH) body.put(']');
    return body.size();
  }

  /** The array {@link #write} fills; valid up to the length it returned, until the next write. */
  byte[] body() {
    return body.array();
  }

  private void appendObject(long millis) {
    int service = random.nextInt(series);
    double latencyMean = 80 + (service % 50) * 4;
    double latency = latencyMean * (1 + 0.1 * gaussian());
    double payload = 2.0 + (service % 7) * 0.5 + 0.2 * gaussian();
    body.put(SERVICE_ID);
    body.putDigits(service);
    body.put(LATENCY_MS);
    putHundredths(Math.max(0.1, latency));
    body.put(PAYLOAD_KB);
    putHundredths(Math.max(0.01, payload));
    body.put(TIMESTAMP);
    body.put(secondPrefix);
    body.put('.');
    body.put((char) ('0' + millis / 100));
    body.put((char) ('0' + millis / 10 % 10));
    body.put((char) ('0' + millis % 10));
    body.put(END);
  }

  private static final byte[] SERVICE_ID = AsciiBuffer.ascii("{\"service_id\":\"loadgen-");
  private static final byte[] LATENCY_MS = AsciiBuffer.ascii("\",\"latency_ms\":");
  private static final byte[] PAYLOAD_KB = AsciiBuffer.ascii(",\"payload_kb\":");
  private static final byte[] TIMESTAMP = AsciiBuffer.ascii(",\"timestamp\":\"");
  private static final byte[] END = AsciiBuffer.ascii("Z\"}");

  /** {@code v} >= 0 rounded to two decimals, as in "80.25". */
  private void putHundredths(double v) {
    long hundredths = Math.round(v * 100);
    body.putDigits(hundredths / 100);
    body.put('.');
    body.put((char) ('0' + hundredths / 10 % 10));
    body.put((char) ('0' + hundredths % 10));
  }

  private double gaussian() {
    // sum of 4 uniforms, centred and scaled to unit variance: cheap and bounded (|x| < 3.5)
    double sum =
        random.nextDouble() + random.nextDouble() + random.nextDouble() + random.nextDouble();
    return (sum - 2) * Math.sqrt(3);
  }
}
