package io.driftline.sources.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.change.ConfigChange;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SpecTrackerTest {
  static final long NOW = 1_705_312_830_000L;

  static Deployment deployment(String rv, String cpu, String memoryLimit) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName("checkout")
        .withNamespace("production")
        .withResourceVersion(rv)
        .endMetadata()
        .withNewSpec()
        .withReplicas(3)
        .withNewTemplate()
        .withNewSpec()
        .addNewContainer()
        .withName("app")
        .withImage("checkout:2.3.0")
        .withNewResources()
        .withRequests(Map.of("cpu", new Quantity(cpu)))
        .withLimits(Map.of("memory", new Quantity(memoryLimit)))
        .endResources()
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private static List<ConfigChange> observe(SpecTracker tracker, Deployment d) {
    return tracker.observe("c1", TrackedSpecs.of(d, false, NOW));
  }

  @Test
  void aResourceChangeByValueIsReportedAsWritten() {
    SpecTracker tracker = new SpecTracker();
    assertThat(observe(tracker, deployment("1", "0.5", "1Gi"))).isEmpty();
    assertThat(observe(tracker, deployment("2", "500m", "1024Mi"))).isEmpty();

    List<ConfigChange> changes = observe(tracker, deployment("3", "750m", "1024Mi"));

    assertThat(changes)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.changeType()).isEqualTo("resources");
              assertThat(c.before())
                  .isEqualTo(
                      "{\"resources\":{\"app\":{\"limits\":{\"memory\":\"1024Mi\"},"
                          + "\"requests\":{\"cpu\":\"500m\"}}}}");
              assertThat(c.after()).contains("\"cpu\":\"750m\"");
              assertThat(c.changedBy()).isEqualTo("unknown");
              assertThat(c.changedAtMillis()).isEqualTo(NOW);
            });
  }

  @Test
  void aDeletedObjectCreatedAgainStartsFromANewBaseline() {
    SpecTracker tracker = new SpecTracker();
    observe(tracker, deployment("1", "0.5", "1Gi"));
    tracker.retain("c1", TrackedSpecs.DEPLOYMENT, ns -> true, Set.of());
    assertThat(tracker.size()).isZero();

    assertThat(observe(tracker, deployment("9", "2", "4Gi"))).isEmpty();
  }

  @Test
  void objectsOutsideThePulledNamespacesAreKept() {
    SpecTracker tracker = new SpecTracker();
    observe(tracker, deployment("1", "0.5", "1Gi"));
    tracker.retain("c1", TrackedSpecs.DEPLOYMENT, "staging"::equals, Set.of());

    assertThat(observe(tracker, deployment("2", "1", "1Gi"))).hasSize(1);
  }

  @Test
  void clustersAreTrackedApart() {
    SpecTracker tracker = new SpecTracker();
    observe(tracker, deployment("1", "0.5", "1Gi"));
    assertThat(tracker.observe("c2", TrackedSpecs.of(deployment("2", "1", "1Gi"), false, NOW)))
        .isEmpty();
  }
}
