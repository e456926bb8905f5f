package io.driftline.server.ingest;

import io.driftline.sources.PullRequest;
import io.driftline.sources.SourceBatch;
import io.driftline.sources.SourceException;
import io.driftline.sources.TelemetrySource;
import io.driftline.workload.PodMetric;
import io.driftline.workload.PodSignal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * A pull source for the ingestion machinery's tests: per minute of the window, one row for each of
 * two pods of the workload {@code checkout} in {@code production} (CPU 0.25 per pod, memory 1 MiB
 * plus the minute) and one pod of {@code worker} in {@code batch}; or the failure it is told to
 * throw. It records every window asked and can be held inside {@code pull} by a latch.
 */
final class FakeSource implements TelemetrySource {
  static final List<String> CHECKOUT_PODS =
      List.of("checkout-7d9f8b6c5d-x2k4p", "checkout-7d9f8b6c5d-b5n7q");

  final List<PullRequest> asked = new CopyOnWriteArrayList<>();
  private final String name;
  volatile SourceException failure;
  volatile CountDownLatch entered;
  volatile CountDownLatch release;

  FakeSource(String name) {
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public SourceBatch pull(PullRequest request) throws SourceException {
    asked.add(request);
    if (entered != null) entered.countDown();
    if (release != null) {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (failure != null) throw failure;
    List<PodMetric> rows = new ArrayList<>();
    long step = 60_000;
    long first = Math.floorDiv(request.start().toEpochMilli() + step - 1, step) * step;
    for (long t = first; t < request.end().toEpochMilli(); t += step) {
      double minute = (t / step) % 60;
      if (request.includes("production")) {
        for (String pod : CHECKOUT_PODS) {
          rows.add(row(request.clusterId(), "production", pod, "checkout", t, minute));
        }
      }
      if (request.includes("batch")) {
        rows.add(row(request.clusterId(), "batch", "worker-0", "worker", t, minute));
      }
    }
    return SourceBatch.ofPodMetrics(rows);
  }

  private static PodMetric row(
      String cluster, String ns, String pod, String workload, long t, double minute) {
    return new PodMetric(
        cluster,
        ns,
        pod,
        workload,
        Optional.of("app"),
        t,
        Map.of(),
        Map.of(PodSignal.CPU_CORES, 0.25, PodSignal.MEMORY_BYTES, 1_048_576 + minute));
  }
}
