package io.driftline.sources.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkloadsTest {
  static OwnerReference owner(String kind, String name, Boolean controller) {
    return new OwnerReferenceBuilder()
        .withApiVersion("apps/v1")
        .withKind(kind)
        .withName(name)
        .withUid("u-" + name)
        .withController(controller)
        .build();
  }

  static Pod pod(String name, Map<String, String> labels, OwnerReference... owners) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("production")
        .withLabels(labels)
        .withOwnerReferences(owners)
        .endMetadata()
        .build();
  }

  @Test
  void aListedReplicaSetNamesItsDeployment() {
    var rs =
        new ReplicaSetBuilder()
            .withNewMetadata()
            .withName("web-abc12")
            .withNamespace("production")
            .withOwnerReferences(owner("Deployment", "storefront", true))
            .endMetadata()
            .build();
    Workloads workloads = new Workloads(List.of(rs));

    assertThat(
            workloads.of(
                pod(
                    "web-abc12-x",
                    Map.of("pod-template-hash", "abc12"),
                    owner("ReplicaSet", "web-abc12", true))))
        .isEqualTo("storefront");
  }

  @Test
  void aBareReplicaSetIsItsOwnWorkload() {
    assertThat(
            new Workloads(null).of(pod("cache-x1", Map.of(), owner("ReplicaSet", "cache", true))))
        .isEqualTo("cache");
  }

  @Test
  void theControllerOwnerCountsNotOtherOwners() {
    Pod p =
        pod(
            "job-pod",
            Map.of(),
            owner("ConfigMap", "something", false),
            owner("Job", "nightly-report", true));
    assertThat(new Workloads(List.of()).of(p)).isEqualTo("nightly-report");
    assertThat(new Workloads(List.of()).of(pod("lonely", Map.of()))).isEqualTo("lonely");
  }
}
