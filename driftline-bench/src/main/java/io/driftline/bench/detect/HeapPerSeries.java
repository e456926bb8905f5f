package io.driftline.bench.detect;

import io.driftline.detect.Detector;
import io.driftline.detect.Detectors;
import io.driftline.health.ServiceHealth;
import io.driftline.telemetry.Sample;
import io.driftline.telemetry.SeriesKey;
import io.driftline.telemetry.StoredSample;
import java.util.HashMap;
import java.util.Map;

/**
 * Heap held by detection state per series: builds {@code services} services with two warm series
 * each (120 samples, past warm-up), and compares heap in use after a full GC before and after. Not
 * JMH: it measures memory, not time.
 *
 * <p>{@code java -Xmx8g -cp driftline-bench/target/benchmarks.jar
 * io.driftline.bench.detect.HeapPerSeries 500000 zscore-rules}
 */
public final class HeapPerSeries {
  private HeapPerSeries() {}

  public static void main(String[] args) throws InterruptedException {
    int services = Integer.parseInt(args[0]);
    Detector detector = Detectors.byName(args.length > 1 ? args[1] : "zscore-rules").orElseThrow();
    long before = usedAfterGc();
    Map<String, ServiceHealth> held = new HashMap<>();
    long seq = 0;
    for (int i = 0; i < services; i++) {
      String service = "service-" + i;
      ServiceHealth health = new ServiceHealth(service, detector);
      for (int k = 0; k < 120; k++) {
        health.accept(sample(++seq, service, "latency_ms", k, 100 + k % 7), t -> {});
        health.accept(sample(++seq, service, "payload_kb", k, 2 + k % 3), t -> {});
      }
      held.put(service, health);
    }
    long bytes = usedAfterGc() - before;
    long series = 2L * held.size();
    System.out.printf(
        "%s: %,d series, %.1f MB of heap, %,d bytes per series%n",
        detector.name(), series, bytes / 1e6, bytes / series);
  }

  private static StoredSample sample(long seq, String service, String metric, long t, double v) {
    return new StoredSample(seq, new Sample(SeriesKey.of(service, metric), t, v));
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
