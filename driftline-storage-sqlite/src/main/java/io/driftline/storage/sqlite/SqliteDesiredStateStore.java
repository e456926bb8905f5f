package io.driftline.storage.sqlite;

import io.driftline.config.DesiredObject;
import io.driftline.config.Provision;
import io.driftline.storage.DesiredStateStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Desired objects in {@code desired_objects}, provisions in {@code provisions}. */
final class SqliteDesiredStateStore implements DesiredStateStore {
  private static final String OBJECT_COLUMNS =
      "object_key, deployment_id, namespace, resource_name, manifest_json, updated_at";
  private static final String PROVISION_COLUMNS =
      "deployment_id, resource_type, engine, version, size, replicas, namespace, name, phase,"
          + " message, created_at, updated_at";
  private final SqliteDatabase db;

  SqliteDesiredStateStore(SqliteDatabase db) {
    this.db = db;
  }

  @Override
  public void putAll(List<DesiredObject> objects) {
    if (objects.isEmpty()) return;
    db.write(
        "writing desired objects",
        c -> {
          try (PreparedStatement insert =
              c.prepareStatement(
                  "INSERT OR REPLACE INTO desired_objects ("
                      + OBJECT_COLUMNS
                      + ") VALUES (?, ?, ?, ?, ?, ?)")) {
            for (DesiredObject o : objects) {
              insert.setString(1, o.key());
              insert.setString(2, o.deploymentId());
              insert.setString(3, o.namespace());
              insert.setString(4, o.resourceName());
              insert.setString(5, o.manifestJson());
              insert.setLong(6, o.updatedMillis());
              insert.addBatch();
            }
            insert.executeBatch();
          }
          return null;
        });
  }

  @Override
  public Optional<DesiredObject> get(String key) {
    return objects("WHERE object_key = ?", key).stream().findFirst();
  }

  @Override
  public List<DesiredObject> all() {
    return objects("", null);
  }

  @Override
  public List<DesiredObject> ofDeployment(String deploymentId) {
    return objects("WHERE deployment_id = ?", deploymentId);
  }

  @Override
  public boolean remove(String key) {
    return db.write(
        "removing desired object",
        c -> {
          try (PreparedStatement delete =
              c.prepareStatement("DELETE FROM desired_objects WHERE object_key = ?")) {
            delete.setString(1, key);
            return delete.executeUpdate() > 0;
          }
        });
  }

  private List<DesiredObject> objects(String where, String arg) {
    return db.read(
        "reading desired objects",
        c -> {
          try (PreparedStatement select =
              c.prepareStatement(
                  "SELECT "
                      + OBJECT_COLUMNS
                      + " FROM desired_objects "
                      + where
                      + " ORDER BY object_key")) {
            if (arg != null) select.setString(1, arg);
            List<DesiredObject> found = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
              while (row.next()) {
                found.add(
                    new DesiredObject(
                        row.getString(1),
                        row.getString(2),
                        row.getString(3),
                        row.getString(4),
                        row.getString(5),
                        row.getLong(6)));
              }
            }
            return found;
          }
        });
  }

  @Override
  public void put(Provision p) {
    db.write(
        "writing provision",
        c -> {
          try (PreparedStatement insert =
              c.prepareStatement(
                  "INSERT OR REPLACE INTO provisions ("
                      + PROVISION_COLUMNS
                      + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, p.deploymentId());
            insert.setString(2, p.resourceType());
            insert.setString(3, p.engine());
            insert.setString(4, p.version());
            insert.setString(5, p.size());
            insert.setInt(6, p.replicas());
            insert.setString(7, p.namespace());
            insert.setString(8, p.name());
            insert.setString(9, p.phase());
            insert.setString(10, p.message());
            insert.setLong(11, p.createdMillis());
            insert.setLong(12, p.updatedMillis());
            insert.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public Optional<Provision> provision(String deploymentId) {
    return provisions("WHERE deployment_id = ?", deploymentId).stream().findFirst();
  }

  @Override
  public List<Provision> provisions(Optional<String> namespace) {
    return provisions(namespace.isPresent() ? "WHERE namespace = ?" : "", namespace.orElse(null));
  }

  private List<Provision> provisions(String where, String arg) {
    return db.read(
        "reading provisions",
        c -> {
          try (PreparedStatement select =
              c.prepareStatement(
                  "SELECT "
                      + PROVISION_COLUMNS
                      + " FROM provisions "
                      + where
                      + " ORDER BY name, deployment_id")) {
            if (arg != null) select.setString(1, arg);
            List<Provision> found = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
              while (row.next()) found.add(provisionFrom(row));
            }
            return found;
          }
        });
  }

  private static Provision provisionFrom(ResultSet row) throws SQLException {
    return new Provision(
        row.getString(1),
        row.getString(2),
        row.getString(3),
        row.getString(4),
        row.getString(5),
        row.getInt(6),
        row.getString(7),
        row.getString(8),
        row.getString(9),
        row.getString(10),
        row.getLong(11),
        row.getLong(12));
  }
}
