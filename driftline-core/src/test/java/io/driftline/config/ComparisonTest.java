package io.driftline.config;

import static io.driftline.config.Manifests.deployment;
import static io.driftline.config.Manifests.diff;
import static io.driftline.config.Manifests.paths;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ComparisonTest {
  @Test
  void fieldsOnlyInLiveAreNotDrift() {
    String live =
        deployment(
            """
        "image": "nginx", "imagePullPolicy": "IfNotPresent", "terminationMessagePath": "/dev/termination-log\"""",
            "\"revisionHistoryLimit\": 10, \"progressDeadlineSeconds\": 600,");
    assertThat(diff(deployment("\"image\": \"nginx\""), live).drift()).isFalse();
  }

  @Test
  void containersMergeByNameNotByPosition() {
    String desired =
        """
        {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"},
         "spec": {"containers": [{"name": "a", "image": "x:1"}, {"name": "b", "image": "y:1"}]}}""";
    String live =
        """
        {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"},
         "spec": {"containers": [{"name": "b", "image": "y:1"}, {"name": "a", "image": "x:1"}]}}""";
    assertThat(diff(desired, live).drift()).isFalse();
  }

  @Test
  void envVarsAreAddressedByName() {
    String desired =
        deployment(
            "\"env\": [{\"name\": \"FOO\", \"value\": \"1\"}, {\"name\": \"BAR\", \"value\": \"2\"}]");
    String live =
        deployment(
            "\"env\": [{\"name\": \"BAR\", \"value\": \"2\"}, {\"name\": \"FOO\", \"value\": \"3\"}]");
    assertThat(paths(diff(desired, live)))
        .containsExactly("/spec/template/spec/containers[name=app]/env[name=FOO]/value");
  }

  @Test
  void missingKeyedItemIsReportedWithItsSelector() {
    String desired =
        deployment(
            "\"volumeMounts\": [{\"name\": \"d\", \"mountPath\": \"/data\"}, {\"name\": \"t\", \"mountPath\": \"/tmp\"}]");
    String live = deployment("\"volumeMounts\": [{\"name\": \"d\", \"mountPath\": \"/data\"}]");
    assertThat(paths(diff(desired, live)))
        .containsExactly("/spec/template/spec/containers[name=app]/volumeMounts[mountPath=/tmp]");
  }

  @Test
  void portsAreKeyedByPortAndProtocolWithTcpAsDefault() {
    String desired =
        """
        {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"},
         "spec": {"ports": [{"port": 53}, {"port": 53, "protocol": "UDP"}]}}""";
    String live =
        """
        {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"}, "spec": {"ports": [{"port": 53, "protocol": "TCP"}]}}""";
    assertThat(paths(diff(desired, live))).containsExactly("/spec/ports[port=53,protocol=UDP]");
  }

  @Test
  void unkeyedListsCompareByPositionAndLength() {
    String desired = deployment("\"image\": \"x\", \"args\": [\"--a\", \"--b\"]");
    assertThat(paths(diff(desired, deployment("\"image\": \"x\", \"args\": [\"--a\"]"))))
        .containsExactly("/spec/template/spec/containers[name=app]/args");
    assertThat(paths(diff(desired, deployment("\"image\": \"x\", \"args\": [\"--b\", \"--a\"]"))))
        .containsExactly("/spec/template/spec/containers[name=app]/args");
  }

  @Test
  void keysWithSlashesAreEscapedAsInRfc6901() {
    String desired =
        """
        {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c", "labels": {"app.kubernetes.io/name": "a"}}}""";
    String live =
        """
        {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c", "labels": {"app.kubernetes.io/name": "b"}}}""";
    assertThat(paths(diff(desired, live)))
        .containsExactly("/metadata/labels/app.kubernetes.io~1name");
  }

  @Test
  void setTypedListsIgnoreOrderButNotMissingMembers() {
    String desired =
        """
        {"apiVersion": "v1", "kind": "ConfigMap",
         "metadata": {"name": "c", "finalizers": ["a.io/x", "b.io/y"]}, "data": {"k": "v"}}""";
    String reordered = desired.replace("[\"a.io/x\", \"b.io/y\"]", "[\"b.io/y\", \"a.io/x\"]");
    String moreInLive =
        desired.replace("[\"a.io/x\", \"b.io/y\"]", "[\"b.io/y\", \"c.io/z\", \"a.io/x\"]");
    String missing = desired.replace("[\"a.io/x\", \"b.io/y\"]", "[\"b.io/y\"]");

    assertThat(diff(desired, reordered).drift()).isFalse();
    assertThat(diff(desired, moreInLive).drift()).isFalse(); // another controller's finalizer
    assertThat(paths(diff(desired, missing))).containsExactly("/metadata/finalizers");
  }
}
