package io.driftline.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftline.telemetry.Sample;
import io.driftline.telemetry.SeriesKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WorkloadSignalsTest {
  static PodMetric pod(String pod, String workload, long ts, Map<PodSignal, Double> values) {
    return new PodMetric("c", "n", pod, workload, Optional.empty(), ts, Map.of(), values);
  }

  @Test
  void latencyAndErrorRateAreAveragedAndDemandIsSummedPerTimestamp() {
    var samples =
        WorkloadSignals.samples(
            List.of(
                pod(
                    "a-1",
                    "a",
                    1_000,
                    Map.of(
                        PodSignal.LATENCY_P95_MS,
                        100.0,
                        PodSignal.ERROR_RATE,
                        0.01,
                        PodSignal.THROUGHPUT_RPS,
                        10.0,
                        PodSignal.CPU_REQUEST_CORES,
                        1.0)),
                pod(
                    "a-2",
                    "a",
                    1_000,
                    Map.of(
                        PodSignal.LATENCY_P95_MS,
                        300.0,
                        PodSignal.ERROR_RATE,
                        0.03,
                        PodSignal.THROUGHPUT_RPS,
                        30.0)),
                pod("a-1", "a", 2_000, Map.of(PodSignal.LATENCY_P95_MS, 50.0)),
                pod("b-1", "b", 1_000, Map.of(PodSignal.NETWORK_TX_BPS, 7.0))));

    assertThat(samples)
        .containsExactlyInAnyOrder(
            new Sample(SeriesKey.of("c/n/a", "latency_p95_ms"), 1_000, 200.0),
            new Sample(SeriesKey.of("c/n/a", "error_rate"), 1_000, 0.02),
            new Sample(SeriesKey.of("c/n/a", "throughput_rps"), 1_000, 40.0),
            new Sample(SeriesKey.of("c/n/a", "latency_p95_ms"), 2_000, 50.0),
            new Sample(SeriesKey.of("c/n/b", "network_tx_bps"), 1_000, 7.0));
  }

  @Test
  void rollupGivesAvgMaxAndNearestRankP95PerAlignedStep() {
    List<PodMetric> rows = new java.util.ArrayList<>();
    for (int i = 1; i <= 40; i++) {
      rows.add(pod("p", "w", i * 1_000L, Map.of(PodSignal.CPU_CORES, (double) i)));
    }

    var points = PodRollup.downsample(rows, 20_000);

    assertThat(points)
        .extracting(PodRollup.Point::startMillis)
        .containsExactly(0L, 20_000L, 40_000L);
    var first = points.get(0); // 1..19
    assertThat(first.rows()).isEqualTo(19);
    assertThat(first.signals().get(PodSignal.CPU_CORES))
        .isEqualTo(new PodRollup.Stats(10.0, 19.0, 19.0));
    assertThat(points.get(1).signals().get(PodSignal.CPU_CORES).p95())
        .isEqualTo(38.0); // 19th of 20
    assertThatThrownBy(() -> PodRollup.downsample(rows, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void workloadIdRoundTripsAndOtherServicesAreNotWorkloads() {
    assertThat(WorkloadId.parse("prod/payments/api"))
        .contains(WorkloadId.of("prod", "payments", "api"));
    assertThat(WorkloadId.parse("payment-authorization-prod")).isEmpty();
    assertThat(WorkloadId.parse("a//b")).isEmpty();
    assertThatThrownBy(() -> pod("p", "a/b", 1, Map.of(PodSignal.CPU_CORES, 1.0)))
        .hasMessageContaining("workload_name");
  }
}
