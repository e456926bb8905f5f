package io.driftline.config;

import java.util.Objects;

/**
 * One Kubernetes object Driftline keeps in line: the desired manifest (JSON text) and where it came
 * from. Registered by a provision (its rendered objects) or posted as a plain manifest; the
 * reconcile loop diffs each against its live counterpart.
 *
 * @param key the object's identity as text, {@link ResourceId#toString()} (e.g. {@code
 *     apps/StatefulSet team-platform/postgres-app-db}); unique
 * @param deploymentId the provision or manifest registration this object belongs to
 * @param resourceName the resource the object is part of (a provision's name; a manifest's own
 *     name): drift events are kept per (namespace, resourceName)
 * @param manifestJson the desired object as JSON
 */
public record DesiredObject(
    String key,
    String deploymentId,
    String namespace,
    String resourceName,
    String manifestJson,
    long updatedMillis) {

  public DesiredObject {
    require("key", key);
    require("deploymentId", deploymentId);
    require("namespace", namespace);
    require("resourceName", resourceName);
    require("manifestJson", manifestJson);
  }

  private static void require(String field, String value) {
    if (Objects.requireNonNull(value, field).isEmpty())
      throw new IllegalArgumentException(field + " must not be empty");
  }
}
