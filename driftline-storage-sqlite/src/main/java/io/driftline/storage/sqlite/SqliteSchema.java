package io.driftline.storage.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Creates the tables on first open and refuses a file written by a newer schema.
 *
 * <p>Series get a numeric id so that a sample is stored as four numbers; the key's text is stored
 * once. Series rows are never deleted (they are few and small), which lets their ids be cached for
 * the life of the process. Transitions keep the key as text because they are rare and must stay
 * readable on their own. Samples are appended to the log, {@code sample_batches}, one row per write
 * keyed by its lowest sequence number (no other index), and compacted into per-series {@code
 * sample_chunks} in the chunk file beside it ({@link SqliteDatabase#chunks()}); {@link
 * SqliteSampleStore} says why.
 *
 * <p>Version 2 replaced version 1's {@code samples} table and its {@code (series_id, ts)} index;
 * opening a version 1 file moves its samples into the log in the same transaction. Version 3 added
 * the nullable {@code severity} of each transition; opening an older file adds the column, and the
 * rows it already held keep it null (read as no severity). Version 4 moved {@code sample_chunks}
 * and {@code compacted_upto} into the chunk file ({@link #moveChunksOut}). Version 5 replaced the
 * log of one row per sample, {@code sample_log}, with one row per write; opening an older file
 * packs its log rows into rows of {@link #UPGRADE_BATCH} samples in the same transaction.
 *
 * <p>The fleet tables mirror the seed's Cassandra keyspace so a Cassandra backend can use the same
 * layout: time series carry their partition keys as columns and lead their primary keys with them
 * ({@code pod_metrics}: cluster_id, day, hour; {@code capacity_snapshots}: cluster_id, day; {@code
 * config_history}: cluster_id, day); events and recommendations are keyed by their ids and indexed
 * by their partition (cluster_id, env, drift_date). Days and hours are UTC. The fleet tables were
 * added without a version bump: they are created when missing, so a version 1 file gains them on
 * open and nothing else changes. The configuration drift tables ({@code desired_objects}, {@code
 * provisions}, {@code remediations}) were added the same way.
 */
final class SqliteSchema {
  static final int VERSION = 5;

  /** Samples per log row when a version 4 log is packed ({@link #upgradeFromVersion4}). */
  static final int UPGRADE_BATCH = 4_096;

  /** From this version on the compacted samples live in the chunk file, not the main one. */
  static final int FIRST_VERSION_WITH_CHUNK_FILE = 4;

  /** Version of the chunk file's own schema, kept in its {@code meta} table. */
  static final int CHUNKS_VERSION = 1;

  /**
   * The chunk file ({@link SqliteDatabase#chunks()}): compacted samples and the mark up to which
   * they are complete ({@code meta.compacted_upto}); nothing else, so that compaction's writes
   * never take the main file's write lock.
   */
  private static final String[] CHUNKS_DDL = {
    """
    CREATE TABLE IF NOT EXISTS sample_chunks (
      series_id INTEGER NOT NULL, min_seq INTEGER NOT NULL, max_seq INTEGER NOT NULL,
      min_ts INTEGER NOT NULL, max_ts INTEGER NOT NULL, n INTEGER NOT NULL, data BLOB NOT NULL,
      PRIMARY KEY (series_id, min_seq)) WITHOUT ROWID""",
    "CREATE INDEX IF NOT EXISTS sample_chunks_by_max_seq ON sample_chunks (max_seq)",
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value)",
    "INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', " + CHUNKS_VERSION + ")",
  };

  private static final String[] DDL = {
    """
    CREATE TABLE IF NOT EXISTS series (
      id INTEGER PRIMARY KEY, service TEXT NOT NULL, metric TEXT NOT NULL, labels TEXT NOT NULL,
      UNIQUE (service, metric, labels))""",
    """
    CREATE TABLE IF NOT EXISTS sample_batches (
      min_seq INTEGER PRIMARY KEY, max_seq INTEGER NOT NULL, min_ts INTEGER NOT NULL,
      max_ts INTEGER NOT NULL, n INTEGER NOT NULL, data BLOB NOT NULL)""",
    """
    CREATE TABLE IF NOT EXISTS transitions (
      service TEXT NOT NULL, metric TEXT NOT NULL, labels TEXT NOT NULL, seq INTEGER NOT NULL,
      ts INTEGER NOT NULL, from_state TEXT NOT NULL, to_state TEXT NOT NULL, rule TEXT NOT NULL,
      zscores TEXT NOT NULL, severity TEXT, PRIMARY KEY (service, metric, labels, seq))""",
    "CREATE INDEX IF NOT EXISTS transitions_by_service_seq ON transitions (service, seq)",
    "CREATE INDEX IF NOT EXISTS transitions_by_time ON transitions (ts)",
    """
    CREATE TABLE IF NOT EXISTS checkpoints (
      service TEXT PRIMARY KEY, last_seq INTEGER NOT NULL, state BLOB NOT NULL)""",
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value)",
    SqlitePodMetricStore.DDL,
    "CREATE INDEX IF NOT EXISTS pod_metrics_by_pod ON pod_metrics (cluster_id, namespace, pod_name, ts)",
    """
    CREATE INDEX IF NOT EXISTS pod_metrics_by_workload
      ON pod_metrics (cluster_id, namespace, workload_name, ts)""",
    "CREATE INDEX IF NOT EXISTS pod_metrics_by_time ON pod_metrics (ts)",
    """
    CREATE TABLE IF NOT EXISTS capacity_snapshots (
      cluster_id TEXT NOT NULL, day TEXT NOT NULL, ts INTEGER NOT NULL, position INTEGER NOT NULL,
      node_group TEXT NOT NULL, instance_type TEXT NOT NULL, count INTEGER NOT NULL,
      allocatable_cpu_cores REAL NOT NULL, allocatable_memory_bytes REAL NOT NULL,
      requested_cpu_cores REAL NOT NULL, requested_memory_bytes REAL NOT NULL,
      used_cpu_cores REAL NOT NULL, used_memory_bytes REAL NOT NULL, pods INTEGER,
      PRIMARY KEY (cluster_id, day, ts, node_group))""",
    "CREATE INDEX IF NOT EXISTS capacity_by_cluster_time ON capacity_snapshots (cluster_id, ts)",
    """
    CREATE TABLE IF NOT EXISTS config_history (
      change_id TEXT PRIMARY KEY, cluster_id TEXT NOT NULL, day TEXT NOT NULL,
      changed_at INTEGER NOT NULL, namespace TEXT NOT NULL, workload_name TEXT NOT NULL,
      change_type TEXT NOT NULL, changed_by TEXT NOT NULL, before_json TEXT NOT NULL,
      after_json TEXT NOT NULL)""",
    """
    CREATE INDEX IF NOT EXISTS config_history_by_workload
      ON config_history (cluster_id, namespace, workload_name, changed_at)""",
    "CREATE INDEX IF NOT EXISTS config_history_by_time ON config_history (cluster_id, changed_at)",
    """
    CREATE TABLE IF NOT EXISTS drift_events (
      drift_id TEXT PRIMARY KEY, cluster_id TEXT NOT NULL, env TEXT NOT NULL,
      drift_date TEXT NOT NULL, drift_category TEXT NOT NULL, severity TEXT NOT NULL,
      workload_name TEXT NOT NULL, namespace TEXT NOT NULL, start_ts INTEGER NOT NULL,
      end_ts INTEGER, detection_method TEXT NOT NULL, confidence_score REAL NOT NULL,
      status TEXT NOT NULL, signals TEXT NOT NULL, probable_cause TEXT, acknowledged_by TEXT,
      acknowledged_at INTEGER, resolved_by TEXT, resolved_at INTEGER,
      source_seq INTEGER NOT NULL)""",
    """
    CREATE INDEX IF NOT EXISTS drift_events_by_partition
      ON drift_events (cluster_id, env, drift_date)""",
    """
    CREATE INDEX IF NOT EXISTS drift_events_by_workload
      ON drift_events (cluster_id, namespace, workload_name, drift_category, status)""",
    """
    CREATE TABLE IF NOT EXISTS drift_recommendations (
      rec_id TEXT PRIMARY KEY, cluster_id TEXT NOT NULL, env TEXT NOT NULL,
      drift_date TEXT NOT NULL, drift_id TEXT NOT NULL, recommendation_type TEXT NOT NULL,
      recommendation_json TEXT NOT NULL, estimated_savings_usd REAL,
      auto_approved INTEGER NOT NULL, status TEXT NOT NULL, decided_by TEXT, decided_at INTEGER,
      created_ts INTEGER NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS recommendations_by_drift ON drift_recommendations (drift_id)",
    """
    CREATE INDEX IF NOT EXISTS recommendations_by_cluster
      ON drift_recommendations (cluster_id, created_ts)""",
    """
    CREATE TABLE IF NOT EXISTS desired_objects (
      object_key TEXT PRIMARY KEY, deployment_id TEXT NOT NULL, namespace TEXT NOT NULL,
      resource_name TEXT NOT NULL, manifest_json TEXT NOT NULL, updated_at INTEGER NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS desired_objects_by_deployment ON desired_objects (deployment_id)",
    """
    CREATE TABLE IF NOT EXISTS provisions (
      deployment_id TEXT PRIMARY KEY, resource_type TEXT NOT NULL, engine TEXT NOT NULL,
      version TEXT NOT NULL, size TEXT NOT NULL, replicas INTEGER NOT NULL,
      namespace TEXT NOT NULL, name TEXT NOT NULL, phase TEXT NOT NULL, message TEXT NOT NULL,
      created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS provisions_by_namespace ON provisions (namespace, name)",
    """
    CREATE TABLE IF NOT EXISTS remediations (
      remediation_id TEXT PRIMARY KEY, object_key TEXT NOT NULL, deployment_id TEXT NOT NULL,
      namespace TEXT NOT NULL, resource_name TEXT NOT NULL, drift_id TEXT, policy TEXT NOT NULL,
      status TEXT NOT NULL, dry_run INTEGER NOT NULL, differences_json TEXT NOT NULL,
      result TEXT NOT NULL, created_at INTEGER NOT NULL, decided_by TEXT, decided_at INTEGER)""",
    "CREATE INDEX IF NOT EXISTS remediations_by_time ON remediations (created_at)",
    "CREATE INDEX IF NOT EXISTS remediations_by_object ON remediations (object_key, created_at)",
    "INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', " + VERSION + ")",
  };

  private SqliteSchema() {}

  /**
   * Brings {@code connection}'s file to the current schema in one transaction; returns it. The
   * chunk file must already have its schema ({@link #migrateChunks}): a version 3 file's chunks are
   * moved into it first.
   */
  static Connection migrate(Connection connection, Path chunkFile) throws SQLException {
    try {
      moveChunksOut(connection, chunkFile);
    } catch (SQLException | RuntimeException e) {
      connection.close();
      throw e;
    }
    return inOneTransaction(
        connection,
        VERSION,
        statement -> {
          for (String ddl : DDL) statement.execute(ddl);
          upgradeFromVersion1(connection, statement);
          upgradeFromVersion2(connection, statement);
          upgradeFromVersion3(connection, statement);
          upgradeFromVersion4(connection, statement);
        });
  }

  /** Brings a chunk file to its schema in one transaction; returns the connection. */
  static Connection migrateChunks(Connection connection) throws SQLException {
    return inOneTransaction(
        connection,
        CHUNKS_VERSION,
        statement -> {
          for (String ddl : CHUNKS_DDL) statement.execute(ddl);
        });
  }

  private interface Steps {
    void run(Statement statement) throws SQLException;
  }

  /**
   * Runs {@code steps} and checks the version in one transaction; on failure the connection is
   * closed, so a half-opened file is never used.
   */
  private static Connection inOneTransaction(Connection connection, int version, Steps steps)
      throws SQLException {
    try {
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        steps.run(statement);
      }
      checkVersion(connection, version);
      connection.commit();
      connection.setAutoCommit(true);
      return connection;
    } catch (SQLException | RuntimeException e) {
      connection.close();
      throw e;
    }
  }

  /**
   * Up to version 3 the chunks and {@code compacted_upto} lived in the main file. They are copied
   * into the chunk file in a transaction of their own, committed before the main file's upgrade
   * drops them ({@link #upgradeFromVersion3}): a crash in between leaves them in both, and the copy
   * is simply repeated on the next open (same primary keys, {@code INSERT OR REPLACE}). A WAL
   * transaction over two files is atomic in each file but not across them
   * (https://www.sqlite.org/lang_attach.html), hence two transactions.
   */
  private static void moveChunksOut(Connection connection, Path chunkFile) throws SQLException {
    if (!hasTable(connection, "sample_chunks")) return;
    try (Statement statement = connection.createStatement()) {
      try (PreparedStatement attach = connection.prepareStatement("ATTACH DATABASE ? AS moving")) {
        attach.setString(1, chunkFile.toString());
        attach.execute();
      }
      try {
        connection.setAutoCommit(false);
        statement.execute(
            "INSERT OR REPLACE INTO moving.sample_chunks"
                + " (series_id, min_seq, max_seq, min_ts, max_ts, n, data)"
                + " SELECT series_id, min_seq, max_seq, min_ts, max_ts, n, data"
                + " FROM main.sample_chunks");
        statement.execute(
            "INSERT OR REPLACE INTO moving.meta (key, value)"
                + " SELECT key, value FROM main.meta WHERE key = 'compacted_upto'");
        connection.commit();
      } catch (SQLException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
        statement.execute("DETACH DATABASE moving");
      }
    }
  }

  /** The log of versions 2 to 4: one row per sample, rowid = sequence number. */
  private static final String SAMPLE_LOG_OF_VERSION_4 =
      """
      CREATE TABLE IF NOT EXISTS sample_log (
        seq INTEGER PRIMARY KEY, series_id INTEGER NOT NULL, ts INTEGER NOT NULL,
        value REAL NOT NULL)""";

  /**
   * Version 4 kept one log row per sample; they are packed, in sequence order, into rows of {@link
   * #UPGRADE_BATCH} samples. Rows at or below {@code compacted_upto} are packed too: reads ignore
   * those samples, and the next compaction deletes their rows.
   */
  private static void upgradeFromVersion4(Connection connection, Statement statement)
      throws SQLException {
    if (storedVersion(connection) != 4) return;
    statement.execute(SAMPLE_LOG_OF_VERSION_4); // a file that never held a sample may lack it
    try (PreparedStatement select =
            connection.prepareStatement(
                "SELECT seq, series_id, ts, value FROM sample_log ORDER BY seq");
        PreparedStatement insert = connection.prepareStatement(SampleBatch.INSERT);
        ResultSet row = select.executeQuery()) {
      SampleBatch.Builder batch = new SampleBatch.Builder(UPGRADE_BATCH);
      while (row.next()) {
        batch.add(row.getLong(1), row.getLong(2), row.getLong(3), row.getDouble(4));
        if (batch.count() == UPGRADE_BATCH) {
          batch.bind(insert);
          insert.executeUpdate();
          batch = new SampleBatch.Builder(UPGRADE_BATCH);
        }
      }
      if (batch.count() > 0) {
        batch.bind(insert);
        insert.executeUpdate();
      }
    }
    statement.execute("DROP TABLE sample_log");
    statement.execute("UPDATE meta SET value = 5 WHERE key = 'schema_version'");
  }

  /** Version 3 kept the chunks in the main file; {@link #moveChunksOut} has copied them. */
  private static void upgradeFromVersion3(Connection connection, Statement statement)
      throws SQLException {
    if (storedVersion(connection) != 3) return;
    statement.execute("DROP TABLE IF EXISTS sample_chunks");
    statement.execute("DELETE FROM meta WHERE key = 'compacted_upto'");
    statement.execute("UPDATE meta SET value = 4 WHERE key = 'schema_version'");
  }

  private static boolean hasTable(Connection connection, String table) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")) {
      select.setString(1, table);
      try (ResultSet row = select.executeQuery()) {
        return row.next();
      }
    }
  }

  /** Version 1 kept samples in {@code samples}, indexed by series and time. */
  private static void upgradeFromVersion1(Connection connection, Statement statement)
      throws SQLException {
    try (PreparedStatement select =
            connection.prepareStatement("SELECT value FROM meta WHERE key = 'schema_version'");
        ResultSet row = select.executeQuery()) {
      if (!row.next() || row.getInt(1) != 1) return;
    }
    statement.execute(SAMPLE_LOG_OF_VERSION_4);
    statement.execute(
        "INSERT INTO sample_log (seq, series_id, ts, value)"
            + " SELECT seq, series_id, ts, value FROM samples");
    statement.execute("DROP TABLE samples");
    statement.execute("UPDATE meta SET value = 2 WHERE key = 'schema_version'");
  }

  /** Version 2 kept no severity with a transition. */
  private static void upgradeFromVersion2(Connection connection, Statement statement)
      throws SQLException {
    if (storedVersion(connection) != 2) return;
    // a version 1 file without transitions got the table just now, already with the column
    if (!hasColumn(connection, "transitions", "severity")) {
      statement.execute("ALTER TABLE transitions ADD COLUMN severity TEXT");
    }
    statement.execute("UPDATE meta SET value = 3 WHERE key = 'schema_version'");
  }

  private static boolean hasColumn(Connection connection, String table, String column)
      throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement("SELECT 1 FROM pragma_table_info(?) WHERE name = ?")) {
      select.setString(1, table);
      select.setString(2, column);
      try (ResultSet row = select.executeQuery()) {
        return row.next();
      }
    }
  }

  static int storedVersion(Connection connection) throws SQLException {
    try (PreparedStatement select =
            connection.prepareStatement("SELECT value FROM meta WHERE key = 'schema_version'");
        ResultSet row = select.executeQuery()) {
      return row.next() ? row.getInt(1) : 0;
    }
  }

  private static void checkVersion(Connection connection, int expected) throws SQLException {
    try (PreparedStatement select =
            connection.prepareStatement("SELECT value FROM meta WHERE key = 'schema_version'");
        ResultSet row = select.executeQuery()) {
      int found = row.next() ? row.getInt(1) : 0;
      if (found != expected) {
        throw new SQLException(
            "schema_version must be "
                + expected
                + " but was "
                + found
                + "; written by another build?");
      }
    }
  }
}
