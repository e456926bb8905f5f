package io.driftline.storage.contract;

import io.driftline.storage.InMemoryStorage;
import io.driftline.storage.StorageComponent;

/** The in-memory backend keeps nothing across a close, so the durability group is skipped. */
class InMemoryStorageTest extends StorageContract {
  @Override
  protected StorageComponent newStorage() {
    return new InMemoryStorage();
  }
}
