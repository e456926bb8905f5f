package io.driftline.server.configdrift;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftline.drift.DriftCategory;
import io.driftline.drift.DriftEvent;
import io.driftline.server.TestServer;
import io.driftline.storage.DriftEventQuery;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A server talking to fabric8's mock API server (loaded with objects in the real API's shape) and a
 * real callback receiver, with the seed's database at hand.
 */
abstract class ConfigDriftTestBase {
  static final String NS = "team-platform";
  static final String DB = "postgres-app-db";
  static final String PROVISION =
      """
      {"resourceType": "database", "engine": "postgresql", "version": "15", "size": "medium",
       "replicas": 1, "namespace": "team-platform", "name": "postgres-app-db"}""";

  /** Settings a test class adds to the defaults. */
  Map<String, String> extraSettings() {
    return Map.of();
  }

  KubeMock kube;
  CallbackReceiver callback;
  TestServer api;

  @BeforeEach
  void start() {
    kube = new KubeMock();
    callback = new CallbackReceiver();
    api = new TestServer(settings(extraSettings()));
  }

  Map<String, String> settings(Map<String, String> extra) {
    Map<String, String> s = new HashMap<>();
    s.put("kubernetes.master_url", kube.url());
    s.put("configdrift.callback_url", callback.url());
    s.put("configdrift.callback_backoff", "10ms");
    s.putAll(extra);
    return s;
  }

  @AfterEach
  void stop() {
    api.close();
    callback.close();
    kube.close();
  }

  /** Provisions the seed's database and makes the cluster hold it as a real one would. */
  String provisionRunningDatabase() throws InterruptedException {
    var reply = api.postJson("/v1/provision", PROVISION);
    assertThat(reply.status()).isEqualTo(202);
    api.server.configDrift().drain();
    kube.serverShape(StatefulSet.class, NS, DB, "statefulset-server-fields.json");
    kube.serverShape(Service.class, NS, DB, "service-server-fields.json");
    kube.load(Pod.class, "pod-ready.json");
    kube.load(PersistentVolumeClaim.class, "pvc-bound.json");
    assertThat(callback.next().get("status").asText()).isEqualTo("Provisioning");
    return reply.json().get("deploymentId").asText();
  }

  void setImage(String image) {
    Map<String, Object> sts = kube.tree(StatefulSet.class, NS, DB);
    @SuppressWarnings("unchecked")
    var containers =
        (List<Map<String, Object>>) KubeMock.at(sts, "spec", "template", "spec").get("containers");
    containers.get(0).put("image", image);
    kube.replace(StatefulSet.class, sts);
  }

  void setReplicas(int n) {
    Map<String, Object> sts = kube.tree(StatefulSet.class, NS, DB);
    KubeMock.at(sts, "spec").put("replicas", n);
    kube.replace(StatefulSet.class, sts);
  }

  JsonNode resource() {
    var reply = api.get("/v1/resources?namespace=" + NS + "&resourceType=database");
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().get("total").asInt()).isEqualTo(1);
    return reply.json().get("resources").get(0);
  }

  List<DriftEvent> configEvents() {
    return api.server.storage().driftEvents().find(DriftEventQuery.all(100)).stream()
        .filter(e -> e.category() == DriftCategory.CONFIG_DRIFT)
        .toList();
  }

  List<Event> kubeEvents(String reason) {
    return kube.client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> e.getReason().equals(reason))
        .toList();
  }
}
