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
 * registered manifest may hold. Typed fabric8 classes, so no API discovery is needed.
 */
public enum KubeKind {
  STATEFUL_SET("apps", "StatefulSet", StatefulSet.class),
  DEPLOYMENT("apps", "Deployment", Deployment.class),
  SERVICE("", "Service", Service.class),
  SECRET("", "Secret", Secret.class),
  CONFIG_MAP("", "ConfigMap", ConfigMap.class),
  PERSISTENT_VOLUME_CLAIM("", "PersistentVolumeClaim", PersistentVolumeClaim.class),
  HORIZONTAL_POD_AUTOSCALER(
      "autoscaling", "HorizontalPodAutoscaler", HorizontalPodAutoscaler.class);

  private final String group;
  private final String kind;
  private final Class<? extends HasMetadata> type;

  KubeKind(String group, String kind, Class<? extends HasMetadata> type) {
    this.group = group;
    this.kind = kind;
    this.type = type;
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
