package io.driftline.config;

import static io.driftline.config.Manifests.diff;
import static io.driftline.config.Manifests.paths;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RemovalTest {
  private static final String DESIRED =
      """
      {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "data": {"a": "1"}}""";

  private static String liveWithLastApplied(String lastApplied) {
    return """
        {"apiVersion": "v1", "kind": "ConfigMap",
         "metadata": {"name": "c", "namespace": "prod", "annotations": {"kubectl.kubernetes.io/last-applied-configuration": %s}},
         "data": {"a": "1", "b": "2", "c": "3"}}"""
        .formatted(Manifests.quote(lastApplied));
  }

  @Test
  void fieldInLastAppliedButNoLongerDesiredIsARemoval() {
    String last =
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\",\"namespace\":\"prod\"},\"data\":{\"a\":\"1\",\"b\":\"2\"}}";
    DiffResult r = diff(DESIRED, liveWithLastApplied(last));
    assertThat(paths(r))
        .containsExactly(
            "/data/b"); // c was never applied: another writer's field; namespace is context
    assertThat(r.differences().get(0).kind()).isEqualTo(Difference.Kind.REMOVED);
  }

  @Test
  void twoWayModeIgnoresLastApplied() {
    String last = "{\"data\":{\"a\":\"1\",\"b\":\"2\"}}";
    assertThat(
            diff(
                    DiffOptions.defaults().withMode(DiffMode.TWO_WAY),
                    DESIRED,
                    liveWithLastApplied(last))
                .drift())
        .isFalse();
  }

  private static final String OWNED_LIVE =
      """
      {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c", "managedFields": [
         {"manager": "argocd-controller", "operation": "Apply", "fieldsV1": {"f:data": {"f:a": {}, "f:b": {}, "f:c": {}}}},
         {"manager": "kubectl-edit", "operation": "Update", "fieldsV1": {"f:data": {"f:c": {}}}}]},
       "data": {"a": "1", "b": "2", "c": "3", "d": "4"}}""";

  @Test
  void fieldOwnedByOurManagerAndNoLongerAppliedIsARemoval() {
    var options =
        DiffOptions.defaults()
            .withMode(DiffMode.STRUCTURED_MERGE_DIFF)
            .withManager("argocd-controller");
    // b: ours alone, removed; c: co-owned by kubectl-edit, kept; d: never ours
    assertThat(paths(diff(options, DESIRED, OWNED_LIVE))).containsExactly("/data/b");
  }

  @Test
  void ownershipIsOnlyUsedWhenAManagerIsKnown() {
    assertThat(diff(DESIRED, OWNED_LIVE).drift()).isFalse();
  }

  @Test
  void ownedListItemNoLongerAppliedIsRemovedByKey() {
    String desired =
        """
        {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"}, "spec": {"ports": [{"port": 80}]}}""";
    String live =
        """
        {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s", "managedFields": [
           {"manager": "me", "operation": "Apply", "fieldsV1": {"f:spec": {"f:ports": {
              "k:{\\"port\\":80,\\"protocol\\":\\"TCP\\"}": {".": {}, "f:port": {}},
              "k:{\\"port\\":81,\\"protocol\\":\\"TCP\\"}": {".": {}, "f:port": {}}}}}}]},
         "spec": {"ports": [{"port": 80, "protocol": "TCP"}, {"port": 81, "protocol": "TCP"}]}}""";
    var options = DiffOptions.defaults().withManager("me");
    assertThat(paths(diff(options, desired, live)))
        .containsExactly("/spec/ports[port=81,protocol=TCP]");
  }
}
