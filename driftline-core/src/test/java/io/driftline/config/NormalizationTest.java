package io.driftline.config;

import static io.driftline.config.Manifests.deployment;
import static io.driftline.config.Manifests.diff;
import static io.driftline.config.Manifests.paths;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NormalizationTest {
  @Test
  void statusAndServerManagedMetadataAreNotDrift() {
    String desired =
        """
        {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c", "creationTimestamp": null}, "data": {"a": "1"}}""";
    String live =
        """
        {"apiVersion": "v1", "kind": "ConfigMap",
         "metadata": {"name": "c", "uid": "u-1", "resourceVersion": "7", "generation": 3, "selfLink": "/x",
                      "creationTimestamp": "2024-01-01T00:00:00Z", "managedFields": [{"manager": "m"}],
                      "annotations": {"kubectl.kubernetes.io/last-applied-configuration": "{}"}},
         "data": {"a": "1"}, "status": {"phase": "Ready"}}""";
    assertThat(diff(desired, live).drift()).isFalse();
  }

  @Test
  void cpuAndMemoryQuantitiesCompareByValue() {
    String desired =
        deployment(
            """
        "resources": {"limits": {"cpu": 0.2, "memory": "1Gi"}, "requests": {"cpu": "1", "memory": "512Mi"}}""");
    String live =
        deployment(
            """
        "resources": {"limits": {"cpu": "200m", "memory": 1073741824}, "requests": {"cpu": "1000m", "memory": "536870912"}}""");
    assertThat(diff(desired, live).drift()).isFalse();
  }

  @Test
  void differentQuantitiesAreDrift() {
    String desired = deployment("\"resources\": {\"limits\": {\"memory\": \"1Gi\"}}");
    String live = deployment("\"resources\": {\"limits\": {\"memory\": \"1G\"}}");
    assertThat(paths(diff(desired, live)))
        .containsExactly("/spec/template/spec/containers[name=app]/resources/limits/memory");
  }

  @Test
  void intOrStringPortsCompareByValue() {
    String desired =
        """
        {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"}, "spec": {"ports": [{"port": 80, "targetPort": "8080"}]}}""";
    String live =
        """
        {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"},
         "spec": {"ports": [{"port": "80", "protocol": "TCP", "targetPort": 8080}], "clusterIP": "10.0.0.1"}}""";
    assertThat(diff(desired, live).drift()).isFalse();
  }

  @Test
  void emptyNullAndAbsentAreTheSame() {
    String desired =
        """
        {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "r", "labels": {}}, "rules": []}""";
    String live =
        """
        {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "r"}, "rules": null}""";
    assertThat(diff(desired, live).drift()).isFalse();
  }

  @Test
  void secretStringDataEqualsBase64Data() {
    String desired =
        """
        {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s"}, "stringData": {"password": "hunter2", "pin": 1234}}""";
    String live =
        """
        {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s"}, "data": {"password": "aHVudGVyMg==", "pin": "MTIzNA=="}}""";
    assertThat(diff(desired, live).drift()).isFalse();
  }

  @Test
  void secretValuesAreMaskedSoEqualLooksEqualAndDifferentLooksDifferent() {
    String desired =
        """
        {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s"}, "stringData": {"a": "hunter2", "b": "same"}}""";
    String live =
        """
        {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s"}, "data": {"a": "aHVudGVyMw==", "b": "c2FtZQ=="}}""";
    DiffResult r = diff(desired, live);
    assertThat(paths(r)).containsExactly("/data/a");
    Difference d = r.differences().get(0);
    assertThat(d.desired()).asString().startsWith("<secret:").doesNotContain("hunter");
    assertThat(d.live()).asString().startsWith("<secret:").isNotEqualTo(d.desired());
    assertThat(r.toString()).doesNotContain("hunter2", "aHVudGVyMw");
  }

  @Test
  void maskingIsStableWithinARunAndDependsOnTheSalt() {
    var one = new SecretMasker("salt-number-one".getBytes());
    var two = new SecretMasker("salt-number-two".getBytes());
    assertThat(one.maskPlain("x"))
        .isEqualTo(one.maskBase64("eA=="))
        .isEqualTo(one.maskBase64("eA"));
    assertThat(one.maskPlain("x")).isNotEqualTo(two.maskPlain("x"));
  }

  @Test
  void missingLiveObjectIsDriftAtTheRoot() {
    DiffResult r =
        new ManifestDiffer(DiffOptions.defaults(), Manifests.MASKER)
            .diff(
                java.util.Optional.of(Manifests.json(deployment("\"image\": \"nginx\""))),
                java.util.Optional.empty(),
                java.util.Optional.empty());
    assertThat(paths(r)).containsExactly("/");
    assertThat(r.differences().get(0).kind()).isEqualTo(Difference.Kind.ADDED);
    assertThat(r.severity()).isEqualTo(Severity.CRITICAL);
  }

  @Test
  void nullSpecInLiveIsOneDifferenceAtSpec() {
    String live =
        """
        {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": "shop"}, "spec": null}""";
    assertThat(paths(diff(deployment("\"image\": \"nginx\""), live))).containsExactly("/spec");
  }
}
