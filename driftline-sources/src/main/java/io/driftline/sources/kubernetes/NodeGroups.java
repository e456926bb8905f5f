package io.driftline.sources.kubernetes;

import io.driftline.capacity.CapacitySnapshot;
import io.driftline.capacity.NodeGroup;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.NodeMetrics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Nodes grouped into a {@link CapacitySnapshot}: a group per value of the node group label (EKS
 * managed node groups' {@code eks.amazonaws.com/nodegroup} by default), else per instance type.
 *
 * <p>Only nodes that can take pods count as capacity: a node whose {@code Ready} condition is not
 * {@code True}, or that is cordoned ({@code spec.unschedulable}), adds nothing to its group and is
 * reported as a warning. Requests are those of the active pods bound to the counted nodes, usage
 * comes from {@code metrics.k8s.io} NodeMetrics when served.
 */
final class NodeGroups {
  static final String INSTANCE_TYPE = "node.kubernetes.io/instance-type";
  static final String INSTANCE_TYPE_BETA = "beta.kubernetes.io/instance-type";
  static final String UNKNOWN = "unknown";

  private NodeGroups() {}

  /** Totals of one group while nodes are added. */
  private static final class Totals {
    final TreeSet<String> instanceTypes = new TreeSet<>();
    int count;
    double cpu;
    double memory;
    double requestedCpu;
    double requestedMemory;
    double usedCpu;
    double usedMemory;
    long pods;
  }

  static Optional<CapacitySnapshot> snapshot(
      String clusterId,
      long atMillis,
      List<Node> nodes,
      List<Pod> pods,
      Map<String, NodeMetrics> usage,
      String groupLabel,
      List<String> warnings) {
    if (nodes.isEmpty()) {
      warnings.add("nodes: the cluster has no nodes, no capacity snapshot");
      return Optional.empty();
    }
    Map<String, List<Pod>> podsByNode = new HashMap<>();
    for (Pod p : pods) {
      if (PodRows.active(p) && p.getSpec().getNodeName() != null) {
        podsByNode.computeIfAbsent(p.getSpec().getNodeName(), n -> new ArrayList<>()).add(p);
      }
    }
    Map<String, Totals> groups = new TreeMap<>();
    for (Node node : nodes) {
      Totals t = groups.computeIfAbsent(groupOf(node, groupLabel), g -> new Totals());
      t.instanceTypes.add(instanceType(node));
      Optional<String> unusable = unusable(node);
      if (unusable.isPresent()) {
        warnings.add(
            "node " + node.getMetadata().getName() + " " + unusable.get() + ": not counted");
        continue;
      }
      add(t, node, podsByNode.getOrDefault(node.getMetadata().getName(), List.of()), usage);
    }
    List<NodeGroup> result = new ArrayList<>();
    groups.forEach(
        (name, t) ->
            result.add(
                new NodeGroup(
                    name,
                    String.join(",", t.instanceTypes),
                    t.count,
                    t.cpu,
                    t.memory,
                    t.requestedCpu,
                    t.requestedMemory,
                    t.usedCpu,
                    t.usedMemory,
                    OptionalLong.of(t.pods))));
    return Optional.of(new CapacitySnapshot(clusterId, atMillis, result));
  }

  private static void add(Totals t, Node node, List<Pod> pods, Map<String, NodeMetrics> usage) {
    var allocatable = node.getStatus() == null ? null : node.getStatus().getAllocatable();
    t.count++;
    t.cpu += Quantities.orZero(allocatable, "cpu");
    t.memory += Quantities.orZero(allocatable, "memory");
    for (Pod p : pods) {
      t.requestedCpu += PodRows.effectiveRequest(p, "cpu");
      t.requestedMemory += PodRows.effectiveRequest(p, "memory");
    }
    t.pods += pods.size();
    NodeMetrics m = usage.get(node.getMetadata().getName());
    if (m != null) {
      t.usedCpu += Quantities.orZero(m.getUsage(), "cpu");
      t.usedMemory += Quantities.orZero(m.getUsage(), "memory");
    }
  }

  static String groupOf(Node node, String groupLabel) {
    Map<String, String> labels = labels(node);
    String group = labels.get(groupLabel);
    if (group == null || group.isEmpty()) {
      group = labels.get(KubernetesSourceSettings.EKS_NODEGROUP_LABEL);
    }
    return group == null || group.isEmpty() ? instanceType(node) : group;
  }

  static String instanceType(Node node) {
    Map<String, String> labels = labels(node);
    String type = labels.getOrDefault(INSTANCE_TYPE, labels.get(INSTANCE_TYPE_BETA));
    return type == null || type.isEmpty() ? UNKNOWN : type;
  }

  /** Why a node takes no pods: not Ready, or cordoned; empty when it takes pods. */
  static Optional<String> unusable(Node node) {
    if (node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
      return Optional.of("is cordoned (unschedulable)");
    }
    List<NodeCondition> conditions =
        node.getStatus() == null ? List.of() : PodRows.nullSafe(node.getStatus().getConditions());
    for (NodeCondition c : conditions) {
      if ("Ready".equals(c.getType())) {
        return "True".equals(c.getStatus())
            ? Optional.empty()
            : Optional.of("is not Ready (" + c.getStatus() + reason(c) + ")");
      }
    }
    return Optional.of("reports no Ready condition");
  }

  private static String reason(NodeCondition c) {
    return c.getReason() == null ? "" : ", " + c.getReason();
  }

  private static Map<String, String> labels(Node node) {
    Map<String, String> labels = node.getMetadata().getLabels();
    return labels == null ? Map.of() : labels;
  }
}
