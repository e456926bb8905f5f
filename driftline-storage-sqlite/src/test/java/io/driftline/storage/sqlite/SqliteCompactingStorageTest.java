package io.driftline.storage.sqlite;

import io.driftline.storage.StorageComponent;
import io.driftline.storage.contract.StorageContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract again with compaction after every third sample and past {@code replay_from}, so
 * every read meets samples split between the log and chunks.
 */
class SqliteCompactingStorageTest extends StorageContract {
  @TempDir Path dir;

  @Override
  protected StorageComponent newStorage() {
    return new SqliteStorage(dir.resolve("driftline.db"), 3, true, false);
  }

  @Override
  protected StorageComponent reopen(StorageComponent closed) {
    return new SqliteStorage(dir.resolve("driftline.db"), 3, true, false);
  }
}
