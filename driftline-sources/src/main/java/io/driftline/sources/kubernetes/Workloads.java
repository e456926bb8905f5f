package io.driftline.sources.kubernetes;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The workload a pod belongs to, from its controller {@code ownerReferences}: a ReplicaSet's pods
 * belong to the Deployment owning that ReplicaSet; StatefulSet, DaemonSet and Job pods to those; a
 * pod without a controller is its own workload.
 *
 * <p>When the ReplicaSet is not known (not listed, or listing it was forbidden), a ReplicaSet named
 * {@code <deployment>-<pod-template-hash>} is taken as the Deployment's, since that is how the
 * Deployment controller names them
 * (https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#pod-template-hash-label).
 */
final class Workloads {
  private final Map<String, String> deploymentOfReplicaSet = new HashMap<>();

  /**
   * @param replicaSets the cluster's ReplicaSets; {@code null} when they could not be listed
   */
  Workloads(List<ReplicaSet> replicaSets) {
    for (ReplicaSet rs : replicaSets == null ? List.<ReplicaSet>of() : replicaSets) {
      controller(rs.getMetadata().getOwnerReferences())
          .filter(o -> "Deployment".equals(o.getKind()))
          .ifPresent(
              o ->
                  deploymentOfReplicaSet.put(
                      key(rs.getMetadata().getNamespace(), rs.getMetadata().getName()),
                      o.getName()));
    }
  }

  /** The workload's name: a Deployment, StatefulSet, DaemonSet, Job, ReplicaSet or the pod. */
  String of(Pod pod) {
    String podName = pod.getMetadata().getName();
    Optional<OwnerReference> owner = controller(pod.getMetadata().getOwnerReferences());
    if (owner.isEmpty()) return podName;
    String kind = owner.get().getKind();
    String name = owner.get().getName();
    if (!"ReplicaSet".equals(kind)) return name;
    String deployment = deploymentOfReplicaSet.get(key(pod.getMetadata().getNamespace(), name));
    if (deployment != null) return deployment;
    Map<String, String> labels = pod.getMetadata().getLabels();
    String hash = labels == null ? null : labels.get("pod-template-hash");
    if (hash != null && name.endsWith("-" + hash) && name.length() > hash.length() + 1) {
      return name.substring(0, name.length() - hash.length() - 1);
    }
    return name;
  }

  /** The owner with {@code controller: true}, else the only owner. */
  static Optional<OwnerReference> controller(List<OwnerReference> owners) {
    if (owners == null || owners.isEmpty()) return Optional.empty();
    for (OwnerReference o : owners)
      if (Boolean.TRUE.equals(o.getController())) return Optional.of(o);
    return owners.size() == 1 ? Optional.of(owners.get(0)) : Optional.empty();
  }

  private static String key(String namespace, String name) {
    return namespace + "/" + name;
  }
}
