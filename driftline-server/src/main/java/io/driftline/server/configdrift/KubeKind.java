package io.driftline.server.configdrift;

import io.driftline.config.ResourceId;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import java.util.Arrays;
import java.util.Optional;

/**
 * The kinds whose live state Driftline reads and applies: what provisions render to, and what a
 * registered manifest may hold. Typed fabric8 classes and fixed REST paths, so no API discovery is
 * needed.
 */
public enum KubeKind {
  STATEFUL_SET("apps", "StatefulSet", StatefulSet.class, "apps/v1", "statefulsets"),
  DEPLOYMENT("apps", "Deployment", Deployment.class, "apps/v1", "deployments"),
  SERVICE("", "Service", Service.class, "v1", "services"),
  SECRET("", "Secret", Secret.class, "v1", "secrets"),
  CONFIG_MAP("", "ConfigMap", ConfigMap.class, "v1", "configmaps"),
  PERSISTENT_VOLUME_CLAIM(
      "", "PersistentVolumeClaim", PersistentVolumeClaim.class, "v1", "persistentvolumeclaims"),
  HORIZONTAL_POD_AUTOSCALER(
      "autoscaling",
      "HorizontalPodAutoscaler",
      HorizontalPodAutoscaler.class,
      "autoscaling/v2",
      "horizontalpodautoscalers");

  private final String group;
  private final String kind;
  private final Class<? extends HasMetadata> type;
  private final String apiVersion;
  private final String plural;

  KubeKind(
      String group,
      String kind,
      Class<? extends HasMetadata> type,
      String apiVersion,
      String plural) {
    this.group = group;
    this.kind = kind;
    this.type = type;
    this.apiVersion = apiVersion;
    this.plural = plural;
  }

  public String group() {
    return group;
  }

  public String kind() {
    return kind;
  }

  public Class<? extends HasMetadata> type() {
    return type;
  }

  public String apiVersion() {
    return apiVersion;
  }

  /**
   * The REST path of this kind's collection: {@code /apis/apps/v1/deployments}, or in one namespace
   * {@code /api/v1/namespaces/NS/services}.
   */
  public String path(Optional<String> namespace) {
    String root = apiVersion.contains("/") ? "/apis/" + apiVersion : "/api/" + apiVersion;
    return root + namespace.map(ns -> "/namespaces/" + ns).orElse("") + "/" + plural;
  }

  public static Optional<KubeKind> of(ResourceId id) {
    return Arrays.stream(values())
        .filter(k -> k.group.equals(id.group()) && k.kind.equals(id.kind()))
        .findFirst();
  }

  /** {@code apps/StatefulSet, Service, ...}: for error messages. */
  public static String supported() {
    return String.join(
        ", ",
        Arrays.stream(values())
            .map(k -> k.group.isEmpty() ? k.kind : k.group + "/" + k.kind)
            .toList());
  }
}
