package io.driftline.sources.kubernetes;

import io.driftline.workload.PodMetric;
import io.driftline.workload.PodSignal;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.ContainerMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * One pod as a {@link PodMetric} row: requests and limits as the scheduler counts them, usage from
 * {@code metrics.k8s.io} where known, and the pod's state in labels.
 *
 * <p>Restarts and OOM kills go into labels ({@value #RESTARTS}, {@value #OOM_KILLED}) rather than
 * new signals: they are counters of events, not golden signals to detect drift on, and a new signal
 * would add columns to the published pod metric API and table. {@value #OOM_KILLED} counts the
 * containers whose current or last termination was {@code OOMKilled}; Kubernetes keeps only the
 * last termination of each container, so it is not a lifetime count.
 */
final class PodRows {
  static final String PHASE = "driftline.io/phase";
  static final String RESTARTS = "driftline.io/restarts";
  static final String OOM_KILLED = "driftline.io/oom_killed";
  static final String NODE = "driftline.io/node";

  private PodRows() {}

  /** Pods that hold (or wait for) resources; finished pods hold none. */
  static boolean active(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return !"Succeeded".equals(phase) && !"Failed".equals(phase);
  }

  static PodMetric row(
      String clusterId, Pod pod, String workload, Optional<PodMetrics> usage, long atMillis) {
    Map<PodSignal, Double> values = new EnumMap<>(PodSignal.class);
    values.put(PodSignal.CPU_REQUEST_CORES, effectiveRequest(pod, "cpu"));
    values.put(PodSignal.MEMORY_REQUEST_BYTES, effectiveRequest(pod, "memory"));
    effectiveLimit(pod, "cpu").ifPresent(v -> values.put(PodSignal.CPU_LIMIT_CORES, v));
    effectiveLimit(pod, "memory").ifPresent(v -> values.put(PodSignal.MEMORY_LIMIT_BYTES, v));
    usage.ifPresent(
        m -> {
          values.put(PodSignal.CPU_CORES, usageSum(m, "cpu"));
          values.put(PodSignal.MEMORY_BYTES, usageSum(m, "memory"));
        });
    return new PodMetric(
        clusterId,
        pod.getMetadata().getNamespace(),
        pod.getMetadata().getName(),
        workload,
        Optional.empty(),
        atMillis,
        labels(pod),
        values);
  }

  /**
   * What the scheduler reserves for a pod: the larger of the app containers' sum and the largest
   * init container, plus the pod overhead
   * (https://kubernetes.io/docs/concepts/workloads/pods/init-containers/#resource-sharing-within-containers).
   * A container without a request counts 0.
   */
  static double effectiveRequest(Pod pod, String resource) {
    return effective(pod, resource, ResourceRequirements::getRequests, false).orElse(0);
  }

  /** The same for limits; empty when a container has no limit (the pod is then unbounded). */
  static OptionalDouble effectiveLimit(Pod pod, String resource) {
    return effective(pod, resource, ResourceRequirements::getLimits, true);
  }

  private static OptionalDouble effective(
      Pod pod,
      String resource,
      Function<ResourceRequirements, Map<String, Quantity>> which,
      boolean allOrNothing) {
    double sum = 0;
    double init = 0;
    boolean missing = false;
    for (boolean initContainers : new boolean[] {false, true}) {
      var spec = pod.getSpec();
      for (Container c :
          nullSafe(initContainers ? spec.getInitContainers() : spec.getContainers())) {
        Map<String, Quantity> map = c.getResources() == null ? null : which.apply(c.getResources());
        Optional<BigDecimal> q = Quantities.of(map, resource);
        missing |= q.isEmpty();
        double v = q.map(BigDecimal::doubleValue).orElse(0.0);
        if (initContainers) init = Math.max(init, v);
        else sum += v;
      }
    }
    if (missing && allOrNothing) return OptionalDouble.empty();
    return OptionalDouble.of(
        Math.max(sum, init) + Quantities.orZero(pod.getSpec().getOverhead(), resource));
  }

  private static double usageSum(PodMetrics metrics, String resource) {
    double sum = 0;
    for (ContainerMetrics c : nullSafe(metrics.getContainers())) {
      sum += Quantities.orZero(c.getUsage(), resource);
    }
    return sum;
  }

  static Map<String, String> labels(Pod pod) {
    Map<String, String> labels = new TreeMap<>();
    if (pod.getMetadata().getLabels() != null) labels.putAll(pod.getMetadata().getLabels());
    var status = pod.getStatus();
    if (status != null && status.getPhase() != null) labels.put(PHASE, status.getPhase());
    if (pod.getSpec().getNodeName() != null) labels.put(NODE, pod.getSpec().getNodeName());
    int restarts = 0;
    int oomKilled = 0;
    if (status != null) {
      for (ContainerStatus cs : nullSafe(status.getContainerStatuses())) {
        restarts += cs.getRestartCount() == null ? 0 : cs.getRestartCount();
        if (oomKilled(cs)) oomKilled++;
      }
    }
    labels.put(RESTARTS, Integer.toString(restarts));
    labels.put(OOM_KILLED, Integer.toString(oomKilled));
    return labels;
  }

  private static boolean oomKilled(ContainerStatus cs) {
    var last = cs.getLastState() == null ? null : cs.getLastState().getTerminated();
    var now = cs.getState() == null ? null : cs.getState().getTerminated();
    return (last != null && "OOMKilled".equals(last.getReason()))
        || (now != null && "OOMKilled".equals(now.getReason()));
  }

  static <T> List<T> nullSafe(List<T> list) {
    return list == null ? List.of() : list;
  }
}
