package io.driftline.storage.sqlite;

import io.driftline.storage.CapacityStore;
import io.driftline.storage.CheckResult;
import io.driftline.storage.CheckpointStore;
import io.driftline.storage.ConfigHistoryStore;
import io.driftline.storage.DesiredStateStore;
import io.driftline.storage.DriftEventStore;
import io.driftline.storage.PodMetricStore;
import io.driftline.storage.RecommendationStore;
import io.driftline.storage.RemediationStore;
import io.driftline.storage.SampleStore;
import io.driftline.storage.StorageComponent;
import io.driftline.storage.TransitionStore;
import io.driftline.storage.WriteBatch;
import io.driftline.telemetry.SeriesKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The embedded default backend: one SQLite file in WAL mode, and beside it a second one for the
 * compacted samples ({@code driftline.db-chunks}, see {@link SqliteSampleStore}). Each {@link
 * #write} is one transaction on the main file's single write connection and is fsynced before it
 * returns; reads use their own connections and see the last commit.
 *
 * <pre>{@code
 * try (StorageComponent storage = SqliteStorage.create(Path.of("data/driftline.db"))) {
 *   storage.write(WriteBatch.ofSamples(samples)); // durable once this returns
 * }
 * }</pre>
 */
public final class SqliteStorage extends StorageComponent {
  /** Pause between the steps of a background compaction (see SqliteSampleStore#pace). */
  private static final long COMPACTION_PAUSE_MILLIS = 5;

  private final SqliteDatabase db;
  private final SqliteMaintenance maintenance;
  private final SqliteSeriesTable seriesTable = new SqliteSeriesTable();
  private final SqliteSampleStore samples;
  private final SqliteTransitionStore transitions;
  private final SqliteCheckpointStore checkpoints;
  private final SqlitePodMetricStore podMetrics;
  private final SqliteCapacityStore capacity;
  private final SqliteConfigHistoryStore configHistory;
  private final SqliteDriftEventStore driftEvents;
  private final SqliteRecommendationStore recommendations;
  private final SqliteDesiredStateStore desiredState;
  private final SqliteRemediationStore remediations;

  private SqliteStorage(Path file) {
    this(file, SqliteSampleStore.DEFAULT_COMPACT_EVERY, false, true);
  }

  /**
   * For tests: compaction after {@code compactEvery} samples, optionally past replay_from, in the
   * writing thread unless {@code background}.
   */
  SqliteStorage(Path file, int compactEvery, boolean compactPastReplay, boolean background) {
    this.db = new SqliteDatabase(file);
    this.maintenance = new SqliteMaintenance(db);
    this.samples =
        new SqliteSampleStore(
            db,
            seriesTable,
            compactEvery,
            compactPastReplay,
            background ? maintenance::compact : Runnable::run,
            background ? COMPACTION_PAUSE_MILLIS : 0);
    this.transitions = new SqliteTransitionStore(db);
    this.checkpoints = new SqliteCheckpointStore(db);
    this.podMetrics = new SqlitePodMetricStore(db);
    this.capacity = new SqliteCapacityStore(db);
    this.configHistory = new SqliteConfigHistoryStore(db);
    this.driftEvents = new SqliteDriftEventStore(db);
    this.recommendations = new SqliteRecommendationStore(db);
    this.desiredState = new SqliteDesiredStateStore(db);
    this.remediations = new SqliteRemediationStore(db);
  }

  /** Storage in {@code file}, created with its schema on first use. Does no I/O itself. */
  public static SqliteStorage create(Path file) {
    if (file == null) throw new NullPointerException("file");
    return new SqliteStorage(file);
  }

  @Override
  public void write(WriteBatch batch) {
    if (batch.isEmpty()) return;
    Map<SeriesKey, Long> assigned = new HashMap<>();
    db.write(
        "writing batch",
        c -> {
          samples.insert(c, batch.samples(), assigned);
          transitions.insert(c, batch.transitions());
          checkpoints.upsert(c, batch.checkpoints(), batch.replayFrom());
          podMetrics.insert(c, batch.podMetrics());
          return null;
        });
    seriesTable.publish(assigned);
    maintenance.startOnce(); // WAL checkpoints from the first write on
    samples.afterWrite(batch.samples().size());
  }

  @Override
  public SampleStore samples() {
    return samples;
  }

  @Override
  public TransitionStore transitions() {
    return transitions;
  }

  @Override
  public CheckpointStore checkpoints() {
    return checkpoints;
  }

  @Override
  public PodMetricStore podMetrics() {
    return podMetrics;
  }

  @Override
  public CapacityStore capacity() {
    return capacity;
  }

  @Override
  public ConfigHistoryStore configHistory() {
    return configHistory;
  }

  @Override
  public DriftEventStore driftEvents() {
    return driftEvents;
  }

  @Override
  public RecommendationStore recommendations() {
    return recommendations;
  }

  @Override
  public DesiredStateStore desiredState() {
    return desiredState;
  }

  @Override
  public RemediationStore remediations() {
    return remediations;
  }

  @Override
  public CheckResult check() {
    try {
      db.read("health check", c -> querySingle(c, "SELECT 1"));
      return CheckResult.OK;
    } catch (RuntimeException e) {
      return CheckResult.failed(e);
    }
  }

  /** Pages of both files as a read connection sees them, plus their WALs not yet checkpointed. */
  @Override
  public long sizeBytes() {
    long pages =
        db.read(
            "measuring size",
            c ->
                querySingle(c, "PRAGMA main.page_count") * querySingle(c, "PRAGMA main.page_size")
                    + querySingle(c, "PRAGMA chunks.page_count")
                        * querySingle(c, "PRAGMA chunks.page_size"));
    return pages + walSize(db.file()) + walSize(db.chunks().file());
  }

  private static long walSize(Path file) {
    Path wal = file.resolveSibling(file.getFileName() + "-wal");
    try {
      return Files.exists(wal) ? Files.size(wal) : 0;
    } catch (IOException e) {
      throw new UncheckedIOException("measuring size of " + wal, e);
    }
  }

  /** Completes once the background work asked for so far (compactions) has run; for tests. */
  java.util.concurrent.CompletableFuture<Void> maintenanceIdle() {
    return maintenance.idle();
  }

  @Override
  public void close() {
    maintenance.close();
    db.close();
  }

  private static long querySingle(Connection c, String sql) throws SQLException {
    try (PreparedStatement select = c.prepareStatement(sql);
        ResultSet row = select.executeQuery()) {
      row.next();
      return row.getLong(1);
    }
  }
}
