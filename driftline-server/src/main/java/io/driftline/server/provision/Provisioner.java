package io.driftline.server.provision;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.driftline.config.DesiredObject;
import io.driftline.config.Provision;
import io.driftline.config.ResourceId;
import io.driftline.server.configdrift.DesiredTrees;
import io.driftline.server.configdrift.KubeKind;
import io.driftline.server.configdrift.KubernetesCluster;
import io.driftline.server.http.Json;
import io.driftline.storage.DesiredStateStore;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns provision requests into stored desired state and creates it in the cluster. A request is
 * stored first (desired objects and the provision, phase {@code Pending}); creating the objects
 * follows (phase {@code Provisioning}, or {@code Failed} with the API's message), and every phase
 * change is reported through the {@link StatusCallback}. A provision still {@code Pending} (the API
 * was unreachable) is created again by the next reconcile pass.
 *
 * <p>Provisioning a resource that exists (same namespace, type and name) updates it: the same
 * deployment id, the same credentials, the new spec applied (seeds/004: re-provision to correct
 * drift).
 */
public final class Provisioner {
  private static final System.Logger LOG = System.getLogger(Provisioner.class.getName());
  private static final SecureRandom RANDOM = new SecureRandom();
  public static final String PENDING = "Pending";
  public static final String PROVISIONING = "Provisioning";
  public static final String READY = "Ready";
  public static final String FAILED = "Failed";

  private final DesiredStateStore store;
  private final KubernetesCluster cluster;
  private final StatusCallback callback;
  private final String fieldManager;
  private final Clock clock;

  public Provisioner(
      DesiredStateStore store,
      KubernetesCluster cluster,
      StatusCallback callback,
      String fieldManager,
      Clock clock) {
    this.store = store;
    this.cluster = cluster;
    this.callback = callback;
    this.fieldManager = fieldManager;
    this.clock = clock;
  }

  /** Stores the request's desired state; the returned provision is {@code Pending}. */
  public synchronized Provision submit(ProvisionRequest r) {
    long now = clock.millis();
    Optional<Provision> existing =
        store.provisions(Optional.of(r.namespace())).stream()
            .filter(p -> p.name().equals(r.name()) && p.resourceType().equals(r.resourceType()))
            .findFirst();
    String id = existing.map(Provision::deploymentId).orElseGet(Provisioner::newId);
    Optional<String> password = existing.flatMap(p -> password(r));
    List<DesiredObject> objects = new ArrayList<>();
    for (Map<String, Object> tree : ResourceRenderer.render(r, id, password)) {
      objects.add(
          new DesiredObject(
              ResourceId.of(tree).toString(), id, r.namespace(), r.name(), json(tree), now));
    }
    store.putAll(objects);
    Provision p =
        new Provision(
            id,
            r.resourceType(),
            r.engine().wire(),
            r.version(),
            r.size().wire(),
            r.replicas(),
            r.namespace(),
            r.name(),
            PENDING,
            "desired state stored; creating resources",
            existing.map(Provision::createdMillis).orElse(now),
            now);
    store.put(p);
    return p;
  }

  /** Creates or updates the provision's objects in the cluster; moves it past {@code Pending}. */
  public synchronized Provision apply(String deploymentId) {
    Provision p = store.provision(deploymentId).orElseThrow();
    try {
      for (DesiredObject o : store.ofDeployment(deploymentId)) {
        Map<String, Object> tree = DesiredTrees.parse(o.manifestJson());
        KubeKind kind = KubeKind.of(ResourceId.of(tree)).orElseThrow();
        cluster.apply(kind, tree, fieldManager);
      }
      return observe(p, PROVISIONING, "resources created; waiting for readiness");
    } catch (KubernetesClientException e) {
      LOG.log(System.Logger.Level.WARNING, "provisioning " + deploymentId + ": " + e.getMessage());
      boolean refused = e.getCode() >= 400 && e.getCode() < 500;
      return observe(
          p,
          refused ? FAILED : PENDING,
          (refused ? "Kubernetes refused the resources: " : "Kubernetes API unavailable: ")
              + e.getMessage());
    }
  }

  /** Records the phase a reconcile pass saw; a change is stored and called back. */
  public synchronized Provision observe(Provision p, String phase, String message) {
    Provision current = store.provision(p.deploymentId()).orElse(p);
    if (current.phase().equals(phase)) return current;
    Provision changed = current.withPhase(phase, message, clock.millis());
    store.put(changed);
    callback.send(changed);
    return changed;
  }

  private Optional<String> password(ProvisionRequest r) {
    String key = "Secret " + r.namespace() + "/" + ResourceRenderer.secretName(r.name());
    return store
        .get(key)
        .map(o -> DesiredTrees.parse(o.manifestJson()))
        .map(t -> t.get("data"))
        .filter(Map.class::isInstance)
        .map(d -> ((Map<?, ?>) d).get("password"))
        .map(v -> new String(Base64.getDecoder().decode(v.toString()), StandardCharsets.UTF_8));
  }

  static String newId() {
    byte[] b = new byte[6];
    RANDOM.nextBytes(b);
    return "deploy-" + HexFormat.of().formatHex(b);
  }

  static String json(Map<String, Object> tree) {
    try {
      return Json.MAPPER.writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render desired object", e);
    }
  }
}
