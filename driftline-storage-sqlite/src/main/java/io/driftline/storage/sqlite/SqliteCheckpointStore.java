package io.driftline.storage.sqlite;

import io.driftline.storage.CheckpointStore;
import io.driftline.storage.ServiceCheckpoint;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/** Service states in {@code checkpoints}, one row per service, and replay_from in {@code meta}. */
final class SqliteCheckpointStore implements CheckpointStore {
  private static final byte[] EMPTY = new byte[0];
  private final SqliteDatabase db;

  SqliteCheckpointStore(SqliteDatabase db) {
    this.db = db;
  }

  void upsert(Connection writer, List<ServiceCheckpoint> checkpoints, OptionalLong replayFrom)
      throws SQLException {
    if (!checkpoints.isEmpty()) {
      try (PreparedStatement upsert =
          writer.prepareStatement(
              "INSERT INTO checkpoints (service, last_seq, state) VALUES (?, ?, ?) ON CONFLICT (service)"
                  + " DO UPDATE SET last_seq = excluded.last_seq, state = excluded.state")) {
        for (ServiceCheckpoint checkpoint : checkpoints) {
          upsert.setString(1, checkpoint.service());
          upsert.setLong(2, checkpoint.lastSeq());
          upsert.setBytes(3, checkpoint.state());
          upsert.addBatch();
        }
        upsert.executeBatch();
      }
    }
    if (replayFrom.isPresent()) {
      try (PreparedStatement upsert =
          writer.prepareStatement(
              "INSERT OR REPLACE INTO meta (key, value) VALUES ('replay_from', ?)")) {
        upsert.setLong(1, replayFrom.getAsLong());
        upsert.executeUpdate();
      }
    }
  }

  @Override
  public List<ServiceCheckpoint> loadAll() {
    return db.read(
        "loading checkpoints",
        c -> {
          try (PreparedStatement select =
                  c.prepareStatement("SELECT service, last_seq, state FROM checkpoints");
              ResultSet row = select.executeQuery()) {
            List<ServiceCheckpoint> found = new ArrayList<>();
            while (row.next()) {
              byte[] state = row.getBytes(3); // the driver reads a zero-length blob as null
              found.add(
                  new ServiceCheckpoint(
                      row.getString(1), row.getLong(2), state == null ? EMPTY.clone() : state));
            }
            return found;
          }
        });
  }

  @Override
  public long replayFrom() {
    return db.read(
        "reading replay_from",
        c -> {
          try (PreparedStatement select =
                  c.prepareStatement("SELECT value FROM meta WHERE key = 'replay_from'");
              ResultSet row = select.executeQuery()) {
            return row.next() ? row.getLong(1) : 0L;
          }
        });
  }
}
