package io.driftline.sources.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftline.workload.PodMetric;
import io.driftline.workload.PodSignal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodSignalRulesTest {
  private static final PodSignalRules RULES =
      PodSignalRules.parse(
          "container_memory_working_set_bytes=memory_bytes,"
              + " kube_pod_container_resource_requests{resource=cpu}=cpu_request_cores",
          "lab");

  private static RemoteWriteDecoder.Series series(Map<String, String> labels, double value) {
    return new RemoteWriteDecoder.Series(labels, new long[] {1000}, new double[] {value});
  }

  @Test
  void seriesOfOneContainerAndTimeBecomeOneRowWithEverySignalMatched() {
    Map<String, String> pod =
        Map.of("namespace", "shop", "pod", "checkout-7d9f8b6c5d-x2k4p", "container", "app");
    List<PodMetric> rows =
        RULES.podMetrics(
            List.of(
                series(with(pod, "__name__", "container_memory_working_set_bytes"), 5e8),
                series(
                    with(
                        with(pod, "__name__", "kube_pod_container_resource_requests"),
                        "resource",
                        "cpu"),
                    0.5),
                series(
                    with(
                        with(pod, "__name__", "kube_pod_container_resource_requests"),
                        "resource",
                        "memory"),
                    1e9),
                series(
                    Map.of("__name__", "container_memory_working_set_bytes", "namespace", "shop"),
                    1)));

    assertThat(rows)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.clusterId()).isEqualTo("lab");
              assertThat(r.workloadName()).isEqualTo("checkout");
              assertThat(r.container()).contains("app");
              assertThat(r.epochMillis()).isEqualTo(1000);
              assertThat(r.values())
                  .containsExactlyInAnyOrderEntriesOf(
                      Map.of(PodSignal.MEMORY_BYTES, 5e8, PodSignal.CPU_REQUEST_CORES, 0.5));
            });
  }

  @Test
  void clusterAndWorkloadLabelsWinOverTheDefaults() {
    List<PodMetric> rows =
        RULES.podMetrics(
            List.of(
                series(
                    Map.of(
                        "__name__", "container_memory_working_set_bytes",
                        "namespace", "shop",
                        "pod", "db-0",
                        "cluster", "eu-1",
                        "workload", "postgres"),
                    1)));

    assertThat(rows.getFirst().clusterId()).isEqualTo("eu-1");
    assertThat(rows.getFirst().workloadName()).isEqualTo("postgres");
    assertThat(rows.getFirst().container()).isEmpty();
  }

  @Test
  void aBadRuleIsRefusedNamingIt() {
    assertThatThrownBy(() -> PodSignalRules.parse("up=liveness", "c"))
        .hasMessageContaining("'up=liveness' names no pod signal: liveness");
    assertThatThrownBy(() -> PodSignalRules.parse("up{job}=cpu_cores", "c"))
        .hasMessageContaining("is not metric=signal or metric{label=value}=signal");
  }

  private static Map<String, String> with(Map<String, String> labels, String k, String v) {
    var copy = new java.util.TreeMap<>(labels);
    copy.put(k, v);
    return copy;
  }
}
