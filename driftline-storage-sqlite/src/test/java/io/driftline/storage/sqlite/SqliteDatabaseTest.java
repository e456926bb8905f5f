package io.driftline.storage.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The write connection's durability: FULL for every write except the deferred ones. */
class SqliteDatabaseTest {
  private static final int FULL = 2;
  private static final int NORMAL = 1;

  @TempDir Path dir;
  SqliteDatabase db;

  @BeforeEach
  void open() {
    db = new SqliteDatabase(dir.resolve("driftline.db"));
  }

  @AfterEach
  void close() {
    db.close();
  }

  private static int synchronous(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet row = s.executeQuery("PRAGMA synchronous")) {
      row.next();
      return row.getInt(1);
    }
  }

  @Test
  void aDeferredWriteRunsWithNormalAndTheNextWriteWithFullAgain() {
    assertThat(db.<Integer>write("first", SqliteDatabaseTest::synchronous)).isEqualTo(FULL);
    assertThat(
            db.<Integer>writeDeferringSync(
                "deferred",
                c -> {
                  try (Statement s = c.createStatement()) {
                    s.execute("INSERT INTO meta (key, value) VALUES ('probe', 1)");
                  }
                  return synchronous(c);
                }))
        .isEqualTo(NORMAL);
    assertThat(db.<Integer>write("after", SqliteDatabaseTest::synchronous)).isEqualTo(FULL);
    assertThat(single("SELECT value FROM meta WHERE key = 'probe'")).isEqualTo(1L);
  }

  @Test
  void aFailedDeferredWriteIsRolledBackAndLeavesFull() {
    assertThatThrownBy(
            () ->
                db.writeDeferringSync(
                    "failing",
                    c -> {
                      try (Statement s = c.createStatement()) {
                        s.execute("INSERT INTO meta (key, value) VALUES ('half', 1)");
                        s.execute("INSERT INTO no_such_table VALUES (1)");
                      }
                      return null;
                    }))
        .hasMessageContaining("failing failed");
    assertThat(db.<Integer>write("after", SqliteDatabaseTest::synchronous)).isEqualTo(FULL);
    assertThat(single("SELECT COUNT(*) FROM meta WHERE key = 'half'")).isZero();
  }

  /** The first column of the first row of {@code sql}, or -1 without a row. */
  private long single(String sql) {
    return db.<Long>read(
        sql,
        c -> {
          try (Statement s = c.createStatement();
              ResultSet row = s.executeQuery(sql)) {
            return row.next() ? row.getLong(1) : -1L;
          }
        });
  }
}
