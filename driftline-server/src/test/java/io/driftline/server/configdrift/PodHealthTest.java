package io.driftline.server.configdrift;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class PodHealthTest {
  static Pod pod(String name, boolean ready, int restarts, String waiting) {
    var b =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .endMetadata()
            .withNewStatus()
            .addNewCondition()
            .withType("Ready")
            .withStatus(ready ? "True" : "False")
            .endCondition()
            .addNewContainerStatus()
            .withName("postgresql")
            .withReady(ready)
            .withRestartCount(restarts)
            .withNewState();
    var state =
        waiting == null
            ? b.withNewRunning().endRunning()
            : b.withNewWaiting().withReason(waiting).endWaiting();
    return state.endState().endContainerStatus().endStatus().build();
  }

  @Test
  void allReadyWithoutRestartsIsHealthy() {
    var h = PodHealth.assess(List.of(pod("db-0", true, 0, null)), 1, 3, "database");
    assertThat(h.status()).isEqualTo("Healthy");
    assertThat(h.message()).isEqualTo("Database is running and healthy");
  }

  @Test
  void fewerReadyThanWantedOrManyRestartsIsDegraded() {
    var partly =
        PodHealth.assess(
            List.of(pod("db-0", true, 0, null), pod("db-1", false, 0, null)), 2, 3, "database");
    assertThat(partly.status()).isEqualTo("Degraded");
    assertThat(partly.message()).isEqualTo("1 of 2 replicas ready");
    var restarting = PodHealth.assess(List.of(pod("db-0", true, 4, null)), 1, 3, "database");
    assertThat(restarting.status()).isEqualTo("Degraded");
    assertThat(restarting.message()).contains("db-0/postgresql restarted 4 times");
  }

  @Test
  void crashLoopOrNothingReadyIsUnhealthy() {
    var crash =
        PodHealth.assess(
            List.of(pod("db-0", true, 0, null), pod("db-1", false, 7, "CrashLoopBackOff")),
            2,
            3,
            "database");
    assertThat(crash.status()).isEqualTo("Unhealthy");
    assertThat(crash.message()).contains("db-1/postgresql CrashLoopBackOff");
    assertThat(PodHealth.assess(List.of(), 1, 3, "cache").status()).isEqualTo("Unhealthy");
  }
}
