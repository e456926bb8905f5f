package io.driftline.server.configdrift;

import io.driftline.config.DesiredObject;
import io.driftline.config.DiffResult;
import io.driftline.config.ManifestDiffer;
import io.driftline.config.Provision;
import io.driftline.config.ResourceId;
import io.driftline.server.http.Timestamps;
import io.driftline.server.provision.Engine;
import io.driftline.server.provision.Provisioner;
import io.driftline.server.provision.ResourceRenderer;
import io.driftline.server.provision.Size;
import io.driftline.storage.DesiredStateStore;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The resource state of seeds/004 ({@code GET/POST /v1/resources}): for each provision, what was
 * asked for ({@code desiredSpec}), what runs ({@code actualSpec}, read from the live workload),
 * drift between the two (the differ over every rendered object), health from the pods, usage from
 * metrics.k8s.io and volume claims, and the monthly cost of the live requests. Objects registered
 * as plain manifests are reported one per object, {@code resourceType} being the lower-case kind.
 */
public final class ResourceStates {
  private static final BigDecimal MI = BigDecimal.valueOf(1024L * 1024);
  private static final BigDecimal GI = BigDecimal.valueOf(1024L * 1024 * 1024);

  /** The filters of a query; namespace is required. */
  public record Query(
      String namespace,
      Optional<String> resourceType,
      Optional<String> resourceName,
      Optional<String> deploymentId) {}

  private final DesiredStateStore store;
  private final KubernetesCluster cluster;
  private final ManifestDiffer differ;
  private final PriceTable prices;
  private final int restartThreshold;
  private final Clock clock;

  public ResourceStates(
      DesiredStateStore store,
      KubernetesCluster cluster,
      ManifestDiffer differ,
      PriceTable prices,
      int restartThreshold,
      Clock clock) {
    this.store = store;
    this.cluster = cluster;
    this.differ = differ;
    this.prices = prices;
    this.restartThreshold = restartThreshold;
    this.clock = clock;
  }

  public List<Map<String, Object>> find(Query q) {
    List<Map<String, Object>> out = new ArrayList<>();
    List<String> provisioned = new ArrayList<>();
    for (Provision p : store.provisions(Optional.of(q.namespace()))) {
      provisioned.add(p.deploymentId());
      if (q.resourceType().map(p.resourceType()::equals).orElse(true)
          && q.resourceName().map(p.name()::equals).orElse(true)
          && q.deploymentId().map(p.deploymentId()::equals).orElse(true)) {
        out.add(provisionState(p));
      }
    }
    for (DesiredObject o : store.all()) {
      if (!o.namespace().equals(q.namespace()) || provisioned.contains(o.deploymentId())) continue;
      Map<String, Object> tree = DesiredTrees.parse(o.manifestJson());
      ResourceId id = ResourceId.of(tree);
      String type = id.kind().toLowerCase(Locale.ROOT);
      if (q.resourceType().map(type::equals).orElse(true)
          && q.resourceName().map(id.name()::equals).orElse(true)
          && q.deploymentId().map(o.deploymentId()::equals).orElse(true)) {
        out.add(manifestState(o, tree, id));
      }
    }
    return out;
  }

  private record Checked(
      ResourceId id,
      Map<String, Object> desired,
      Optional<Map<String, Object>> live,
      DiffResult result) {}

  private List<Checked> check(List<DesiredObject> objects) {
    List<Checked> out = new ArrayList<>();
    for (DesiredObject o : objects) {
      Map<String, Object> tree = DesiredTrees.parse(o.manifestJson());
      ResourceId id = ResourceId.of(tree);
      KubeKind kind = KubeKind.of(id).orElseThrow();
      Optional<Map<String, Object>> live = cluster.get(kind, id.namespace(), id.name());
      out.add(new Checked(id, tree, live, differ.diff(Optional.of(tree), live, Optional.empty())));
    }
    return out;
  }

  private Map<String, Object> provisionState(Provision p) {
    List<Checked> checked = check(store.ofDeployment(p.deploymentId()));
    Engine engine = Engine.of(p.resourceType(), p.engine()).orElseThrow();
    Optional<Map<String, Object>> workload =
        checked.stream()
            .filter(c -> Set3.WORKLOADS.contains(c.id().kind()))
            .findFirst()
            .flatMap(Checked::live);
    Optional<Map<String, Object>> desiredWorkload =
        checked.stream()
            .filter(c -> Set3.WORKLOADS.contains(c.id().kind()))
            .findFirst()
            .map(Checked::desired);
    Optional<Map<String, Object>> topic =
        checked.stream()
            .filter(c -> c.id().kind().equals("ConfigMap"))
            .findFirst()
            .flatMap(Checked::live);

    Map<String, Object> m = new LinkedHashMap<>();
    m.put("deploymentId", p.deploymentId());
    m.put("resourceType", p.resourceType());
    m.put("resourceName", p.name());
    m.put("namespace", p.namespace());
    String phase;
    PodHealth.Health health;
    Map<String, Object> actual = null;
    Map<String, Object> usage = new LinkedHashMap<>();
    double cost = 0;
    if (engine == Engine.KAFKA) {
      phase = topic.isPresent() ? Provisioner.READY : missingPhase(p);
      health =
          topic.isPresent()
              ? new PodHealth.Health("Healthy", readyMessage(p.resourceType()))
              : new PodHealth.Health("Unhealthy", "topic configuration is missing");
      actual = topic.map(t -> topicSpec(p, t)).orElse(null);
    } else if (workload.isEmpty()) {
      phase = missingPhase(p);
      health = new PodHealth.Health("Unhealthy", p.resourceType() + " workload does not exist");
    } else {
      Map<String, Object> w = workload.get();
      int wanted = (int) number(w, "spec", "replicas");
      int ready = (int) number(w, "status", "readyReplicas");
      phase = ready >= wanted ? Provisioner.READY : Provisioner.PROVISIONING;
      var selector = ResourceRenderer.selector(p.name());
      health =
          PodHealth.assess(
              cluster.pods(p.namespace(), selector), wanted, restartThreshold, p.resourceType());
      Map<String, Object> container = container(w, engine);
      actual = workloadSpec(p, engine, w, container);
      BigDecimal storage = storage(p, w, wanted);
      usage.putAll(usage(cluster.usage(p.namespace(), selector)));
      usage.put("storageUsage", storage.signum() == 0 ? null : format(storage, GI, "Gi"));
      usage.put("replicas", (int) number(w, "status", "replicas"));
      cost =
          prices.monthly(
              wanted,
              quantity(requests(container).get("cpu")),
              quantity(requests(container).get("memory")),
              storage);
    }
    m.put("phase", phase);
    m.put("healthStatus", health.status());
    m.put("message", health.message());
    m.put("lastChecked", Timestamps.format(clock.millis()));
    if (engine.port() > 0) {
      m.put("endpoint", p.name() + "." + p.namespace() + ".svc.cluster.local");
      m.put("port", engine.port());
    }
    if (engine.hasCredentials()) m.put("connectionSecret", ResourceRenderer.secretName(p.name()));
    m.put("actualSpec", actual);
    m.put("desiredSpec", desiredSpec(p));
    fillDrift(m, checked);
    m.put("resourceUsage", usage.isEmpty() ? null : usage);
    m.put("estimatedMonthlyCost", cost);
    m.put("costImpact", costImpact(p, engine, desiredWorkload, workload, cost));
    return m;
  }

  /**
   * What the live object costs a month beyond (or below) its desired state, by the same price
   * table: desired replicas, requests and claim templates against what runs. Null when there is no
   * workload (a topic) or nothing runs yet.
   */
  private Map<String, Object> costImpact(
      Provision p,
      Engine engine,
      Optional<Map<String, Object>> desired,
      Optional<Map<String, Object>> live,
      double liveCost) {
    if (desired.isEmpty() || live.isEmpty() || engine == Engine.KAFKA) return null;
    Map<String, Object> d = desired.get();
    int replicas = (int) number(d, "spec", "replicas");
    Map<String, Object> container = container(d, engine);
    BigDecimal storage = templateStorage(d, replicas);
    double desiredCost =
        prices.monthly(
            replicas,
            quantity(requests(container).get("cpu")),
            quantity(requests(container).get("memory")),
            storage);
    Map<String, Object> impact = new LinkedHashMap<>();
    impact.put("desiredMonthlyCost", desiredCost);
    impact.put(
        "monthlyDelta",
        BigDecimal.valueOf(liveCost - desiredCost)
            .setScale(2, java.math.RoundingMode.HALF_UP)
            .doubleValue());
    return impact;
  }

  private Map<String, Object> manifestState(
      DesiredObject o, Map<String, Object> tree, ResourceId id) {
    List<Checked> checked = check(List.of(o));
    Optional<Map<String, Object>> live = checked.get(0).live();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("deploymentId", o.deploymentId());
    m.put("resourceType", id.kind().toLowerCase(Locale.ROOT));
    m.put("resourceName", id.name());
    m.put("namespace", id.namespace());
    m.put("phase", live.isPresent() ? Provisioner.READY : Provisioner.PENDING);
    m.put("healthStatus", live.isPresent() ? "Healthy" : "Unhealthy");
    m.put("message", live.isPresent() ? id.kind() + " exists" : id.kind() + " does not exist");
    m.put("lastChecked", Timestamps.format(clock.millis()));
    m.put("actualSpec", live.map(ResourceStates::specOf).orElse(null));
    m.put("desiredSpec", specOf(tree));
    fillDrift(m, checked);
    m.put("resourceUsage", null);
    m.put("estimatedMonthlyCost", 0.0);
    m.put("costImpact", null);
    return m;
  }

  private static void fillDrift(Map<String, Object> m, List<Checked> checked) {
    List<String> details = new ArrayList<>();
    List<Map<String, Object>> differences = new ArrayList<>();
    for (Checked c : checked) {
      details.addAll(DriftDetails.lines(c.id(), c.result().differences()));
      for (Map<String, Object> d : Remediator.differencesList(c.result().differences())) {
        Map<String, Object> dm = new LinkedHashMap<>(d);
        dm.put("resource", c.id().toString());
        differences.add(dm);
      }
    }
    m.put("driftDetected", checked.stream().anyMatch(c -> c.result().drift()));
    m.put("driftDetails", details);
    m.put("differences", differences);
  }

  private static String missingPhase(Provision p) {
    return p.phase().equals(Provisioner.FAILED) ? Provisioner.FAILED : Provisioner.PENDING;
  }

  private static Map<String, Object> desiredSpec(Provision p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("engine", p.engine());
    m.put("version", p.version());
    m.put("size", p.size());
    m.put("replicas", p.replicas());
    return m;
  }

  private static Map<String, Object> workloadSpec(
      Provision p, Engine engine, Map<String, Object> w, Map<String, Object> container) {
    String image = String.valueOf(container.getOrDefault("image", ""));
    String repo = DriftDetails.repository(image);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("engine", repo.equals(engine.image()) ? engine.wire() : repo);
    m.put("version", DriftDetails.tag(image, repo));
    m.put("size", sizeOf(requests(container)));
    m.put("replicas", (int) number(w, "spec", "replicas"));
    return m;
  }

  private static Map<String, Object> topicSpec(Provision p, Map<String, Object> cm) {
    Map<String, Object> data = map(cm.get("data"));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("engine", data.getOrDefault("engine", p.engine()));
    m.put("version", data.getOrDefault("version", ""));
    String partitions = String.valueOf(data.getOrDefault("partitions", ""));
    m.put(
        "size",
        java.util.Arrays.stream(Size.values())
            .filter(s -> Integer.toString(s.partitions()).equals(partitions))
            .map(Size::wire)
            .findFirst()
            .orElse("custom"));
    m.put("replicas", parseInt(data.get("replicationFactor")));
    return m;
  }

  /** The size whose CPU and memory requests the container has, else {@code custom}. */
  private static String sizeOf(Map<String, Object> requests) {
    BigDecimal cpu = quantity(requests.get("cpu"));
    BigDecimal mem = quantity(requests.get("memory"));
    for (Size s : Size.values()) {
      if (quantity(s.cpu()).compareTo(cpu) == 0 && quantity(s.memory()).compareTo(mem) == 0)
        return s.wire();
    }
    return "custom";
  }

  private BigDecimal storage(Provision p, Map<String, Object> w, int replicas) {
    List<PersistentVolumeClaim> claims = cluster.claims(p.namespace(), "data-" + p.name() + "-");
    BigDecimal sum = BigDecimal.ZERO;
    for (PersistentVolumeClaim c : claims) {
      Quantity q =
          c.getStatus() != null
                  && c.getStatus().getCapacity() != null
                  && c.getStatus().getCapacity().get("storage") != null
              ? c.getStatus().getCapacity().get("storage")
              : c.getSpec().getResources().getRequests().get("storage");
      if (q != null) sum = sum.add(Quantity.getAmountInBytes(q));
    }
    if (!claims.isEmpty()) return sum;
    return templateStorage(w, replicas); // no claims yet: what the templates will claim
  }

  /** Bytes the workload's volume claim templates ask for, over {@code replicas}. */
  private static BigDecimal templateStorage(Map<String, Object> w, int replicas) {
    BigDecimal sum = BigDecimal.ZERO;
    for (Object t : list(map(w.get("spec")).get("volumeClaimTemplates"))) {
      Object size =
          map(map(map(map(t).get("spec")).get("resources")).get("requests")).get("storage");
      sum = sum.add(quantity(size).multiply(BigDecimal.valueOf(replicas)));
    }
    return sum;
  }

  private static Map<String, Object> usage(List<PodMetrics> metrics) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (metrics.isEmpty()) {
      m.put("cpuUsage", null);
      m.put("memoryUsage", null);
      return m;
    }
    BigDecimal cpu = BigDecimal.ZERO, mem = BigDecimal.ZERO;
    for (PodMetrics pm : metrics) {
      for (var c : pm.getContainers()) {
        if (c.getUsage().get("cpu") != null)
          cpu = cpu.add(Quantity.getAmountInBytes(c.getUsage().get("cpu")));
        if (c.getUsage().get("memory") != null)
          mem = mem.add(Quantity.getAmountInBytes(c.getUsage().get("memory")));
      }
    }
    m.put("cpuUsage", cpu.movePointRight(3).setScale(0, RoundingMode.HALF_UP) + "m");
    m.put("memoryUsage", format(mem, MI, "Mi"));
    return m;
  }

  private static String format(BigDecimal bytes, BigDecimal unit, String suffix) {
    return bytes.divide(unit, 0, RoundingMode.HALF_UP) + suffix;
  }

  /** The engine's container of a workload (by name), else its first container. */
  static Map<String, Object> container(Map<String, Object> w, Engine engine) {
    List<Object> containers =
        list(map(map(map(w.get("spec")).get("template")).get("spec")).get("containers"));
    for (Object c : containers) if (engine.wire().equals(map(c).get("name"))) return map(c);
    return containers.isEmpty() ? Map.of() : map(containers.get(0));
  }

  private static Map<String, Object> requests(Map<String, Object> container) {
    return map(map(container.get("resources")).get("requests"));
  }

  static BigDecimal quantity(Object value) {
    if (value == null) return BigDecimal.ZERO;
    try {
      return Quantity.getAmountInBytes(new Quantity(String.valueOf(value)));
    } catch (IllegalArgumentException e) {
      return BigDecimal.ZERO;
    }
  }

  private static Map<String, Object> specOf(Map<String, Object> object) {
    Map<String, Object> m = new LinkedHashMap<>(object);
    m.remove("apiVersion");
    m.remove("kind");
    m.remove("metadata");
    m.remove("status");
    if ("Secret".equals(object.get("kind"))) {
      m.remove("data");
      m.remove("stringData");
      m.put("data", "(not shown)");
    }
    return m;
  }

  static String readyMessage(String resourceType) {
    String t = resourceType.isEmpty() ? "Resource" : resourceType;
    return Character.toUpperCase(t.charAt(0)) + t.substring(1) + " is running and healthy";
  }

  /** A whole number at {@code path}, 0 when absent. */
  static long number(Map<String, Object> tree, String... path) {
    Object v = tree;
    for (String k : path) v = map(v).get(k);
    return v instanceof Number n ? n.longValue() : parseInt(v);
  }

  private static int parseInt(Object v) {
    try {
      return v == null ? 0 : Integer.parseInt(String.valueOf(v));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object o) {
    return o instanceof List<?> l ? (List<Object>) l : List.of();
  }

  private static final class Set3 {
    static final java.util.Set<String> WORKLOADS = java.util.Set.of("StatefulSet", "Deployment");
  }
}
