package io.driftline.sources.kubernetes;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The aspects of Deployments and HPAs whose change matters for drift: a Deployment's container
 * images ({@code image}), replica count ({@code replicas}) and container resources ({@code
 * resources}); an HPA's min/max replicas and metric targets ({@code hpa}).
 *
 * <p>Who changed an object and when come from its {@code managedFields}: the manager and time of
 * its latest write other than to {@code status} (e.g. {@code kubectl-client-side-apply}, {@code
 * argocd-controller}, {@code helm}); without them, {@code unknown} at the time of observation.
 */
final class TrackedSpecs {
  static final String DEPLOYMENT = "Deployment";
  static final String HPA = "HorizontalPodAutoscaler";
  private static final ObjectMapper JSON = new ObjectMapper();

  private TrackedSpecs() {}

  /**
   * @param replicasByHpa an HPA scales this Deployment: its replica count is the autoscaler's
   *     doing, not a configuration change, and is left out
   */
  static SpecTracker.Observation of(Deployment d, boolean replicasByHpa, long observedAtMillis) {
    Map<String, SpecTracker.Aspect> aspects = new LinkedHashMap<>();
    Map<String, String> images = new TreeMap<>();
    Map<String, Object> shown = new TreeMap<>();
    Map<String, Object> canonical = new TreeMap<>();
    var podSpec = d.getSpec().getTemplate().getSpec();
    for (Container c : PodRows.nullSafe(podSpec.getContainers())) {
      images.put(c.getName(), c.getImage());
      shown.put(c.getName(), resources(c, false));
      canonical.put(c.getName(), resources(c, true));
    }
    aspects.put("image", SpecTracker.Aspect.of(Map.of("images", images)));
    if (!replicasByHpa) {
      int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
      aspects.put("replicas", SpecTracker.Aspect.of(Map.of("replicas", replicas)));
    }
    aspects.put(
        "resources",
        new SpecTracker.Aspect(Map.of("resources", shown), Map.of("resources", canonical)));
    return observation(
        DEPLOYMENT, d.getMetadata(), d.getMetadata().getName(), aspects, observedAtMillis);
  }

  static SpecTracker.Observation of(HorizontalPodAutoscaler h, long observedAtMillis) {
    var spec = h.getSpec();
    Map<String, Object> value = new TreeMap<>();
    value.put("min_replicas", spec.getMinReplicas() == null ? 1 : spec.getMinReplicas());
    value.put("max_replicas", spec.getMaxReplicas());
    value.put(
        "metrics",
        spec.getMetrics() == null
            ? List.of()
            : JSON.convertValue(spec.getMetrics(), new TypeReference<List<Object>>() {}));
    String workload = spec.getScaleTargetRef().getName();
    return observation(
        HPA,
        h.getMetadata(),
        workload,
        Map.of("hpa", SpecTracker.Aspect.of(value)),
        observedAtMillis);
  }

  /** The Deployment an HPA scales, or null when it scales something else. */
  static String scaledDeployment(HorizontalPodAutoscaler h) {
    var ref = h.getSpec() == null ? null : h.getSpec().getScaleTargetRef();
    return ref != null && DEPLOYMENT.equals(ref.getKind()) ? ref.getName() : null;
  }

  private static Map<String, Object> resources(Container c, boolean canonical) {
    Map<String, Object> out = new TreeMap<>();
    if (c.getResources() == null) return out;
    putQuantities(out, "requests", c.getResources().getRequests(), canonical);
    putQuantities(out, "limits", c.getResources().getLimits(), canonical);
    return out;
  }

  private static void putQuantities(
      Map<String, Object> out, String name, Map<String, Quantity> quantities, boolean canonical) {
    if (quantities == null || quantities.isEmpty()) return;
    Map<String, String> values = new TreeMap<>();
    quantities.forEach(
        (resource, q) -> values.put(resource, canonical ? canonical(q) : q.toString()));
    out.put(name, values);
  }

  private static String canonical(Quantity q) {
    try {
      BigDecimal amount = q.getNumericalAmount();
      return amount.stripTrailingZeros().toPlainString();
    } catch (ArithmeticException | NumberFormatException e) {
      return q.toString();
    }
  }

  private static SpecTracker.Observation observation(
      String kind,
      ObjectMeta meta,
      String workload,
      Map<String, SpecTracker.Aspect> aspects,
      long observedAtMillis) {
    String manager = "unknown";
    long at = observedAtMillis;
    Instant newest = null;
    for (ManagedFieldsEntry e : PodRows.nullSafe(meta.getManagedFields())) {
      if ("status".equals(e.getSubresource()) || e.getTime() == null) continue;
      try {
        Instant t = Instant.parse(e.getTime());
        if (newest == null || t.isAfter(newest)) {
          newest = t;
          manager = e.getManager() == null ? "unknown" : e.getManager();
        }
      } catch (DateTimeParseException ignored) {
        // a write without a readable time says nothing about when the change happened
      }
    }
    if (newest != null && newest.toEpochMilli() <= observedAtMillis) at = newest.toEpochMilli();
    return new SpecTracker.Observation(
        kind,
        meta.getNamespace(),
        meta.getName(),
        workload,
        meta.getResourceVersion() == null ? "" : meta.getResourceVersion(),
        at,
        manager,
        aspects);
  }
}
