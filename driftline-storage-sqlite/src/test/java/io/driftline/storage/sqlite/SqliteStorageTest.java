package io.driftline.storage.sqlite;

import io.driftline.storage.StorageComponent;
import io.driftline.storage.contract.StorageContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Runs the contract, durability group included, against a real file per test. */
class SqliteStorageTest extends StorageContract {
  @TempDir Path dir;

  @Override
  protected StorageComponent newStorage() {
    return SqliteStorage.create(dir.resolve("driftline.db"));
  }

  @Override
  protected StorageComponent reopen(StorageComponent closed) {
    return SqliteStorage.create(dir.resolve("driftline.db"));
  }
}
