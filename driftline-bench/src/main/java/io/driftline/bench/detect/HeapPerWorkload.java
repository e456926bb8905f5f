package io.driftline.bench.detect;

import io.driftline.detect.DetectorSelector;
import io.driftline.detect.IsolationForestDetector;
import io.driftline.detect.ZScoreRules;
import io.driftline.detect.ZScoreRulesDetector;
import io.driftline.health.GoldenSignals;
import io.driftline.health.ServiceHealth;
import io.driftline.telemetry.Sample;
import io.driftline.telemetry.SeriesKey;
import io.driftline.telemetry.StoredSample;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Heap held per workload by the multivariate detector ({@code detection.multivariate:
 * isolation-forest}): builds {@code services} services whose records carry three golden signals
 * (700 records, past the first regrowth and the next one), once with the detector off and once on,
 * and reports heap in use after a full GC per service; the difference is the golden signals' cost.
 * Not JMH: it measures memory, not time.
 *
 * <p>{@code java -Xmx4g -cp driftline-bench/target/benchmarks.jar
 * io.driftline.bench.detect.HeapPerWorkload 300}
 */
public final class HeapPerWorkload {
  private static final String[] METRICS = {"latency_ms", "throughput_rps", "error_rate"};

  private HeapPerWorkload() {}

  public static void main(String[] args) throws InterruptedException {
    int services = Integer.parseInt(args[0]);
    long off = perService(services, GoldenSignals.OFF);
    GoldenSignals on =
        GoldenSignals.parse(
            GoldenSignals.DEFAULT_METRICS, IsolationForestDetector.Settings.DEFAULTS);
    long withForest = perService(services, on);
    System.out.printf(
        "%,d services, 3 signals each: %,d bytes per service off, %,d on: %,d bytes per workload"
            + " for the isolation forest%n",
        services, off, withForest, withForest - off);
  }

  private static long perService(int services, GoldenSignals golden) throws InterruptedException {
    var detectors = DetectorSelector.of(new ZScoreRulesDetector(ZScoreRules.DEFAULTS));
    long before = usedAfterGc();
    List<ServiceHealth> held = new ArrayList<>(services);
    Random random = new Random(1);
    long seq = 0;
    for (int i = 0; i < services; i++) {
      String service = "service-" + i;
      ServiceHealth health = new ServiceHealth(service, detectors, golden);
      for (int k = 0; k < 700; k++) {
        double load = 100 + 10 * random.nextGaussian();
        double[] values = {50 + load / 2 + random.nextGaussian(), load, 0.01 + load / 1e4};
        for (int m = 0; m < METRICS.length; m++) {
          var sample = new Sample(SeriesKey.of(service, METRICS[m]), k * 1000L, values[m]);
          health.accept(new StoredSample(++seq, sample), t -> {});
        }
      }
      held.add(health);
    }
    long bytes = usedAfterGc() - before;
    long perService = bytes / held.size();
    held.clear();
    return perService;
  }

  private static long usedAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    Runtime runtime = Runtime.getRuntime();
    return runtime.totalMemory() - runtime.freeMemory();
  }
}
