package io.driftline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** When the writer waits for more submissions before a group commit. */
class GroupCommitWindowTest {
  private static final long MS = 1_000_000;

  @Test
  void concurrentSubmissionsWaitForTheRestOfTheWindow() {
    // last commit carried 5 callers' submissions and started 0.3 ms ago: wait 0.7 ms more
    assertThat(StorageWriter.groupWaitNanos(MS, 5, 10 * MS, 10 * MS + 300_000, 10, 20_000))
        .isEqualTo(700_000);
  }

  @Test
  void aLoneCallerNeverWaits() {
    assertThat(StorageWriter.groupWaitNanos(MS, 1, 10 * MS, 10 * MS + 1, 1, 20_000)).isZero();
    assertThat(StorageWriter.groupWaitNanos(MS, 0, 0, 1, 1, 20_000)).isZero();
  }

  @Test
  void noWaitOnceTheWindowHasPassedOrTheCommitIsFullOrTheWindowIsOff() {
    assertThat(StorageWriter.groupWaitNanos(MS, 5, 10 * MS, 12 * MS, 10, 20_000)).isZero();
    assertThat(StorageWriter.groupWaitNanos(MS, 5, 10 * MS, 10 * MS, 20_000, 20_000)).isZero();
    assertThat(StorageWriter.groupWaitNanos(0, 5, 10 * MS, 10 * MS, 10, 20_000)).isZero();
  }
}
