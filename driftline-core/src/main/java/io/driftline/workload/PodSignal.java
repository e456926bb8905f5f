package io.driftline.workload;

import java.util.Locale;
import java.util.Optional;

/**
 * The numeric fields of a pod metric, named as the API names them ({@code latency_p95_ms}, ...).
 *
 * <p>{@link #aggregation()} says how a workload's value is made from its pods' values at one
 * timestamp, for detection: latencies and the error rate are averaged across pods (each pod is one
 * vantage point of the same service, and the mean does not move when the workload scales out),
 * throughput, CPU, memory and IO are summed (the workload's total demand). Requests and limits are
 * configuration, not behaviour, so they are stored but not detected on.
 */
public enum PodSignal {
  LATENCY_P50_MS(Aggregation.MEAN),
  LATENCY_P95_MS(Aggregation.MEAN),
  LATENCY_P99_MS(Aggregation.MEAN),
  THROUGHPUT_RPS(Aggregation.SUM),
  ERROR_RATE(Aggregation.MEAN),
  CPU_CORES(Aggregation.SUM),
  CPU_REQUEST_CORES(Aggregation.NONE),
  CPU_LIMIT_CORES(Aggregation.NONE),
  MEMORY_BYTES(Aggregation.SUM),
  MEMORY_REQUEST_BYTES(Aggregation.NONE),
  MEMORY_LIMIT_BYTES(Aggregation.NONE),
  DISK_READ_BPS(Aggregation.SUM),
  DISK_WRITE_BPS(Aggregation.SUM),
  NETWORK_RX_BPS(Aggregation.SUM),
  NETWORK_TX_BPS(Aggregation.SUM);

  /** How pods' values at one timestamp become the workload's value. */
  public enum Aggregation {
    MEAN,
    SUM,
    NONE
  }

  private final Aggregation aggregation;
  private final String field;

  PodSignal(Aggregation aggregation) {
    this.aggregation = aggregation;
    this.field = name().toLowerCase(Locale.ROOT);
  }

  /** The JSON field and column name, e.g. {@code latency_p95_ms}. */
  public String field() {
    return field;
  }

  public Aggregation aggregation() {
    return aggregation;
  }

  public boolean detected() {
    return aggregation != Aggregation.NONE;
  }

  public static Optional<PodSignal> ofField(String field) {
    for (PodSignal s : values()) if (s.field.equals(field)) return Optional.of(s);
    return Optional.empty();
  }
}
