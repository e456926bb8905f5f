package io.driftline.workload;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Downsampling of pod rows for reads: the rows falling in each step (aligned to the epoch) are
 * summarised per signal by their mean, maximum and 95th percentile (nearest rank). For a workload
 * the step covers every pod's rows, so the p95 is across pods and time.
 */
public final class PodRollup {
  private PodRollup() {}

  /** Summary of one signal within one step. */
  public record Stats(double avg, double max, double p95) {}

  /** One step: its start, the rows it holds and the stats of every signal present. */
  public record Point(long startMillis, int rows, Map<PodSignal, Stats> signals) {}

  /** Rows summarised per step of {@code stepMillis}, oldest first; empty steps are left out. */
  public static List<Point> downsample(List<PodMetric> rows, long stepMillis) {
    if (stepMillis <= 0)
      throw new IllegalArgumentException("step must be > 0 but was " + stepMillis);
    TreeMap<Long, List<PodMetric>> steps = new TreeMap<>();
    for (PodMetric m : rows) {
      long start = Math.floorDiv(m.epochMillis(), stepMillis) * stepMillis;
      steps.computeIfAbsent(start, s -> new ArrayList<>()).add(m);
    }
    List<Point> points = new ArrayList<>(steps.size());
    steps.forEach((start, inStep) -> points.add(new Point(start, inStep.size(), stats(inStep))));
    return points;
  }

  private static Map<PodSignal, Stats> stats(List<PodMetric> rows) {
    Map<PodSignal, Stats> stats = new EnumMap<>(PodSignal.class);
    for (PodSignal signal : PodSignal.values()) {
      double[] values =
          rows.stream()
              .map(r -> r.values().get(signal))
              .filter(v -> v != null)
              .mapToDouble(Double::doubleValue)
              .toArray();
      if (values.length == 0) continue;
      Arrays.sort(values);
      double sum = 0;
      for (double v : values) sum += v;
      int rank = (int) Math.ceil(0.95 * values.length) - 1;
      stats.put(signal, new Stats(sum / values.length, values[values.length - 1], values[rank]));
    }
    return stats;
  }
}
