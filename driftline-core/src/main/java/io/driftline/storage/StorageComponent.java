package io.driftline.storage;

import java.io.Closeable;

/**
 * One storage backend: a handful of small stores plus an atomic group write. Constructors and
 * factories do no I/O; the first call that needs the backend opens it.
 *
 * <p>Every backend passes the contract suite in {@code driftline-storage-tests}.
 */
public abstract class StorageComponent implements Closeable {

  /**
   * Writes samples, pod metrics, transitions and checkpoints in one transaction: after a normal
   * return all of it is durable, after an exception none of it is visible.
   */
  public abstract void write(WriteBatch batch);

  public abstract SampleStore samples();

  public abstract TransitionStore transitions();

  public abstract CheckpointStore checkpoints();

  public abstract PodMetricStore podMetrics();

  public abstract CapacityStore capacity();

  public abstract ConfigHistoryStore configHistory();

  public abstract DriftEventStore driftEvents();

  public abstract RecommendationStore recommendations();

  /** Provisions and desired Kubernetes objects of configuration drift. */
  public abstract DesiredStateStore desiredState();

  /** The audit trail of configuration drift remediations. */
  public abstract RemediationStore remediations();

  /** Whether the backend answers; used by readiness checks. Never throws. */
  public abstract CheckResult check();

  /** Bytes used on disk (or in memory), for {@code database_size_mb}. */
  public abstract long sizeBytes();

  @Override
  public abstract void close();
}
