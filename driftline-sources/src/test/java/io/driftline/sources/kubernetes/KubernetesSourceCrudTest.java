package io.driftline.sources.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.change.ConfigChange;
import io.driftline.sources.SourceBatch;
import io.driftline.workload.PodSignal;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetricsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The source against fabric8's mock server in CRUD mode: objects are created and edited through the
 * API, as a cluster's users and controllers would, and each pull sees the cluster as it is.
 */
class KubernetesSourceCrudTest {
  static final java.util.logging.Logger MOCK_LOG =
      KubernetesSourceTest.quiet("io.fabric8.mockwebserver");

  private KubernetesMockServer server;
  private KubernetesClient client;
  private KubernetesSource source;

  @BeforeEach
  void start() {
    server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(),
            false);
    server.init();
    var settings = KubernetesSourceSettings.off().withRetries(0, Duration.ofMillis(1));
    client = KubernetesSourceTest.clientFor(server, settings);
    source =
        new KubernetesSource(
            client, client, settings, Clock.fixed(KubernetesSourceTest.NOW, ZoneOffset.UTC));
  }

  @AfterEach
  void stop() {
    client.close();
    server.destroy();
  }

  @Test
  void anImageEditedThroughTheApiBecomesAChangeOnTheNextPull() throws Exception {
    client
        .apps()
        .deployments()
        .inNamespace("production")
        .resource(SpecTrackerTest.deployment("1", "250m", "512Mi"))
        .create();
    client
        .nodes()
        .resource(
            new NodeBuilder()
                .withNewMetadata()
                .withName("ip-10-0-9-9.ec2.internal")
                .withLabels(
                    Map.of(
                        "node.kubernetes.io/instance-type", "c6i.large",
                        "eks.amazonaws.com/nodegroup", "compute"))
                .endMetadata()
                .withNewStatus()
                .withAllocatable(
                    Map.of("cpu", new Quantity("1930m"), "memory", new Quantity("3Gi")))
                .addNewCondition()
                .withType("Ready")
                .withStatus("True")
                .endCondition()
                .endStatus()
                .build())
        .create();
    client
        .pods()
        .inNamespace("production")
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName("checkout-0")
                .endMetadata()
                .withNewSpec()
                .withNodeName("ip-10-0-9-9.ec2.internal")
                .addNewContainer()
                .withName("app")
                .withImage("checkout:2.3.0")
                .withNewResources()
                .withRequests(Map.of("cpu", new Quantity("250m")))
                .endResources()
                .endContainer()
                .endSpec()
                .withNewStatus()
                .withPhase("Running")
                .endStatus()
                .build())
        .create();

    client
        .resources(PodMetrics.class)
        .inNamespace("production")
        .resource(
            new PodMetricsBuilder()
                .withNewMetadata()
                .withName("checkout-0")
                .endMetadata()
                .withTimestamp("2024-01-15T10:00:00Z")
                .addNewContainer()
                .withName("app")
                .withUsage(Map.of("cpu", new Quantity("125m"), "memory", new Quantity("300Mi")))
                .endContainer()
                .build())
        .create();

    SourceBatch first = source.pull(KubernetesSourceTest.request("production"));
    assertThat(first.configChanges()).isEmpty();
    assertThat(first.podMetrics())
        .singleElement()
        .satisfies(p -> assertThat(p.value(PodSignal.CPU_REQUEST_CORES)).contains(0.25));
    assertThat(first.capacity().get(0).nodeGroups())
        .singleElement()
        .satisfies(
            g -> {
              assertThat(g.name()).isEqualTo("compute");
              assertThat(g.requestedCpuCores()).isEqualTo(0.25);
            });
    assertThat(first.podMetrics().get(0).value(PodSignal.CPU_CORES)).contains(0.125);

    Deployment live =
        client.apps().deployments().inNamespace("production").withName("checkout").get();
    live.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("checkout:2.4.0");
    client.apps().deployments().inNamespace("production").resource(live).update();

    List<ConfigChange> changes =
        source.pull(KubernetesSourceTest.request("production")).configChanges();
    assertThat(changes)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.changeType()).isEqualTo("image");
              assertThat(c.workloadName()).isEqualTo("checkout");
              assertThat(c.before()).isEqualTo("{\"images\":{\"app\":\"checkout:2.3.0\"}}");
              assertThat(c.after()).isEqualTo("{\"images\":{\"app\":\"checkout:2.4.0\"}}");
            });

    client.apps().deployments().inNamespace("production").withName("checkout").delete();
    assertThat(source.pull(KubernetesSourceTest.request("production")).configChanges()).isEmpty();
  }
}
