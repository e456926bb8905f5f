package io.driftline.change;

/**
 * One runtime or policy change of a workload (row of {@code drift_config_history}): a new image,
 * replica count, resources, HPA, config map or policy.
 *
 * @param before the state before the change as JSON text ({@code null} JSON when unknown)
 * @param after the state after the change as JSON text
 */
public record ConfigChange(
    String changeId,
    String clusterId,
    String namespace,
    String workloadName,
    String changeType,
    long changedAtMillis,
    String changedBy,
    String before,
    String after) {

  public ConfigChange {
    require("change_id", changeId);
    require("cluster_id", clusterId);
    require("namespace", namespace);
    require("workload_name", workloadName);
    require("change_type", changeType);
    require("changed_by", changedBy);
    require("before", before);
    require("after", after);
  }

  private static void require(String field, String value) {
    if (value == null || value.isEmpty())
      throw new IllegalArgumentException(field + " is required");
  }
}
