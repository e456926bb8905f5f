package io.driftline.ingest;

import io.driftline.storage.StorageComponent;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Deletes raw samples older than the retention age, and transitions too when a transition retention
 * is set (by default the audit trail is kept). Run it periodically; each run is one pass.
 */
public final class RetentionJob implements Runnable {
  private static final System.Logger LOG = System.getLogger(RetentionJob.class.getName());
  private final StorageComponent storage;
  private final Clock clock;
  private final Duration samples;
  private final Optional<Duration> transitions;

  public RetentionJob(
      StorageComponent storage, Clock clock, Duration samples, Optional<Duration> transitions) {
    this.storage = storage;
    this.clock = clock;
    this.samples = samples;
    this.transitions = transitions;
  }

  @Override
  public void run() {
    long now = clock.millis();
    try {
      long deleted =
          storage.samples().deleteBefore(now - samples.toMillis())
              + storage.podMetrics().deleteBefore(now - samples.toMillis());
      long audit =
          transitions
              .map(age -> storage.transitions().deleteBefore(now - age.toMillis()))
              .orElse(0L);
      if (deleted + audit > 0) {
        LOG.log(
            System.Logger.Level.INFO,
            "retention deleted " + deleted + " samples and pod rows and " + audit + " transitions");
      }
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "retention pass failed; will retry", e);
    }
  }
}
