package io.driftline.config;

import java.util.Map;

/**
 * Identity of a Kubernetes object: API group, kind, namespace, name. The API version is left out on
 * purpose: the API server serves one object under several versions of its group, so {@code
 * apps/v1beta1} and {@code apps/v1} name the same Deployment.
 */
public record ResourceId(String group, String kind, String namespace, String name) {
  public ResourceId {
    group = group == null ? "" : group;
    kind = kind == null ? "" : kind;
    namespace = namespace == null ? "" : namespace;
    name = name == null ? "" : name;
  }

  /**
   * Reads {@code apiVersion}, {@code kind}, {@code metadata.namespace} and {@code metadata.name}.
   */
  public static ResourceId of(Map<String, Object> object) {
    String apiVersion = Trees.string(object.get("apiVersion"));
    int slash = apiVersion.indexOf('/');
    String group = slash < 0 ? "" : apiVersion.substring(0, slash);
    Map<String, Object> meta = Trees.map(object.get("metadata"));
    return new ResourceId(
        group,
        Trees.string(object.get("kind")),
        Trees.string(meta.get("namespace")),
        Trees.string(meta.get("name")));
  }

  /** {@code apps/Deployment default/web}, or {@code Service web} for a core, cluster-wide name. */
  @Override
  public String toString() {
    String gk = group.isEmpty() ? kind : group + "/" + kind;
    return gk + " " + (namespace.isEmpty() ? name : namespace + "/" + name);
  }
}
