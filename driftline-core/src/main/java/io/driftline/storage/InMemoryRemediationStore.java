package io.driftline.storage;

import io.driftline.config.RemediationRecord;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link RemediationStore} of {@link InMemoryStorage}; guarded by the storage's monitor. */
final class InMemoryRemediationStore implements RemediationStore {
  private final InMemoryStorage owner;
  private final Map<String, RemediationRecord> records = new HashMap<>();

  InMemoryRemediationStore(InMemoryStorage owner) {
    this.owner = owner;
  }

  @Override
  public void write(RemediationRecord record) {
    synchronized (owner) {
      owner.ensureOpen();
      records.put(record.remediationId(), record);
    }
  }

  @Override
  public Optional<RemediationRecord> get(String remediationId) {
    synchronized (owner) {
      owner.ensureOpen();
      return Optional.ofNullable(records.get(remediationId));
    }
  }

  @Override
  public List<RemediationRecord> find(
      Optional<String> objectKey,
      Optional<String> deploymentId,
      Optional<String> status,
      int limit,
      int offset) {
    synchronized (owner) {
      owner.ensureOpen();
      return records.values().stream()
          .filter(r -> objectKey.map(r.objectKey()::equals).orElse(true))
          .filter(r -> deploymentId.map(r.deploymentId()::equals).orElse(true))
          .filter(r -> status.map(r.status()::equals).orElse(true))
          .sorted(
              Comparator.comparingLong(RemediationRecord::createdMillis)
                  .reversed()
                  .thenComparing(RemediationRecord::remediationId))
          .skip(offset)
          .limit(limit)
          .toList();
    }
  }

  int size() {
    return records.size();
  }
}
