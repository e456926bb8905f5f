package io.driftline.server.configdrift;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Remediation policies per rule, dry run versus enabled, approval, and the audit trail. */
class RemediationTest {
  static final String POLICY =
      """
      rules:
        - kind: StatefulSet
          paths: [/spec/replicas]
          policy: auto-remediate
        - kind: StatefulSet
          minSeverity: critical
          policy: require-approval
      """;

  static Path policyFile(Path dir) {
    try {
      return Files.writeString(dir.resolve("policy.yaml"), POLICY);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static int replicas(KubeMock kube) {
    return kube.client
        .apps()
        .statefulSets()
        .inNamespace("team-platform")
        .withName("postgres-app-db")
        .get()
        .getSpec()
        .getReplicas();
  }

  static String image(KubeMock kube) {
    return kube.client
        .apps()
        .statefulSets()
        .inNamespace("team-platform")
        .withName("postgres-app-db")
        .get()
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0)
        .getImage();
  }

  @Nested
  class DryRun extends ConfigDriftTestBase {
    @TempDir Path dir;

    @Override
    Map<String, String> extraSettings() {
      return Map.of("configdrift.policy_file", policyFile(dir).toString());
    }

    @Test
    void autoRemediationIsAuditedButNothingIsApplied() throws Exception {
      provisionRunningDatabase();
      setReplicas(3);

      api.postJson("/api/v1/config/reconcile", "");
      api.postJson("/api/v1/config/reconcile", "");

      JsonNode list = api.get("/api/v1/config/remediations").json();
      assertThat(list.get("count").asInt()).as("one record per drift").isEqualTo(1);
      JsonNode r = list.get("remediations").get(0);
      assertThat(r.get("policy").asText()).isEqualTo("auto-remediate");
      assertThat(r.get("status").asText()).isEqualTo("dry-run");
      assertThat(r.get("dryRun").asBoolean()).isTrue();
      assertThat(r.get("objectKey").asText())
          .isEqualTo("apps/StatefulSet team-platform/postgres-app-db");
      assertThat(r.get("differences").get(0).get("path").asText()).isEqualTo("/spec/replicas");
      assertThat(r.get("driftId").asText()).isEqualTo(configEvents().get(0).driftId());
      assertThat(replicas(kube)).isEqualTo(3);
      assertThat(kubeEvents("ConfigDriftRemediationDryRun")).hasSize(1);
    }

    @Test
    void unmatchedDriftFallsBackToAlertOnly() throws Exception {
      provisionRunningDatabase();
      Map<String, Object> svc = kube.tree(io.fabric8.kubernetes.api.model.Service.class, NS, DB);
      KubeMock.at(svc, "spec").put("type", "NodePort");
      kube.replace(io.fabric8.kubernetes.api.model.Service.class, svc);

      api.postJson("/api/v1/config/reconcile", "");

      JsonNode r = api.get("/api/v1/config/remediations").json().get("remediations").get(0);
      assertThat(r.get("policy").asText()).isEqualTo("alert-only");
      assertThat(r.get("status").asText()).isEqualTo("alerted");
    }
  }

  @Nested
  class Enabled extends ConfigDriftTestBase {
    @TempDir Path dir;

    @Override
    Map<String, String> extraSettings() {
      return Map.of(
          "configdrift.policy_file",
          policyFile(dir).toString(),
          "configdrift.remediation_enabled",
          "true");
    }

    @Test
    void autoRemediationServerSideAppliesTheDesiredObject() throws Exception {
      provisionRunningDatabase();
      setReplicas(3);

      api.postJson("/api/v1/config/reconcile", "");

      assertThat(replicas(kube)).isEqualTo(1);
      JsonNode r = api.get("/api/v1/config/remediations?status=applied").json();
      assertThat(r.get("count").asInt()).isEqualTo(1);
      assertThat(r.get("remediations").get(0).get("dryRun").asBoolean()).isFalse();
      assertThat(kubeEvents("ConfigDriftRemediated")).hasSize(1);

      api.postJson("/api/v1/config/reconcile", "");
      assertThat(configEvents())
          .singleElement()
          .satisfies(
              e -> assertThat(e.status()).isEqualTo(io.driftline.drift.DriftStatus.RESOLVED));
    }

    @Test
    void criticalDriftWaitsForApprovalThenApplies() throws Exception {
      provisionRunningDatabase();
      setImage("postgres:16.1");

      api.postJson("/api/v1/config/reconcile", "");

      assertThat(image(kube)).isEqualTo("postgres:16.1");
      JsonNode pending = api.get("/api/v1/config/remediations?status=pending-approval").json();
      assertThat(pending.get("count").asInt()).isEqualTo(1);
      String id = pending.get("remediations").get(0).get("remediationId").asText();

      var approved =
          api.postJson("/api/v1/config/remediations/" + id + "/approve", "{\"by\": \"alice\"}");

      assertThat(approved.status()).isEqualTo(200);
      assertThat(approved.json().get("status").asText())
          .as(approved.json().toString())
          .isEqualTo("applied");
      assertThat(approved.json().get("decidedBy").asText()).isEqualTo("alice");
      assertThat(image(kube)).isEqualTo("postgres:15");
      var again = api.postJson("/api/v1/config/remediations/" + id + "/reject", "");
      assertThat(again.status()).isEqualTo(409);
    }

    @Test
    void rejectedRemediationAppliesNothing() throws Exception {
      provisionRunningDatabase();
      setImage("postgres:16.1");
      api.postJson("/api/v1/config/reconcile", "");
      String id =
          api.get("/api/v1/config/remediations")
              .json()
              .get("remediations")
              .get(0)
              .get("remediationId")
              .asText();

      var rejected = api.postJson("/api/v1/config/remediations/" + id + "/reject", "");

      assertThat(rejected.json().get("status").asText()).isEqualTo("rejected");
      assertThat(image(kube)).isEqualTo("postgres:16.1");
    }
  }
}
