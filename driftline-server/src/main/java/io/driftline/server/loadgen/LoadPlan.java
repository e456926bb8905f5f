package io.driftline.server.loadgen;

import java.net.URI;
import java.time.Duration;

/**
 * What one load run does.
 *
 * @param target the full URL requests go to (base URL plus the mode's path)
 * @param mode what each request carries
 * @param batchSize telemetry objects per request in BATCH and NDJSON modes
 * @param series services the objects are spread over; each object is two series of its service
 *     ({@code latency_ms}, {@code payload_kb})
 * @param rate requests per second in open loop; 0 means closed loop (as fast as answers come)
 * @param connections HTTP/1.1 connections, each with at most one request in flight
 * @param duration measured time; the run always ends after warmup + duration (+ the timeout for
 *     requests still in flight)
 * @param warmup time before measuring, excluded from every figure
 * @param timeout per request
 * @param seed of the payload values, so two runs send the same numbers
 * @param client which HTTP client sends the requests
 */
public record LoadPlan(
    URI target,
    Mode mode,
    int batchSize,
    int series,
    double rate,
    int connections,
    Duration duration,
    Duration warmup,
    Duration timeout,
    long seed,
    Client client) {

  /**
   * NIO: {@link SelectorClient}, one event loop for every connection, the cheapest per request;
   * SOCKET: {@link SocketHttpConnection}, a blocking socket per connection on a virtual thread;
   * JDK: {@code java.net.http}.
   */
  public enum Client {
    NIO,
    SOCKET,
    JDK
  }

  /** Request kinds; GET is the reference: an endpoint of the same server doing no ingest work. */
  public enum Mode {
    SINGLE("/v1/telemetry"),
    BATCH("/v1/telemetry/batch"),
    NDJSON("/v1/telemetry/batch"),
    GET("/health/live");

    private final String defaultPath;

    Mode(String defaultPath) {
      this.defaultPath = defaultPath;
    }

    public String defaultPath() {
      return defaultPath;
    }
  }

  public LoadPlan {
    if (batchSize < 1)
      throw new IllegalArgumentException("batch-size must be >= 1 but was " + batchSize);
    if (series < 1) throw new IllegalArgumentException("series must be >= 1 but was " + series);
    if (rate < 0 || !Double.isFinite(rate)) {
      throw new IllegalArgumentException("rate must be > 0 but was " + rate);
    }
    if (connections < 1) {
      throw new IllegalArgumentException("connections must be >= 1 but was " + connections);
    }
    if (!duration.isPositive())
      throw new IllegalArgumentException("duration must be > 0 but was " + duration);
    if (warmup.isNegative())
      throw new IllegalArgumentException("warmup must be >= 0 but was " + warmup);
    if (!timeout.isPositive())
      throw new IllegalArgumentException("timeout must be > 0 but was " + timeout);
  }

  public boolean openLoop() {
    return rate > 0;
  }

  /** Telemetry objects in one request: 0 for GET, 1 for SINGLE, the batch size otherwise. */
  public int itemsPerRequest() {
    return switch (mode) {
      case GET -> 0;
      case SINGLE -> 1;
      case BATCH, NDJSON -> batchSize;
    };
  }

  public int samplesPerRequest() {
    return itemsPerRequest() * TelemetryPayloads.SAMPLES_PER_ITEM;
  }
}
