package io.driftline.workload;

import io.driftline.telemetry.Sample;
import io.driftline.telemetry.SeriesKey;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns pod observations into workload series for the detector: one series per workload and
 * detected {@link PodSignal}, service {@code cluster/namespace/workload}, metric the signal's field
 * name, one sample per timestamp.
 *
 * <p>Pods are aggregated per timestamp within what is given (one request): the mean for latency and
 * error rate, the sum for throughput, CPU, memory and IO (see {@link PodSignal}). A source should
 * therefore send all pods of one scrape together; pods of one workload and time split over two
 * requests give two samples of partial sums.
 *
 * <p>{@code List<Sample> samples = WorkloadSignals.samples(podMetrics); }
 */
public final class WorkloadSignals {
  private WorkloadSignals() {}

  private record Point(String workload, long epochMillis) {}

  public static List<Sample> samples(List<PodMetric> metrics) {
    Map<Point, Map<PodSignal, double[]>> sums = new LinkedHashMap<>();
    for (PodMetric m : metrics) {
      var perSignal =
          sums.computeIfAbsent(
              new Point(m.workloadId(), m.epochMillis()), p -> new EnumMap<>(PodSignal.class));
      m.values()
          .forEach(
              (signal, value) -> {
                if (!signal.detected()) return;
                double[] sumAndCount = perSignal.computeIfAbsent(signal, s -> new double[2]);
                sumAndCount[0] += value;
                sumAndCount[1]++;
              });
    }
    List<Sample> samples = new ArrayList<>();
    sums.forEach(
        (point, perSignal) ->
            perSignal.forEach(
                (signal, sc) -> {
                  double value =
                      signal.aggregation() == PodSignal.Aggregation.MEAN ? sc[0] / sc[1] : sc[0];
                  samples.add(
                      new Sample(
                          SeriesKey.of(point.workload(), signal.field()),
                          point.epochMillis(),
                          value));
                }));
    return samples;
  }
}
