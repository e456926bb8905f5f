package io.driftline.storage.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Creates the tables on first open and refuses a file written by a newer schema.
 *
 * <p>Series get a numeric id so that each sample row is four numbers; the key's text is stored
 * once. Series rows are never deleted (they are few and small), which lets their ids be cached for
 * the life of the process. Transitions keep the key as text because they are rare and must stay
 * readable on their own. {@code samples.seq} is the rowid, so scans by sequence number need no
 * extra index, and the rowid is also the last column of {@code samples_by_series_time}, which
 * therefore serves {@code ORDER BY ts, seq} directly.
 */
final class SqliteSchema {
  static final int VERSION = 1;

  private static final String[] DDL = {
    """
    CREATE TABLE IF NOT EXISTS series (
      id INTEGER PRIMARY KEY, service TEXT NOT NULL, metric TEXT NOT NULL, labels TEXT NOT NULL,
      UNIQUE (service, metric, labels))""",
    """
    CREATE TABLE IF NOT EXISTS samples (
      seq INTEGER PRIMARY KEY, series_id INTEGER NOT NULL, ts INTEGER NOT NULL,
      value REAL NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS samples_by_series_time ON samples (series_id, ts)",
    """
    CREATE TABLE IF NOT EXISTS transitions (
      service TEXT NOT NULL, metric TEXT NOT NULL, labels TEXT NOT NULL, seq INTEGER NOT NULL,
      ts INTEGER NOT NULL, from_state TEXT NOT NULL, to_state TEXT NOT NULL, rule TEXT NOT NULL,
      zscores TEXT NOT NULL, PRIMARY KEY (service, metric, labels, seq))""",
    "CREATE INDEX IF NOT EXISTS transitions_by_service_seq ON transitions (service, seq)",
    "CREATE INDEX IF NOT EXISTS transitions_by_time ON transitions (ts)",
    """
    CREATE TABLE IF NOT EXISTS checkpoints (
      service TEXT PRIMARY KEY, last_seq INTEGER NOT NULL, state BLOB NOT NULL)""",
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value)",
    "INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', " + VERSION + ")",
  };

  private SqliteSchema() {}

  /** Brings {@code connection}'s file to the current schema in one transaction; returns it. */
  static Connection migrate(Connection connection) throws SQLException {
    try {
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        for (String ddl : DDL) statement.execute(ddl);
      }
      checkVersion(connection);
      connection.commit();
      connection.setAutoCommit(true);
      return connection;
    } catch (SQLException | RuntimeException e) {
      connection.close();
      throw e;
    }
  }

  private static void checkVersion(Connection connection) throws SQLException {
    try (PreparedStatement select =
            connection.prepareStatement("SELECT value FROM meta WHERE key = 'schema_version'");
        ResultSet row = select.executeQuery()) {
      int found = row.next() ? row.getInt(1) : 0;
      if (found != VERSION) {
        throw new SQLException(
            "schema_version must be " + VERSION + " but was " + found + "; written by another build?");
      }
    }
  }
}
