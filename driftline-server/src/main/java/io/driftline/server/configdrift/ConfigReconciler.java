package io.driftline.server.configdrift;

import io.driftline.config.DesiredObject;
import io.driftline.config.DiffResult;
import io.driftline.config.Difference;
import io.driftline.config.ManifestDiffer;
import io.driftline.config.Provision;
import io.driftline.config.ResourceId;
import io.driftline.drift.DriftCategory;
import io.driftline.drift.DriftEvent;
import io.driftline.drift.DriftStatus;
import io.driftline.drift.DriftTracker;
import io.driftline.drift.Severity;
import io.driftline.server.provision.Provisioner;
import io.driftline.storage.DriftEventQuery;
import io.driftline.storage.StorageComponent;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One reconcile pass: every desired object is diffed against its live object (one list call per
 * kind, all namespaces), and per resource (namespace + resource name) unexpected drift opens or
 * updates one {@code CONFIG_DRIFT} event through the {@link DriftTracker}, emits a Kubernetes Event
 * on each drifted object and runs the remediation policy; a resource without unexpected drift
 * resolves its open event. Expected drift (patch versions, expected paths) is reported by the API
 * but opens no event and is never remediated.
 *
 * <p>Passes are started by the server's scheduler every {@code configdrift.reconcile_interval} or
 * by {@code POST /api/v1/config/reconcile}; they never overlap.
 */
public final class ConfigReconciler {
  private static final System.Logger LOG = System.getLogger(ConfigReconciler.class.getName());

  /** What a pass did. */
  public record Summary(
      int objects,
      int resources,
      int drifted,
      int missing,
      int opened,
      int resolved,
      int actions,
      long durationMillis) {}

  private final StorageComponent storage;
  private final KubernetesCluster cluster;
  private final ManifestDiffer differ;
  private final DriftTracker tracker;
  private final Remediator remediator;
  private final RemediationPolicy policy;
  private final Provisioner provisioner;
  private final String clusterId;
  private final boolean events;
  private final Clock clock;
  private Set<String> drifting; // "namespace/resource" with an open event; loaded on first pass

  public ConfigReconciler(
      StorageComponent storage,
      KubernetesCluster cluster,
      ManifestDiffer differ,
      DriftTracker tracker,
      Remediator remediator,
      RemediationPolicy policy,
      Provisioner provisioner,
      String clusterId,
      boolean events,
      Clock clock) {
    this.storage = storage;
    this.cluster = cluster;
    this.differ = differ;
    this.tracker = tracker;
    this.remediator = remediator;
    this.policy = policy;
    this.provisioner = provisioner;
    this.clusterId = clusterId;
    this.events = events;
    this.clock = clock;
  }

  private record Checked(
      DesiredObject object,
      Map<String, Object> desired,
      Optional<Map<String, Object>> live,
      DiffResult result) {}

  public synchronized Summary reconcileOnce() {
    long started = System.nanoTime();
    List<DesiredObject> all = storage.desiredState().all();
    Map<String, Provision> provisions = new LinkedHashMap<>();
    for (Provision p : storage.desiredState().provisions(Optional.empty()))
      provisions.put(p.deploymentId(), p);
    Set<String> open = drifting();
    if (all.isEmpty() && open.isEmpty()) return new Summary(0, 0, 0, 0, 0, 0, 0, 0);

    Map<KubeKind, Set<String>> where = new EnumMap<>(KubeKind.class);
    Map<String, Map<String, Object>> trees = new LinkedHashMap<>();
    for (DesiredObject o : all) {
      Map<String, Object> tree = DesiredTrees.parse(o.manifestJson());
      ResourceId id = ResourceId.of(tree);
      KubeKind.of(id)
          .ifPresent(k -> where.computeIfAbsent(k, x -> new TreeSet<>()).add(id.namespace()));
      trees.put(o.key(), tree);
    }
    Map<String, Map<String, Object>> live = cluster.list(where);

    Map<String, List<Checked>> byResource = new TreeMap<>();
    // the differ is pure: objects are compared on all cores, the results handled in order below
    List<Checked> checkedAll =
        all.parallelStream()
            .map(
                o -> {
                  Map<String, Object> desired = trees.get(o.key());
                  Optional<Map<String, Object>> l = Optional.ofNullable(live.get(o.key()));
                  return new Checked(
                      o, desired, l, differ.diff(Optional.of(desired), l, Optional.empty()));
                })
            .toList();
    int missing = 0;
    for (Checked c : checkedAll) {
      if (c.live().isEmpty()) missing++;
      byResource
          .computeIfAbsent(
              c.object().namespace() + "/" + c.object().resourceName(), k -> new ArrayList<>())
          .add(c);
    }

    int drifted = 0, opened = 0, resolved = 0, actions = 0;
    for (var entry : byResource.entrySet()) {
      List<Checked> checked = entry.getValue();
      DesiredObject first = checked.get(0).object();
      Provision provision = provisions.get(first.deploymentId());
      if (provision != null && provision.phase().equals(Provisioner.PENDING)) {
        provisioner.apply(provision.deploymentId()); // creation, not remediation
        continue;
      }
      if (provision != null) observePhase(provision, checked);
      List<Checked> unexpected =
          checked.stream().filter(c -> !c.result().unexpected().isEmpty()).toList();
      if (unexpected.isEmpty()) {
        if (open.remove(entry.getKey())) {
          resolved += resolve(first, checked);
        }
        continue;
      }
      drifted++;
      var update =
          tracker.configDrift(
              clusterId,
              first.namespace(),
              first.resourceName(),
              unexpected.stream().map(c -> signal(c.object())).sorted().toList(),
              severity(unexpected),
              unexpected.stream().mapToInt(c -> c.result().riskScore()).max().orElse(0) / 100.0,
              clock.millis());
      open.add(entry.getKey());
      if (update.opened()) opened++;
      if (update.changed() && events) {
        for (Checked c : unexpected) {
          c.live()
              .ifPresent(
                  l -> cluster.event(l, "Warning", "ConfigDrift", summary(c), clock.instant()));
        }
      }
      String type = provision != null ? provision.resourceType() : null;
      for (Checked c : unexpected) {
        ResourceId id = ResourceId.of(c.desired());
        List<Difference> diffs = c.result().unexpected();
        String chosen =
            policy.policyFor(id, type != null ? type : id.kind().toLowerCase(Locale.ROOT), diffs);
        if (remediator
            .handle(c.object(), c.desired(), c.live(), diffs, update.event().driftId(), chosen)
            .isPresent()) actions++;
      }
    }
    long ms = (System.nanoTime() - started) / 1_000_000;
    Summary s =
        new Summary(all.size(), byResource.size(), drifted, missing, opened, resolved, actions, ms);
    LOG.log(System.Logger.Level.DEBUG, "reconcile pass: " + s);
    return s;
  }

  private int resolve(DesiredObject first, List<Checked> checked) {
    Optional<DriftEvent> gone =
        tracker.configDriftGone(clusterId, first.namespace(), first.resourceName(), clock.millis());
    if (gone.isPresent() && events) {
      for (Checked c : checked) {
        if (!gone.get().signals().contains(signal(c.object()))) continue;
        c.live()
            .ifPresent(
                l ->
                    cluster.event(
                        l,
                        "Normal",
                        "ConfigDriftResolved",
                        "live state matches the desired state",
                        clock.instant()));
      }
    }
    return gone.isPresent() ? 1 : 0;
  }

  /** Ready when the workload has all replicas ready; otherwise still provisioning. */
  private void observePhase(Provision p, List<Checked> checked) {
    for (Checked c : checked) {
      String kind = ResourceId.of(c.desired()).kind();
      if (kind.equals("ConfigMap") && c.live().isPresent()) {
        provisioner.observe(p, Provisioner.READY, "topic configuration is in place");
        return;
      }
      if (!kind.equals("StatefulSet") && !kind.equals("Deployment")) continue;
      if (c.live().isEmpty()) return;
      long ready = ResourceStates.number(c.live().get(), "status", "readyReplicas");
      long want = ResourceStates.number(c.live().get(), "spec", "replicas");
      if (ready >= want) {
        provisioner.observe(p, Provisioner.READY, ResourceStates.readyMessage(p.resourceType()));
      }
      return;
    }
  }

  static String signal(DesiredObject o) {
    String key = o.key(); // "apps/StatefulSet ns/name" -> "StatefulSet/name"
    String gk = key.substring(0, key.indexOf(' '));
    String kind = gk.contains("/") ? gk.substring(gk.indexOf('/') + 1) : gk;
    return kind + "/" + key.substring(key.lastIndexOf('/') + 1);
  }

  private static Severity severity(List<Checked> unexpected) {
    var worst =
        unexpected.stream()
            .map(c -> c.result().severity())
            .max(Enum::compareTo)
            .orElse(io.driftline.config.Severity.INFO);
    return switch (worst) {
      case CRITICAL -> Severity.CRITICAL;
      case WARNING -> Severity.MAJOR;
      case INFO -> Severity.MINOR;
    };
  }

  private static String summary(Checked c) {
    List<String> details = DriftDetails.lines(ResourceId.of(c.desired()), c.result().unexpected());
    return "Configuration drift: " + String.join("; ", details);
  }

  private Set<String> drifting() {
    if (drifting == null) {
      drifting = new HashSet<>();
      for (DriftStatus status : List.of(DriftStatus.OPEN, DriftStatus.ACKNOWLEDGED)) {
        var query =
            new DriftEventQuery(
                Optional.of(clusterId),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.of(DriftCategory.CONFIG_DRIFT),
                Optional.empty(),
                Optional.of(status),
                Optional.empty(),
                Optional.empty(),
                Integer.MAX_VALUE,
                0);
        for (DriftEvent e : storage.driftEvents().find(query))
          drifting.add(e.namespace() + "/" + e.workloadName());
      }
    }
    return drifting;
  }
}
