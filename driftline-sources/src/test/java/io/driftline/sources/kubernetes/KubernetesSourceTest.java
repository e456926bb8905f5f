package io.driftline.sources.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.driftline.capacity.CapacitySnapshot;
import io.driftline.capacity.NodeGroup;
import io.driftline.change.ConfigChange;
import io.driftline.sources.PullRequest;
import io.driftline.sources.SourceBatch;
import io.driftline.sources.SourceException;
import io.driftline.workload.PodMetric;
import io.driftline.workload.PodSignal;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The source against fabric8's mock API server answering with API objects in the real API's JSON
 * shape (test resources under {@code kubernetes/}), errors as the API server's {@code Status}.
 */
class KubernetesSourceTest {
  static final Instant NOW = Instant.parse("2024-01-15T10:00:30Z");
  static final String NODE_CONTINUE =
      "eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6ODgxMjMxLCJzdGFydCI6ImlwLTEwLTAtMi0yMFx1MDAwMCJ9";
  static final double MI = 1024 * 1024;
  static final double GI = 1024 * MI;

  /** The mock server logs every request at INFO through java.util.logging; kept for the level. */
  static final java.util.logging.Logger MOCK_LOG = quiet("io.fabric8.mockwebserver");

  static java.util.logging.Logger quiet(String name) {
    var logger = java.util.logging.Logger.getLogger(name);
    logger.setLevel(java.util.logging.Level.WARNING);
    return logger;
  }

  private KubernetesMockServer server;
  private KubernetesClient client;
  private KubernetesSourceSettings settings;

  @BeforeEach
  void start() {
    server = new KubernetesMockServer(false);
    server.init();
    settings = KubernetesSourceSettings.off().withPageSize(2).withRetries(1, Duration.ofMillis(1));
    client = clientFor(server, settings);
  }

  @AfterEach
  void stop() {
    client.close();
    server.destroy();
  }

  static KubernetesClient clientFor(KubernetesMockServer server, KubernetesSourceSettings s) {
    var base = server.createClient();
    var config = KubernetesClients.tuned(base.getConfiguration(), s);
    base.close();
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  private KubernetesSource source() {
    return source(settings);
  }

  private KubernetesSource source(KubernetesSourceSettings s) {
    return new KubernetesSource(client, client, s, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  static PullRequest request(String... namespaces) {
    return new PullRequest(
        "prod-us-east-1",
        Instant.parse("2024-01-15T09:00:00Z"),
        Instant.parse("2024-01-15T10:00:00Z"),
        List.of(namespaces));
  }

  private void answer(String path, int status, String resource) {
    server.expect().get().withPath(path).andReturn(status, read(resource)).once();
  }

  static String read(String resource) {
    try (InputStream in =
        KubernetesSourceTest.class.getResourceAsStream("/kubernetes/" + resource)) {
      if (in == null) throw new IllegalArgumentException("no test resource " + resource);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The cluster as the fixtures describe it; {@code version} picks Deployments and HPAs. */
  private void cluster(int version) {
    answer("/api/v1/pods?limit=2", 200, "pods.json");
    answer("/apis/metrics.k8s.io/v1beta1/pods?limit=2", 200, "podmetrics.json");
    answer("/apis/apps/v1/replicasets?limit=2", 200, "replicasets.json");
    answer("/api/v1/nodes?limit=2", 200, "nodes-page1.json");
    answer("/api/v1/nodes?continue=" + NODE_CONTINUE + "&limit=2", 200, "nodes-page2.json");
    answer("/apis/metrics.k8s.io/v1beta1/nodes?limit=2", 200, "nodemetrics.json");
    answer(
        "/apis/autoscaling/v2/horizontalpodautoscalers?limit=2", 200, "hpas-v" + version + ".json");
    answer("/apis/apps/v1/deployments?limit=2", 200, "deployments-v" + version + ".json");
  }

  static Map<String, PodMetric> byPod(SourceBatch batch) {
    return batch.podMetrics().stream()
        .collect(Collectors.toMap(PodMetric::podName, Function.identity()));
  }

  static Map<String, NodeGroup> byGroup(CapacitySnapshot snapshot) {
    return snapshot.nodeGroups().stream()
        .collect(Collectors.toMap(NodeGroup::name, Function.identity()));
  }

  @Test
  void podsBecomeRowsWithEffectiveRequestsLimitsUsageAndTheirWorkload() throws Exception {
    cluster(1);
    SourceBatch batch = source().pull(request());

    Map<String, PodMetric> pods = byPod(batch);
    assertThat(pods.keySet())
        .containsExactlyInAnyOrder(
            "payment-api-7d9f8b6c5-x2x4k",
            "payment-api-7d9f8b6c5-q8w2z",
            "orders-db-0",
            "fluent-bit-7xk2p",
            "debug-shell",
            "legacy-web-5f6d7c8b9-zz9kq");
    PodMetric payment = pods.get("payment-api-7d9f8b6c5-x2x4k");
    assertThat(payment.clusterId()).isEqualTo("prod-us-east-1");
    assertThat(payment.namespace()).isEqualTo("production");
    assertThat(payment.workloadName()).isEqualTo("payment-api");
    assertThat(payment.epochMillis()).isEqualTo(NOW.toEpochMilli());
    assertThat(payment.container()).isEmpty();
    // the init container's 1 CPU exceeds the app containers' 0.6: the scheduler reserves 1
    assertThat(payment.value(PodSignal.CPU_REQUEST_CORES)).contains(1.0);
    assertThat(payment.value(PodSignal.MEMORY_REQUEST_BYTES)).contains(576 * MI);
    assertThat(payment.value(PodSignal.CPU_LIMIT_CORES).orElseThrow()).isCloseTo(1.2, within(1e-9));
    assertThat(payment.value(PodSignal.MEMORY_LIMIT_BYTES)).contains(1152 * MI);
    // usage: 412500000n + 37500u cores, 350Mi + 48Mi
    assertThat(payment.value(PodSignal.CPU_CORES).orElseThrow()).isCloseTo(0.45, within(1e-9));
    assertThat(payment.value(PodSignal.MEMORY_BYTES)).contains(398 * MI);
    assertThat(payment.labels())
        .containsEntry("app", "payment-api")
        .containsEntry(PodRows.PHASE, "Running")
        .containsEntry(PodRows.NODE, "ip-10-0-1-10.ec2.internal")
        .containsEntry(PodRows.RESTARTS, "4")
        .containsEntry(PodRows.OOM_KILLED, "1");

    PodMetric fresh = pods.get("payment-api-7d9f8b6c5-q8w2z");
    assertThat(fresh.value(PodSignal.CPU_CORES)).as("no metrics yet for a new pod").isEmpty();
    assertThat(fresh.labels()).containsEntry(PodRows.OOM_KILLED, "0");

    assertThat(pods.get("orders-db-0").workloadName()).isEqualTo("orders-db");
    assertThat(pods.get("orders-db-0").value(PodSignal.CPU_LIMIT_CORES)).isEmpty();
    assertThat(pods.get("orders-db-0").value(PodSignal.MEMORY_BYTES)).contains(2 * GI);
    PodMetric fluentBit = pods.get("fluent-bit-7xk2p");
    assertThat(fluentBit.workloadName()).isEqualTo("fluent-bit");
    assertThat(fluentBit.value(PodSignal.CPU_LIMIT_CORES)).isEmpty();
    assertThat(fluentBit.value(PodSignal.MEMORY_LIMIT_BYTES)).contains(200 * MI);
    assertThat(pods.get("debug-shell").workloadName()).isEqualTo("debug-shell");
    assertThat(pods.get("debug-shell").value(PodSignal.CPU_REQUEST_CORES)).contains(0.0);
    PodMetric pending = pods.get("legacy-web-5f6d7c8b9-zz9kq");
    assertThat(pending.workloadName())
        .as("ReplicaSet not listed: the Deployment is its name minus pod-template-hash")
        .isEqualTo("legacy-web");
    assertThat(pending.labels()).containsEntry(PodRows.PHASE, "Pending");
    assertThat(pending.labels()).doesNotContainKey(PodRows.NODE);
  }

  @Test
  void namespacesOfTheRequestFilterRowsButCapacityCountsEveryPod() throws Exception {
    cluster(1);
    SourceBatch batch = source().pull(request("production"));

    assertThat(byPod(batch).keySet())
        .containsExactlyInAnyOrder(
            "payment-api-7d9f8b6c5-x2x4k", "payment-api-7d9f8b6c5-q8w2z", "orders-db-0");
    NodeGroup general = byGroup(batch.capacity().get(0)).get("general");
    assertThat(general.requestedCpuCores())
        .as("fluent-bit in kube-system counts")
        .isCloseTo(2.05, within(1e-9));
  }

  @Test
  void nodesOfAllPagesBecomeOneSnapshotGroupedByNodeGroup() throws Exception {
    cluster(1);
    SourceBatch batch = source().pull(request());

    assertThat(batch.capacity()).hasSize(1);
    CapacitySnapshot snapshot = batch.capacity().get(0);
    assertThat(snapshot.clusterId()).isEqualTo("prod-us-east-1");
    assertThat(snapshot.epochMillis()).isEqualTo(NOW.toEpochMilli());
    Map<String, NodeGroup> groups = byGroup(snapshot);
    assertThat(groups.keySet()).containsExactlyInAnyOrder("general", "r5.2xlarge");

    NodeGroup general = groups.get("general");
    assertThat(general.instanceType()).isEqualTo("m5.xlarge");
    assertThat(general.count()).as("the NotReady node is not capacity").isEqualTo(2);
    assertThat(general.allocatableCpuCores()).isCloseTo(7.84, within(1e-9));
    assertThat(general.allocatableMemoryBytes()).isEqualTo(2 * 15136624 * 1024.0);
    // payment-api (1 + 1 CPU, 576Mi each), fluent-bit (50m, 50Mi), debug-shell (nothing)
    assertThat(general.requestedCpuCores()).isCloseTo(2.05, within(1e-9));
    assertThat(general.requestedMemoryBytes()).isEqualTo(1202 * MI);
    assertThat(general.usedCpuCores()).isCloseTo(2.0, within(1e-9));
    assertThat(general.usedMemoryBytes()).isEqualTo(10 * GI);
    assertThat(general.pods()).hasValue(4);

    NodeGroup memory = groups.get("r5.2xlarge");
    assertThat(memory.instanceType())
        .as("beta label, no node group label: grouped by instance type")
        .isEqualTo("r5.2xlarge");
    assertThat(memory.count()).isEqualTo(1);
    assertThat(memory.allocatableCpuCores()).isCloseTo(7.91, within(1e-9));
    assertThat(memory.allocatableMemoryBytes()).isEqualTo(63424 * MI);
    assertThat(memory.requestedMemoryBytes()).isEqualTo(2 * GI);
    assertThat(memory.usedMemoryBytes()).isEqualTo(32 * GI);

    assertThat(batch.warnings())
        .anySatisfy(w -> assertThat(w).contains("ip-10-0-4-40.ec2.internal", "not Ready"));
  }

  @Test
  void aConfiguredNodeGroupLabelNamesGroupsAndEksLabelIsTheFallback() throws Exception {
    cluster(1);
    SourceBatch batch =
        source(settings.withNodeGroupLabel("karpenter.sh/nodepool")).pull(request());

    assertThat(byGroup(batch.capacity().get(0)).keySet())
        .containsExactlyInAnyOrder("general", "memory");
  }

  @Test
  void firstObservationIsTheBaselineAndLaterChangesBecomeConfigHistory() throws Exception {
    KubernetesSource source = source();
    cluster(1);
    assertThat(source.pull(request()).configChanges()).isEmpty();

    cluster(2);
    List<ConfigChange> changes = source.pull(request()).configChanges();

    Map<String, ConfigChange> byType =
        changes.stream()
            .collect(
                Collectors.toMap(
                    c -> c.workloadName() + ":" + c.changeType(), Function.identity()));
    assertThat(byType.keySet())
        .as("payment-api's replicas are the HPA's; checkout's 0.5 CPU is 500m")
        .containsExactlyInAnyOrder("payment-api:image", "payment-api:hpa", "checkout:replicas");

    ConfigChange image = byType.get("payment-api:image");
    assertThat(image.clusterId()).isEqualTo("prod-us-east-1");
    assertThat(image.namespace()).isEqualTo("production");
    assertThat(image.before())
        .isEqualTo("{\"images\":{\"app\":\"payment:1.4\",\"envoy\":\"envoyproxy/envoy:v1.29.1\"}}");
    assertThat(image.after())
        .isEqualTo("{\"images\":{\"app\":\"payment:1.5\",\"envoy\":\"envoyproxy/envoy:v1.29.1\"}}");
    assertThat(image.changedBy()).isEqualTo("kubectl-client-side-apply");
    assertThat(Instant.ofEpochMilli(image.changedAtMillis()))
        .isEqualTo(Instant.parse("2024-01-15T09:55:00Z"));

    ConfigChange hpa = byType.get("payment-api:hpa");
    assertThat(hpa.before()).contains("\"max_replicas\":10", "\"min_replicas\":2");
    assertThat(hpa.after()).contains("\"max_replicas\":15", "\"averageUtilization\":70");
    assertThat(hpa.changedBy()).isEqualTo("kubectl-edit");

    ConfigChange replicas = byType.get("checkout:replicas");
    assertThat(replicas.before()).isEqualTo("{\"replicas\":3}");
    assertThat(replicas.after()).isEqualTo("{\"replicas\":5}");
    assertThat(replicas.changedBy()).isEqualTo("argocd-controller");

    cluster(2);
    assertThat(source.pull(request()).configChanges())
        .as("an unchanged cluster gives no change")
        .isEmpty();
  }

  @Test
  void theSameChangeSeenBySeparateSourcesHasOneId() throws Exception {
    KubernetesSource first = source();
    KubernetesSource second = source();
    cluster(1);
    first.pull(request());
    cluster(1);
    second.pull(request());
    cluster(2);
    var a = first.pull(request()).configChanges();
    cluster(2);
    var b = second.pull(request()).configChanges();

    assertThat(a).isNotEmpty();
    assertThat(a.stream().map(ConfigChange::changeId))
        .containsExactlyInAnyOrderElementsOf(b.stream().map(ConfigChange::changeId).toList());
  }

  @Test
  void namespacesOutsideTheRequestMakeNoChanges() throws Exception {
    KubernetesSource source = source();
    cluster(1);
    source.pull(request("staging"));
    cluster(2);
    assertThat(source.pull(request("staging")).configChanges()).isEmpty();
  }

  @Test
  void absentMetricsApiLeavesPodsWithoutUsageAndReportsTheGap() throws Exception {
    answer("/api/v1/pods?limit=2", 200, "pods.json");
    answer("/apis/metrics.k8s.io/v1beta1/pods?limit=2", 404, "status-404.json");
    answer("/apis/apps/v1/replicasets?limit=2", 200, "replicasets.json");
    answer("/api/v1/nodes?limit=2", 200, "nodes-page1.json");
    answer("/api/v1/nodes?continue=" + NODE_CONTINUE + "&limit=2", 200, "nodes-page2.json");
    answer("/apis/metrics.k8s.io/v1beta1/nodes?limit=2", 404, "status-404.json");

    SourceBatch batch = source().pull(request());

    assertThat(batch.podMetrics()).hasSize(6);
    assertThat(batch.podMetrics())
        .allSatisfy(p -> assertThat(p.value(PodSignal.CPU_CORES)).isEmpty())
        .allSatisfy(p -> assertThat(p.value(PodSignal.CPU_REQUEST_CORES)).isPresent());
    assertThat(byGroup(batch.capacity().get(0)).get("general").usedCpuCores()).isZero();
    assertThat(batch.warnings())
        .anySatisfy(
            w ->
                assertThat(w)
                    .contains("metrics.k8s.io list pods: 404", "pods without cpu_cores")
                    .contains("metrics-server"))
        .anySatisfy(w -> assertThat(w).contains("metrics.k8s.io list nodes: 404"));
    assertThat(batch.warnings())
        .as("deployments and HPAs answered 404 here too, and are reported")
        .anySatisfy(w -> assertThat(w).startsWith("list deployments: 404"));
  }

  @Test
  void metricsApiThatStaysUnavailableIsRetriedThenReported() throws Exception {
    // one retry allowed: two 503s exhaust it, the 200 after them is never asked for
    answer("/api/v1/pods?limit=2", 200, "pods.json");
    answer("/apis/metrics.k8s.io/v1beta1/pods?limit=2", 503, "status-503-metrics.json");
    answer("/apis/metrics.k8s.io/v1beta1/pods?limit=2", 503, "status-503-metrics.json");
    answer("/apis/metrics.k8s.io/v1beta1/pods?limit=2", 200, "podmetrics.json");

    SourceBatch batch = source().pull(request());

    assertThat(batch.warnings())
        .anySatisfy(
            w ->
                assertThat(w)
                    .contains("503", "unable to handle the request", "pods without cpu_cores"));
    assertThat(batch.podMetrics()).hasSize(6);
  }

  @Test
  void aFailedCallIsRetried() throws Exception {
    answer("/api/v1/pods?limit=2", 503, "status-503-metrics.json");
    answer("/api/v1/pods?limit=2", 200, "pods.json");

    SourceBatch batch = source().pull(request());

    assertThat(batch.podMetrics()).hasSize(6);
  }

  @Test
  void forbiddenNodesLeaveRowsWithoutCapacityAndNameTheMissingRule() throws Exception {
    answer("/api/v1/pods?limit=2", 200, "pods.json");
    answer("/apis/metrics.k8s.io/v1beta1/pods?limit=2", 200, "podmetrics.json");
    answer("/api/v1/nodes?limit=2", 403, "status-403-nodes.json");

    SourceBatch batch = source().pull(request());

    assertThat(batch.podMetrics()).hasSize(6);
    assertThat(batch.capacity()).isEmpty();
    assertThat(batch.warnings())
        .anySatisfy(
            w ->
                assertThat(w)
                    .startsWith("list nodes: 403 nodes is forbidden")
                    .contains("cannot list resource \"nodes\"", "RBAC"));
  }

  @Test
  void forbiddenPodsFailThePullWithTheApiServersReason() {
    answer("/api/v1/pods?limit=2", 403, "status-403-pods.json");

    assertThatThrownBy(() -> source().pull(request()))
        .isInstanceOf(SourceException.class)
        .hasMessageStartingWith("eks: list pods: 403 pods is forbidden")
        .satisfies(e -> assertThat(((SourceException) e).status()).hasValue(403));
  }

  @Test
  void withOnlyNamespacedRightsTheRequestedNamespacesAreReadOneByOne() throws Exception {
    answer("/api/v1/pods?limit=2", 403, "status-403-pods.json");
    answer("/api/v1/namespaces/production/pods?limit=2", 200, "pods-production.json");

    SourceBatch batch = source().pull(request("production"));

    assertThat(byPod(batch).keySet())
        .containsExactlyInAnyOrder(
            "payment-api-7d9f8b6c5-x2x4k", "payment-api-7d9f8b6c5-q8w2z", "orders-db-0");
    assertThat(batch.warnings())
        .anySatisfy(
            w ->
                assertThat(w)
                    .startsWith("list pods: 403 pods is forbidden")
                    .endsWith("read the namespaces [production] one by one"));
  }

  @Test
  void anUnreachableApiServerFailsThePull() {
    String url = client.getConfiguration().getMasterUrl();
    server.destroy();
    try (KubernetesClient gone = clientFor(server, settings)) {
      var source = new KubernetesSource(gone, gone, settings, Clock.fixed(NOW, ZoneOffset.UTC));
      assertThatThrownBy(() -> source.pull(request()))
          .isInstanceOf(SourceException.class)
          .hasMessageStartingWith("eks: list pods: no answer")
          .satisfies(e -> assertThat(((SourceException) e).status()).isEmpty());
    }
    assertThat(url).startsWith("http");
  }

  @Test
  void metricsCanComeFromAnotherEndpoint() throws Exception {
    KubernetesMockServer metricsServer = new KubernetesMockServer(false);
    metricsServer.init();
    try (KubernetesClient metrics = clientFor(metricsServer, settings)) {
      answer("/api/v1/pods?limit=2", 200, "pods.json");
      metricsServer
          .expect()
          .get()
          .withPath("/apis/metrics.k8s.io/v1beta1/pods?limit=2")
          .andReturn(200, read("podmetrics.json"))
          .once();
      var source =
          new KubernetesSource(client, metrics, settings, Clock.fixed(NOW, ZoneOffset.UTC));

      SourceBatch batch = source.pull(request("production"));

      assertThat(byPod(batch).get("orders-db-0").value(PodSignal.CPU_CORES)).contains(1.0);
    } finally {
      metricsServer.destroy();
    }
  }
}
