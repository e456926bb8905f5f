package io.driftline.config;

import static io.driftline.config.Manifests.paths;
import static io.driftline.config.Manifests.serverSide;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServerSideDiffTest {
  private static final DiffOptions SSD =
      DiffOptions.defaults().withMode(DiffMode.SERVER_SIDE_DIFF).withManager("me");
  private static final String DESIRED =
      """
      {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"}, "spec": {"ports": [{"port": 80}, {"port": 90}]}}""";
  private static final String LIVE =
      """
      {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s", "uid": "1"},
       "spec": {"ports": [{"port": 80, "protocol": "TCP"}, {"port": 70, "protocol": "TCP"}], "sessionAffinity": "None"}}""";

  /**
   * The dry run: 70 removed (ours, not applied), 90 added with a webhook-defaulted protocol, a
   * webhook label.
   */
  private static final String PREDICTED =
      """
      {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s", "uid": "2",
         "labels": {"injected": "yes"},
         "managedFields": [
           {"manager": "me", "operation": "Apply", "fieldsV1": {"f:spec": {"f:ports": {
              "k:{\\"port\\":80,\\"protocol\\":\\"TCP\\"}": {".": {}, "f:port": {}},
              "k:{\\"port\\":90,\\"protocol\\":\\"TCP\\"}": {".": {}, "f:port": {}}}}}},
           {"manager": "webhook", "operation": "Apply", "fieldsV1": {"f:metadata": {"f:labels": {"f:injected": {}}},
              "f:spec": {"f:sessionAffinity": {}, "f:ports": {"k:{\\"port\\":90,\\"protocol\\":\\"TCP\\"}": {"f:protocol": {}}}}}}]},
       "spec": {"ports": [{"port": 80, "protocol": "TCP"}, {"port": 90, "protocol": "TCP"}], "sessionAffinity": "ClientIP"}}""";

  @Test
  void liveIsComparedWithThePredictedLiveObjectBothWays() {
    DiffResult r = serverSide(SSD.withIgnoreMutationWebhook(false), DESIRED, LIVE, PREDICTED);
    assertThat(paths(r))
        .containsExactlyInAnyOrder(
            "/metadata/labels",
            "/spec/ports[port=70,protocol=TCP]",
            "/spec/ports[port=90,protocol=TCP]",
            "/spec/sessionAffinity");
  }

  @Test
  void webhookMutationsAreRevertedButKeyFieldsStay() {
    DiffResult r = serverSide(SSD, DESIRED, LIVE, PREDICTED);
    assertThat(paths(r))
        .containsExactlyInAnyOrder(
            "/spec/ports[port=70,protocol=TCP]", "/spec/ports[port=90,protocol=TCP]");
  }

  @Test
  void ignoreRulesApplyToThePredictedObjectToo() {
    var rule = IgnoreRule.pointers("", "Service", "/spec/sessionAffinity", "/metadata/labels");
    DiffResult r =
        serverSide(
            SSD.withIgnoreMutationWebhook(false).withIgnoreRules(java.util.List.of(rule)),
            DESIRED,
            LIVE,
            PREDICTED);
    assertThat(paths(r)).doesNotContain("/spec/sessionAffinity", "/metadata/labels");
  }

  @Test
  void twoWayModeDoesNotUseThePrediction() {
    DiffResult r = serverSide(SSD.withMode(DiffMode.TWO_WAY), DESIRED, LIVE, PREDICTED);
    assertThat(paths(r)).containsExactly("/spec/ports[port=90,protocol=TCP]");
  }
}
