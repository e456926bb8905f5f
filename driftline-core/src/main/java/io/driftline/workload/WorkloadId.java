package io.driftline.workload;

import java.util.Optional;

/**
 * A Kubernetes workload across clusters. Its text form {@code cluster/namespace/workload} is the
 * {@code service} of the workload's detection series; Kubernetes names never hold '/', so the text
 * parses back unambiguously.
 */
public record WorkloadId(String clusterId, String namespace, String workloadName) {

  public static WorkloadId of(String clusterId, String namespace, String workloadName) {
    return new WorkloadId(clusterId, namespace, workloadName);
  }

  public String text() {
    return clusterId + "/" + namespace + "/" + workloadName;
  }

  /** The workload a detection service stands for, or empty for any other service id. */
  public static Optional<WorkloadId> parse(String service) {
    String[] parts = service.split("/", -1);
    if (parts.length != 3) return Optional.empty();
    for (String p : parts) if (p.isEmpty()) return Optional.empty();
    return Optional.of(new WorkloadId(parts[0], parts[1], parts[2]));
  }
}
