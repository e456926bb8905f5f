package io.driftline.server.configdrift;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.driftline.config.DesiredObject;
import io.driftline.config.Difference;
import io.driftline.config.RemediationRecord;
import io.driftline.config.ResourceId;
import io.driftline.server.http.Json;
import io.driftline.storage.DesiredStateStore;
import io.driftline.storage.RemediationStore;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * Carries out the remediation policy of a drifted object and writes the audit record of each step.
 *
 * <ul>
 *   <li>{@code auto-remediate}: server-side apply of the desired object (status {@code applied} or
 *       {@code failed}); a {@code dry-run} record instead while {@code
 *       configdrift.remediation_enabled} is false;
 *   <li>{@code require-approval}: a {@code pending-approval} record; {@link #approve} then applies
 *       (or dry-runs) it, {@link #reject} closes it;
 *   <li>{@code alert-only}: an {@code alerted} record; the drift event is the alert.
 * </ul>
 *
 * A record's id is derived from the drift event, the object and its differences, so one drift
 * yields one record however many passes see it; a changed drift (other values) yields a new one.
 */
public final class Remediator {
  public static final String APPLIED = "applied";
  public static final String DRY_RUN = "dry-run";
  public static final String FAILED = "failed";
  public static final String PENDING = "pending-approval";
  public static final String REJECTED = "rejected";
  public static final String ALERTED = "alerted";
  static final String SYSTEM = "driftline";

  private final RemediationStore audit;
  private final DesiredStateStore desired;
  private final KubernetesCluster cluster;
  private final boolean enabled;
  private final String fieldManager;
  private final boolean events;
  private final Clock clock;

  public Remediator(
      RemediationStore audit,
      DesiredStateStore desired,
      KubernetesCluster cluster,
      boolean enabled,
      String fieldManager,
      boolean events,
      Clock clock) {
    this.audit = audit;
    this.desired = desired;
    this.cluster = cluster;
    this.enabled = enabled;
    this.fieldManager = fieldManager;
    this.events = events;
    this.clock = clock;
  }

  /** Acts on one drifted object under {@code policy}; empty when this drift was handled before. */
  public synchronized Optional<RemediationRecord> handle(
      DesiredObject object,
      Map<String, Object> desiredTree,
      Optional<Map<String, Object>> live,
      List<Difference> unexpected,
      String driftId,
      String policy) {
    String differences = differencesJson(unexpected);
    String id =
        UUID.nameUUIDFromBytes(
                (driftId + "\n" + object.key() + "\n" + differences)
                    .getBytes(StandardCharsets.UTF_8))
            .toString();
    if (audit.get(id).isPresent()) return Optional.empty();
    String status =
        switch (policy) {
          case "auto-remediate" -> DRY_RUN; // replaced below by the outcome
          case "require-approval" -> PENDING;
          default -> ALERTED;
        };
    RemediationRecord record =
        new RemediationRecord(
            id,
            object.key(),
            object.deploymentId(),
            object.namespace(),
            object.resourceName(),
            Optional.of(driftId),
            policy,
            status,
            !enabled,
            differences,
            status.equals(PENDING) ? "waiting for approval" : "",
            clock.millis(),
            Optional.empty(),
            OptionalLong.empty());
    if (policy.equals("auto-remediate")) {
      record = execute(record, desiredTree, live, SYSTEM);
    }
    audit.write(record);
    return Optional.of(record);
  }

  /**
   * Approves a pending remediation on behalf of {@code by}: applies it (dry run while disabled).
   *
   * @throws IllegalStateException when it is not pending
   */
  public synchronized Optional<RemediationRecord> approve(String remediationId, String by) {
    Optional<RemediationRecord> found = audit.get(remediationId);
    if (found.isEmpty()) return found;
    RemediationRecord r = pending(found.get());
    Optional<DesiredObject> object = desired.get(r.objectKey());
    if (object.isEmpty()) {
      RemediationRecord gone =
          r.decided(FAILED, !enabled, by, clock.millis(), "desired object no longer registered");
      audit.write(gone);
      return Optional.of(gone);
    }
    Map<String, Object> tree = DesiredTrees.parse(object.get().manifestJson());
    KubeKind kind = KubeKind.of(ResourceId.of(tree)).orElseThrow();
    ResourceId id = ResourceId.of(tree);
    Optional<Map<String, Object>> live = cluster.get(kind, id.namespace(), id.name());
    RemediationRecord done = execute(r, tree, live, by);
    audit.write(done);
    return Optional.of(done);
  }

  /** Rejects a pending remediation: nothing is applied. */
  public synchronized Optional<RemediationRecord> reject(String remediationId, String by) {
    Optional<RemediationRecord> found = audit.get(remediationId);
    if (found.isEmpty()) return found;
    RemediationRecord r =
        pending(found.get()).decided(REJECTED, !enabled, by, clock.millis(), "rejected by " + by);
    audit.write(r);
    return Optional.of(r);
  }

  private static RemediationRecord pending(RemediationRecord r) {
    if (!r.status().equals(PENDING)) {
      throw new IllegalStateException(
          "remediation " + r.remediationId() + " is " + r.status() + ", not " + PENDING);
    }
    return r;
  }

  private RemediationRecord execute(
      RemediationRecord r,
      Map<String, Object> desiredTree,
      Optional<Map<String, Object>> live,
      String by) {
    long now = clock.millis();
    ResourceId id = ResourceId.of(desiredTree);
    if (!enabled) {
      if (events) {
        live.ifPresent(
            l ->
                cluster.event(
                    l,
                    "Normal",
                    "ConfigDriftRemediationDryRun",
                    "Driftline would server-side apply the desired state (dry run)",
                    clock.instant()));
      }
      return r.decided(
          DRY_RUN, true, by, now, "dry run: would server-side apply " + id + " as " + fieldManager);
    }
    KubeKind kind = KubeKind.of(id).orElseThrow();
    try {
      Map<String, Object> result = cluster.apply(kind, desiredTree, fieldManager);
      if (events) {
        cluster.event(
            result,
            "Normal",
            "ConfigDriftRemediated",
            "Driftline applied the desired state (" + r.policy() + ")",
            clock.instant());
      }
      return r.decided(APPLIED, false, by, now, "server-side applied as " + fieldManager);
    } catch (KubernetesClientException e) {
      return r.decided(FAILED, false, by, now, "apply failed: " + e.getMessage());
    }
  }

  static String differencesJson(List<Difference> differences) {
    try {
      return Json.MAPPER.writeValueAsString(differencesList(differences));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render differences", e);
    }
  }

  /** Differences as JSON-ready maps: path, kind, desired, live, severity, expected, reason. */
  static List<Map<String, Object>> differencesList(List<Difference> differences) {
    return differences.stream()
        .map(
            d -> {
              Map<String, Object> m = new LinkedHashMap<>();
              m.put("path", d.path());
              m.put("kind", d.kind().name().toLowerCase(java.util.Locale.ROOT));
              m.put("desired", d.desired());
              m.put("live", d.live());
              m.put("severity", d.severity().name().toLowerCase(java.util.Locale.ROOT));
              m.put("expected", d.expected());
              m.put("reason", d.reason());
              return m;
            })
        .toList();
  }
}
