package io.driftline.config;

import java.util.Objects;

/**
 * A resource requested through {@code POST /v1/provision} (seeds/004): what was asked for and the
 * phase it has reached. The Kubernetes objects it renders to are stored as {@link DesiredObject}s
 * with the same {@code deploymentId}.
 *
 * @param phase {@code Pending}, {@code Provisioning}, {@code Ready} or {@code Failed}
 */
public record Provision(
    String deploymentId,
    String resourceType,
    String engine,
    String version,
    String size,
    int replicas,
    String namespace,
    String name,
    String phase,
    String message,
    long createdMillis,
    long updatedMillis) {

  public Provision {
    for (String f :
        new String[] {deploymentId, resourceType, engine, version, size, namespace, name, phase}) {
      if (Objects.requireNonNull(f, "field").isEmpty())
        throw new IllegalArgumentException("provision fields must not be empty");
    }
    message = message == null ? "" : message;
    if (replicas < 0)
      throw new IllegalArgumentException("replicas must be >= 0 but was " + replicas);
  }

  public Provision withPhase(String newPhase, String newMessage, long at) {
    return new Provision(
        deploymentId,
        resourceType,
        engine,
        version,
        size,
        replicas,
        namespace,
        name,
        newPhase,
        newMessage,
        createdMillis,
        at);
  }
}
