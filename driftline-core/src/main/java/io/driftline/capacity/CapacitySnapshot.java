package io.driftline.capacity;

import java.util.HashSet;
import java.util.List;
import java.util.OptionalDouble;
import java.util.function.ToDoubleFunction;

/**
 * The node capacity of one cluster at one time (rows of {@code drift_cluster_capacity_snapshots}).
 * Cluster totals are sums over the groups; utilisation is derived from them.
 */
public record CapacitySnapshot(String clusterId, long epochMillis, List<NodeGroup> nodeGroups) {

  public CapacitySnapshot {
    if (clusterId == null || clusterId.isEmpty()) {
      throw new IllegalArgumentException("cluster_id is required");
    }
    nodeGroups = List.copyOf(nodeGroups);
    if (nodeGroups.isEmpty()) throw new IllegalArgumentException("node_groups must not be empty");
    var names = new HashSet<String>();
    for (NodeGroup g : nodeGroups) {
      if (!names.add(g.name())) {
        throw new IllegalArgumentException("node group name " + g.name() + " is given twice");
      }
    }
  }

  public double total(ToDoubleFunction<NodeGroup> figure) {
    return nodeGroups.stream().mapToDouble(figure).sum();
  }

  public long nodes() {
    return nodeGroups.stream().mapToLong(NodeGroup::count).sum();
  }

  public OptionalDouble cpuUtilisation() {
    return NodeGroup.ratio(total(NodeGroup::usedCpuCores), total(NodeGroup::allocatableCpuCores));
  }

  public OptionalDouble memoryUtilisation() {
    return NodeGroup.ratio(
        total(NodeGroup::usedMemoryBytes), total(NodeGroup::allocatableMemoryBytes));
  }

  public OptionalDouble cpuRequestRatio() {
    return NodeGroup.ratio(
        total(NodeGroup::requestedCpuCores), total(NodeGroup::allocatableCpuCores));
  }

  public OptionalDouble memoryRequestRatio() {
    return NodeGroup.ratio(
        total(NodeGroup::requestedMemoryBytes), total(NodeGroup::allocatableMemoryBytes));
  }
}
