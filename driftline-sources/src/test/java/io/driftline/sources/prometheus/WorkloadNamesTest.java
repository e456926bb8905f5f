package io.driftline.sources.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WorkloadNamesTest {
  @Test
  void deploymentDaemonSetAndStatefulSetPodsNameTheirWorkload() {
    assertThat(WorkloadNames.fromPod("checkout-7d9f8b6c5d-x2k4p")).isEqualTo("checkout");
    assertThat(WorkloadNames.fromPod("payment-api-5c8d7f9b4-qz7wn")).isEqualTo("payment-api");
    assertThat(WorkloadNames.fromPod("fluent-bit-7xk2p")).isEqualTo("fluent-bit");
    assertThat(WorkloadNames.fromPod("postgres-12")).isEqualTo("postgres");
  }

  @Test
  void namesWithoutAGeneratedSuffixAreTheirOwnWorkload() {
    assertThat(WorkloadNames.fromPod("standalone")).isEqualTo("standalone");
    // "-api" and "-cache" hold vowels, which generated suffixes never do
    assertThat(WorkloadNames.fromPod("orders-cache")).isEqualTo("orders-cache");
  }
}
