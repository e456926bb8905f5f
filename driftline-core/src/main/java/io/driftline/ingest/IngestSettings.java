package io.driftline.ingest;

import java.time.Duration;

/**
 * Tuning of the ingest pipeline.
 *
 * @param shards detection threads; each owns the services that hash to it
 * @param queueCapacity samples accepted but not yet committed; a submission that would go beyond it
 *     is refused, except when the queue is empty (so one batch larger than the capacity can still
 *     be stored)
 * @param maxCommitSamples samples written in one group commit at most
 * @param checkpointInterval how often detection state is saved (restart replays samples since)
 * @param groupCommitWindow while submissions arrive concurrently, the least time between the starts
 *     of two group commits: a commit waits up to this long for more submissions to share its {@code
 *     fsync} (zero: commit at once, as PostgreSQL's {@code commit_delay} 0)
 */
public record IngestSettings(
    int shards,
    int queueCapacity,
    int maxCommitSamples,
    Duration checkpointInterval,
    Duration groupCommitWindow) {

  public static final IngestSettings DEFAULTS =
      new IngestSettings(2, 200_000, 20_000, Duration.ofSeconds(10), Duration.ofMillis(1));

  /** Without a group commit window. */
  public IngestSettings(
      int shards, int queueCapacity, int maxCommitSamples, Duration checkpointInterval) {
    this(shards, queueCapacity, maxCommitSamples, checkpointInterval, Duration.ZERO);
  }

  public IngestSettings {
    if (shards < 1) throw new IllegalArgumentException("shards must be >= 1 but was " + shards);
    if (queueCapacity < 1) {
      throw new IllegalArgumentException("queue_capacity must be >= 1 but was " + queueCapacity);
    }
    if (maxCommitSamples < 1) {
      throw new IllegalArgumentException(
          "max_commit_samples must be >= 1 but was " + maxCommitSamples);
    }
    if (checkpointInterval.isNegative() || checkpointInterval.isZero()) {
      throw new IllegalArgumentException(
          "checkpoint_interval must be > 0 but was " + checkpointInterval);
    }
    if (groupCommitWindow.isNegative() || groupCommitWindow.compareTo(Duration.ofSeconds(1)) > 0) {
      throw new IllegalArgumentException(
          "group_commit_window must be between 0 and 1s but was " + groupCommitWindow);
    }
  }
}
