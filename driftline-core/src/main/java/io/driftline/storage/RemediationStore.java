package io.driftline.storage;

import io.driftline.config.RemediationRecord;
import java.util.List;
import java.util.Optional;

/** The remediation audit trail of configuration drift; records are never deleted. */
public interface RemediationStore {

  /** Stores a record; the same id again replaces it (a decision on a pending record). */
  void write(RemediationRecord record);

  Optional<RemediationRecord> get(String remediationId);

  /**
   * Records matching every given filter, newest first, skipping {@code offset}, at most {@code
   * limit}.
   */
  List<RemediationRecord> find(
      Optional<String> objectKey,
      Optional<String> deploymentId,
      Optional<String> status,
      int limit,
      int offset);
}
