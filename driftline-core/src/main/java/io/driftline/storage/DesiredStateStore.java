package io.driftline.storage;

import io.driftline.config.DesiredObject;
import io.driftline.config.Provision;
import java.util.List;
import java.util.Optional;

/**
 * Desired state of configuration drift: provisions ({@code POST /v1/provision}) and the Kubernetes
 * objects Driftline keeps in line (rendered from provisions or registered as manifests). Both are
 * rare writes and must survive a restart: the reconcile loop reads them all on every pass.
 */
public interface DesiredStateStore {

  /** Stores a desired object; the same key again replaces it. */
  default void put(DesiredObject object) {
    putAll(java.util.List.of(object));
  }

  /** Stores several desired objects atomically: all of them or, after an exception, none. */
  void putAll(List<DesiredObject> objects);

  Optional<DesiredObject> get(String key);

  /** Every desired object, ordered by key. */
  List<DesiredObject> all();

  /** The objects of one provision or registration, ordered by key. */
  List<DesiredObject> ofDeployment(String deploymentId);

  /** Removes a desired object; true when there was one. */
  boolean remove(String key);

  /** Stores a provision; the same deployment id again replaces it. */
  void put(Provision provision);

  Optional<Provision> provision(String deploymentId);

  /** Provisions of a namespace (all namespaces when empty), ordered by name then id. */
  List<Provision> provisions(Optional<String> namespace);
}
