package io.driftline.storage.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.detect.AnomalySeverity;
import io.driftline.health.HealthState;
import io.driftline.health.Transition;
import io.driftline.storage.WriteBatch;
import io.driftline.telemetry.SeriesKey;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening a version 2 file, whose transitions had no severity, upgrades it in place. */
class SqliteTransitionUpgradeTest {
  private static final SeriesKey LATENCY = new SeriesKey("checkout", "latency_ms", Map.of());

  @TempDir Path dir;

  @Test
  void aVersion2FileGainsTheSeverityColumnAndItsOldRowsHaveNone() throws Exception {
    Path file = dir.resolve("v2.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value)");
      s.execute("INSERT INTO meta VALUES ('schema_version', 2)");
      // the transitions table exactly as version 2 created it
      s.execute(
          "CREATE TABLE transitions (service TEXT NOT NULL, metric TEXT NOT NULL,"
              + " labels TEXT NOT NULL, seq INTEGER NOT NULL, ts INTEGER NOT NULL,"
              + " from_state TEXT NOT NULL, to_state TEXT NOT NULL, rule TEXT NOT NULL,"
              + " zscores TEXT NOT NULL, PRIMARY KEY (service, metric, labels, seq))");
      s.execute(
          "INSERT INTO transitions VALUES ('checkout', 'latency_ms', '', 7, 1000,"
              + " 'STABLE', 'DRIFT_DETECTED', 'severe', '3.5,4.25')");
    }
    var newer =
        new Transition(
            LATENCY,
            9,
            2_000,
            HealthState.DRIFT_DETECTED,
            HealthState.STABLE,
            "recovery",
            List.of(0.5),
            Optional.of(AnomalySeverity.INFO));

    try (SqliteStorage storage = SqliteStorage.create(file)) {
      storage.write(new WriteBatch(List.of(), List.of(newer), List.of(), OptionalLong.empty()));

      assertThat(storage.transitions().forService("checkout", 10))
          .containsExactly(
              newer,
              new Transition(
                  LATENCY,
                  7,
                  1_000,
                  HealthState.STABLE,
                  HealthState.DRIFT_DETECTED,
                  "severe",
                  List.of(3.5, 4.25),
                  Optional.empty()));
    }
    assertThat(version(file)).isEqualTo(SqliteSchema.VERSION);
    try (SqliteStorage reopened = SqliteStorage.create(file)) {
      assertThat(reopened.transitions().forService("checkout", 10)).hasSize(2);
    }
  }

  private static long version(Path file) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement();
        ResultSet row = s.executeQuery("SELECT value FROM meta WHERE key = 'schema_version'")) {
      row.next();
      return row.getLong(1);
    }
  }
}
