package io.driftline.drift;

/** What kind of behaviour drifted; the seed's categories. */
public enum DriftCategory {
  LATENCY_DRIFT,
  ERROR_RATE_DRIFT,
  THROUGHPUT_DRIFT,
  CPU_MEMORY_DRIFT,
  IO_DRIFT,
  /** Live Kubernetes objects differ from their desired state (configuration drift). */
  CONFIG_DRIFT,
  /** A forecast crosses capacity: the resource runs out if nothing changes. */
  CAPACITY_RISK
}
