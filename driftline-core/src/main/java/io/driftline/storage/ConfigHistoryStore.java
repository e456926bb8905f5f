package io.driftline.storage;

import io.driftline.change.ConfigChange;
import java.util.List;
import java.util.Optional;

/** Configuration changes ({@code drift_config_history}), partitioned by cluster and day. */
public interface ConfigHistoryStore {

  /** Stores a change; the same {@code change_id} again replaces it. */
  void write(ConfigChange change);

  Optional<ConfigChange> get(String changeId);

  /**
   * Changes of one cluster with {@code from <= changed_at < to}, optionally of one namespace and
   * workload, newest first, skipping {@code offset} and returning at most {@code limit}.
   */
  List<ConfigChange> find(
      String clusterId,
      Optional<String> namespace,
      Optional<String> workloadName,
      long fromMillis,
      long toMillis,
      int limit,
      int offset);
}
