package io.driftline.server.configdrift;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftline.drift.DriftEvent;
import io.driftline.drift.DriftStatus;
import io.driftline.server.TestServer;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * seeds/004 end to end: provision through the API, the objects created in a (mock) Kubernetes API
 * server, made to look as the real API server returns them, then resource state, drift events,
 * Kubernetes events and the status callback.
 */
class ConfigDriftApiTest extends ConfigDriftTestBase {
  @Test
  void provisionStoresRendersCreatesAndCallsBack() throws Exception {
    var reply = api.postJson("/v1/provision", PROVISION);

    assertThat(reply.status()).isEqualTo(202);
    String id = reply.json().get("deploymentId").asText();
    assertThat(id).matches("deploy-[0-9a-f]{12}");
    assertThat(reply.json().get("objects").toString())
        .contains("apps/StatefulSet team-platform/postgres-app-db")
        .contains("Service team-platform/postgres-app-db")
        .contains("Secret team-platform/postgres-app-db-credentials");
    api.server.configDrift().drain();
    var sts = kube.client.apps().statefulSets().inNamespace(NS).withName(DB).get();
    assertThat(sts.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("postgres:15");
    assertThat(
            sts.getSpec()
                .getVolumeClaimTemplates()
                .get(0)
                .getSpec()
                .getResources()
                .getRequests()
                .get("storage")
                .toString())
        .isEqualTo("20Gi");
    assertThat(kube.client.secrets().inNamespace(NS).withName(DB + "-credentials").get().getData())
        .containsKeys("username", "password", "database");
    JsonNode cb = callback.next();
    assertThat(cb.get("deploymentId").asText()).isEqualTo(id);
    assertThat(cb.get("status").asText()).isEqualTo("Provisioning");
    assertThat(cb.get("connectionSecret").asText()).isEqualTo("postgres-app-db-credentials");
    assertThat(api.server.storage().desiredState().provision(id).orElseThrow().phase())
        .isEqualTo("Provisioning");
  }

  @Test
  void liveStatefulSetWithServerDefaultsIsNotDriftAndIsReady() throws Exception {
    String id = provisionRunningDatabase();

    JsonNode r = resource();

    assertThat(r.get("deploymentId").asText()).isEqualTo(id);
    assertThat(r.get("driftDetected").asBoolean()).as(r.toPrettyString()).isFalse();
    assertThat(r.get("driftDetails")).isEmpty();
    assertThat(r.get("phase").asText()).isEqualTo("Ready");
    assertThat(r.get("healthStatus").asText()).isEqualTo("Healthy");
    assertThat(r.get("message").asText()).isEqualTo("Database is running and healthy");
    assertThat(r.get("endpoint").asText())
        .isEqualTo("postgres-app-db.team-platform.svc.cluster.local");
    assertThat(r.get("port").asInt()).isEqualTo(5432);
    assertThat(r.get("actualSpec").toString())
        .isEqualTo(
            "{\"engine\":\"postgresql\",\"version\":\"15\",\"size\":\"medium\",\"replicas\":1}");
    assertThat(r.get("resourceUsage").get("storageUsage").asText()).isEqualTo("20Gi");
    // 0.5 core * 25 + 1 GiB * 3.5 + 20 GiB * 0.10
    assertThat(r.get("estimatedMonthlyCost").asDouble()).isEqualTo(18.0);
    assertThat(r.get("lastChecked").asText()).isEqualTo("2026-01-12T10:00:00.000Z");

    var pass = api.postJson("/api/v1/config/reconcile", "");
    assertThat(pass.json().get("drifted").asInt()).isZero();
    assertThat(configEvents()).isEmpty();
    // the callback reports Ready once the workload is
    assertThat(callback.next().get("status").asText()).isEqualTo("Ready");
  }

  @Test
  void patchVersionIsExpectedDriftAsTheSeedShows() throws Exception {
    provisionRunningDatabase();
    setImage("postgres:15.2");

    JsonNode r = resource();

    assertThat(r.get("driftDetected").asBoolean()).isTrue();
    assertThat(r.get("driftDetails").toString())
        .isEqualTo(
            "[\"Version mismatch: desired=15, actual=15.2\",\"This is expected patch version drift\"]");
    assertThat(r.get("actualSpec").get("version").asText()).isEqualTo("15.2");
    assertThat(r.get("desiredSpec").get("version").asText()).isEqualTo("15");
    api.postJson("/api/v1/config/reconcile", "");
    assertThat(configEvents()).as("expected drift opens no event").isEmpty();
  }

  @Test
  void manualScaleOpensOneEventEmitsKubernetesEventAndResolves() throws Exception {
    provisionRunningDatabase();
    setReplicas(3);

    JsonNode r = resource();
    assertThat(r.get("driftDetails").toString())
        .contains("Replica count mismatch: desired=1, actual=3");
    // two replicas more than desired: 2 x (0.5 core * 25 + 1 GiB * 3.5), storage as claimed
    assertThat(r.get("costImpact").get("monthlyDelta").asDouble())
        .isEqualTo(
            r.get("estimatedMonthlyCost").asDouble()
                - r.get("costImpact").get("desiredMonthlyCost").asDouble());
    assertThat(r.get("costImpact").get("desiredMonthlyCost").asDouble()).isEqualTo(18.0);
    assertThat(r.get("costImpact").get("monthlyDelta").asDouble()).isPositive();
    api.postJson("/api/v1/config/reconcile", "");
    api.clock.advance(java.time.Duration.ofMinutes(5));
    api.postJson("/api/v1/config/reconcile", "");

    assertThat(configEvents())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.status()).isEqualTo(DriftStatus.OPEN);
              assertThat(e.workloadName()).isEqualTo(DB);
              assertThat(e.namespace()).isEqualTo(NS);
              assertThat(e.signals()).containsExactly("StatefulSet/postgres-app-db");
            });
    assertThat(kubeEvents("ConfigDrift"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getType()).isEqualTo("Warning");
              assertThat(e.getInvolvedObject().getKind()).isEqualTo("StatefulSet");
              assertThat(e.getMessage()).contains("Replica count mismatch: desired=1, actual=3");
            });
    var listed = api.get("/api/v1/drift/events?category=CONFIG_DRIFT");
    assertThat(listed.status()).isEqualTo(200);
    assertThat(listed.text()).contains(DB);

    setReplicas(1);
    api.postJson("/api/v1/config/reconcile", "");

    assertThat(configEvents())
        .singleElement()
        .satisfies(e -> assertThat(e.status()).isEqualTo(DriftStatus.RESOLVED));
    assertThat(kubeEvents("ConfigDriftResolved")).hasSize(1);
  }

  @Test
  void changedImageIsUnexpectedDrift() throws Exception {
    provisionRunningDatabase();
    setImage("postgres:16.1");

    JsonNode r = resource();
    api.postJson("/api/v1/config/reconcile", "");

    assertThat(r.get("driftDetails").toString())
        .contains("Version mismatch: desired=15, actual=16.1")
        .doesNotContain("expected");
    assertThat(configEvents())
        .singleElement()
        .satisfies(e -> assertThat(e.severity()).isEqualTo(io.driftline.drift.Severity.CRITICAL));
  }

  @Test
  void postResourcesTakesTheSeedsBody() throws Exception {
    provisionRunningDatabase();

    var reply =
        api.postJson(
            "/v1/resources",
            "{\"namespace\": \"team-platform\", \"resourceType\": \"database\","
                + " \"resourceName\": \"postgres-app-db\"}");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().get("namespace").asText()).isEqualTo(NS);
    assertThat(reply.json().get("total").asInt()).isEqualTo(1);
    JsonNode r = reply.json().get("resources").get(0);
    for (String field :
        List.of(
            "deploymentId",
            "resourceType",
            "resourceName",
            "namespace",
            "phase",
            "healthStatus",
            "message",
            "lastChecked",
            "endpoint",
            "port",
            "connectionSecret",
            "actualSpec",
            "desiredSpec",
            "driftDetected",
            "driftDetails",
            "resourceUsage",
            "estimatedMonthlyCost")) {
      assertThat(r.has(field)).as(field).isTrue();
    }
    assertThat(
            api.postJson("/v1/resources", "{\"namespace\": \"other\"}").json().get("total").asInt())
        .isZero();
  }

  @Test
  void badRequestsNameTheProblem() {
    assertThat(api.get("/v1/resources").status()).isEqualTo(400);
    var wrongEngine = api.postJson("/v1/provision", PROVISION.replace("postgresql", "oracle"));
    assertThat(wrongEngine.status()).isEqualTo(400);
    assertThat(wrongEngine.json().get("field").asText()).isEqualTo("engine");
    var badName = api.postJson("/v1/provision", PROVISION.replace("postgres-app-db", "Bad_Name"));
    assertThat(badName.json().get("field").asText()).isEqualTo("name");
    var unknown = api.postJson("/v1/resources", "{\"namespace\": \"a\", \"colour\": \"red\"}");
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.json().get("field").asText()).isEqualTo("colour");
    var noNamespace =
        api.post(
            "/api/v1/config/desired",
            "application/yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n");
    assertThat(noNamespace.status()).isEqualTo(400);
    var unsupported =
        api.post(
            "/api/v1/config/desired",
            "application/yaml",
            "apiVersion: batch/v1\nkind: Job\nmetadata: {name: a, namespace: b}\n");
    assertThat(unsupported.status()).isEqualTo(400);
    assertThat(unsupported.json().get("message").asText()).contains("Job");
    assertThat(api.postJson("/api/v1/config/remediations/nope/approve", "").status())
        .isEqualTo(404);
  }

  @Test
  void manifestsRegisteredAsYamlAreDiffedAgainstLive() throws Exception {
    var reply =
        api.post(
            "/api/v1/config/desired",
            "application/yaml",
            """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: app-config, namespace: team-platform}
            data: {MODE: fast}
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: other-config, namespace: team-platform}
            data: {A: "1"}
            """);
    assertThat(reply.status()).isEqualTo(201);
    assertThat(reply.json().get("count").asInt()).isEqualTo(2);
    kube.client
        .configMaps()
        .inNamespace(NS)
        .resource(
            new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                .withNewMetadata()
                .withName("app-config")
                .withNamespace(NS)
                .endMetadata()
                .addToData("MODE", "slow")
                .build())
        .create();

    api.postJson("/api/v1/config/reconcile", "");
    var r =
        api.get(
            "/v1/resources?namespace=team-platform&resourceType=configmap&resourceName=app-config");

    assertThat(r.json().get("resources").get(0).get("driftDetails").toString())
        .contains("/data/MODE differs: desired=fast, actual=slow");
    assertThat(configEvents())
        .extracting(DriftEvent::workloadName)
        .containsExactlyInAnyOrder("app-config", "other-config");
  }

  @Test
  void desiredStateAndAuditSurviveARestart(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    Map<String, String> sqlite =
        settings(Map.of("storage.type", "sqlite", "storage.data_dir", dir.toString()));
    String id;
    try (TestServer first = new TestServer(sqlite)) {
      id = first.postJson("/v1/provision", PROVISION).json().get("deploymentId").asText();
      first.server.configDrift().drain();
    }
    callback.next();
    kube.serverShape(StatefulSet.class, NS, DB, "statefulset-server-fields.json");
    setReplicas(2);

    try (TestServer second = new TestServer(sqlite)) {
      var r = second.get("/v1/resources?namespace=" + NS + "&deploymentId=" + id).json();
      assertThat(r.get("total").asInt()).isEqualTo(1);
      assertThat(r.get("resources").get(0).get("driftDetails").toString())
          .contains("Replica count mismatch: desired=1, actual=2");
      second.postJson("/api/v1/config/reconcile", "");
      assertThat(second.get("/api/v1/config/remediations").json().get("count").asInt())
          .isEqualTo(1);
    }
    try (TestServer third = new TestServer(sqlite)) {
      assertThat(third.get("/api/v1/config/remediations").json().get("count").asInt()).isEqualTo(1);
      assertThat(third.server.storage().desiredState().ofDeployment(id)).hasSize(3);
    }
  }

  @Test
  void manyNamespacesAreListedAtOnceAndStillMatchedPerNamespace() throws Exception {
    StringBuilder yaml = new StringBuilder();
    for (int i = 0; i < 10; i++) {
      yaml.append("---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: ns-")
          .append(i)
          .append("}\ndata: {MODE: fast}\n");
    }
    assertThat(api.post("/api/v1/config/desired", "application/yaml", yaml.toString()).status())
        .isEqualTo(201);
    for (int i = 0; i < 10; i++) {
      if (i == 3) continue; // missing
      kube.client
          .configMaps()
          .inNamespace("ns-" + i)
          .resource(
              new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                  .withNewMetadata()
                  .withName("settings")
                  .withNamespace("ns-" + i)
                  .endMetadata()
                  .addToData("MODE", i == 7 ? "slow" : "fast")
                  .build())
          .create();
    }
    // same name in a namespace nothing is desired in: not read as anyone's live object
    kube.client
        .configMaps()
        .inNamespace("elsewhere")
        .resource(
            new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                .withNewMetadata()
                .withName("settings")
                .withNamespace("elsewhere")
                .endMetadata()
                .build())
        .create();

    var pass = api.postJson("/api/v1/config/reconcile", "").json();

    assertThat(pass.get("objects").asInt()).isEqualTo(10);
    assertThat(pass.get("missing").asInt()).isEqualTo(1);
    assertThat(pass.get("drifted").asInt()).isEqualTo(2);
    assertThat(configEvents())
        .extracting(DriftEvent::namespace)
        .containsExactlyInAnyOrder("ns-3", "ns-7");
  }

  @Test
  void kubeconfigFileGivesServerAndCredentials(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    var kubeconfig =
        java.nio.file.Files.writeString(
            dir.resolve("config"),
            """
            apiVersion: v1
            kind: Config
            clusters:
              - name: mock
                cluster: {server: "%s"}
            contexts:
              - name: mock
                context: {cluster: mock, user: tester}
            current-context: mock
            users:
              - name: tester
                user: {token: kubeconfig-token}
            """
                .formatted(kube.url()));
    Map<String, String> s = settings(Map.of("kubernetes.kubeconfig", kubeconfig.toString()));
    s.remove("kubernetes.master_url");
    try (TestServer viaFile = new TestServer(s)) {
      viaFile.post(
          "/api/v1/config/desired",
          "application/yaml",
          "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: team-platform}\n");

      var pass = viaFile.postJson("/api/v1/config/reconcile", "");

      assertThat(pass.status()).isEqualTo(200);
      assertThat(pass.json().get("missing").asInt()).isEqualTo(1);
      assertThat(kube.server.getLastRequest().getHeader("Authorization"))
          .isEqualTo("Bearer kubeconfig-token");
    }
  }

  @Test
  void unreachableApiServerIsA503NotAFailure() throws Exception {
    int closedPort;
    try (var socket = new java.net.ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Map<String, String> s =
        settings(Map.of("kubernetes.master_url", "http://127.0.0.1:" + closedPort));
    try (TestServer offline = new TestServer(s)) {
      var accepted = offline.postJson("/v1/provision", PROVISION);
      assertThat(accepted.status()).isEqualTo(202);
      offline.server.configDrift().drain();
      String id = accepted.json().get("deploymentId").asText();
      assertThat(offline.server.storage().desiredState().provision(id).orElseThrow().phase())
          .as("kept for the next pass to create")
          .isEqualTo("Pending");

      var state = offline.get("/v1/resources?namespace=" + NS);
      var pass = offline.postJson("/api/v1/config/reconcile", "");

      assertThat(state.status()).isEqualTo(503);
      assertThat(state.json().get("message").asText()).startsWith("Kubernetes API unavailable");
      assertThat(pass.status()).isEqualTo(503);
    }
  }

  @Test
  void jsonManifestsRegisterAndSecretValuesAreNeverEchoed() {
    var reply =
        api.postJson(
            "/api/v1/config/desired?namespace=team-platform",
            """
            [{"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "api-key"},
              "stringData": {"token": "s3cr3t-value"}},
             {"apiVersion": "apps/v1", "kind": "Deployment",
              "metadata": {"name": "web", "namespace": "team-web"},
              "spec": {"replicas": 2}}]""");
    assertThat(reply.status()).isEqualTo(201);
    assertThat(reply.json().get("objects").toString())
        .contains("Secret team-platform/api-key")
        .contains("apps/Deployment team-web/web");
    kube.client
        .secrets()
        .inNamespace(NS)
        .resource(
            new io.fabric8.kubernetes.api.model.SecretBuilder()
                .withNewMetadata()
                .withName("api-key")
                .withNamespace(NS)
                .endMetadata()
                .addToData(
                    "token", java.util.Base64.getEncoder().encodeToString("other".getBytes()))
                .build())
        .create();

    String listed = api.get("/api/v1/config/desired").text();
    String state = api.get("/v1/resources?namespace=team-platform&resourceType=secret").text();
    api.postJson("/api/v1/config/reconcile", "");
    String audit = api.get("/api/v1/config/remediations").text();

    assertThat(listed).contains("<hidden>").doesNotContain("s3cr3t-value");
    assertThat(state)
        .contains("driftDetected\":true")
        .contains("<secret:")
        .doesNotContain("s3cr3t-value")
        .doesNotContain("other");
    assertThat(audit).contains("<secret:").doesNotContain("s3cr3t-value");
  }

  @Test
  void differRulesFileIgnoresFieldsLikeArgoCd(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    var rules =
        java.nio.file.Files.writeString(
            dir.resolve("rules.yaml"),
            """
            ignoreDifferences:
              - group: apps
                kind: StatefulSet
                jsonPointers: [/spec/replicas]
            """);
    api.close();
    api = new TestServer(settings(Map.of("configdrift.diff_rules_file", rules.toString())));
    provisionRunningDatabase();
    setReplicas(3);

    assertThat(resource().get("driftDetected").asBoolean()).isFalse();
    api.postJson("/api/v1/config/reconcile", "");
    assertThat(configEvents()).isEmpty();
  }
}
