package io.driftline.server.ingest;

import io.driftline.capacity.CapacitySnapshot;
import io.driftline.change.ConfigChange;
import io.driftline.drift.DriftTracker;
import io.driftline.health.ServiceSnapshot;
import io.driftline.ingest.Ingestor;
import io.driftline.ingest.OverloadedException;
import io.driftline.server.http.ApiError;
import io.driftline.sources.SourceBatch;
import io.driftline.storage.StorageComponent;
import io.driftline.telemetry.Sample;
import io.driftline.telemetry.SeriesKey;
import io.driftline.workload.PodMetric;
import io.driftline.workload.WorkloadId;
import io.driftline.workload.WorkloadSignals;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The one way telemetry that has been decoded enters storage and detection, whatever brought it
 * (the JSON routes, pull sources, remote-write, OTLP). Each call returns once everything is
 * committed; a refusal is an {@link ApiError} ({@code 503} with {@code Retry-After} when the
 * pipeline is full or storage fails) and then nothing of the call was stored.
 *
 * <p>Pulled windows overlap (the scheduler's look-back, a re-run of the same request), and the
 * detector must not see a sample twice nor go back in time. Pod rows are keyed by pod, container
 * and time, so storing them again replaces them; workload samples have no such key, so {@link
 * #batch} feeds detection only the samples newer than the series' high-water mark: the latest
 * timestamp fed so far, seeded after a restart from the workload's restored detection state.
 */
public final class TelemetryWriter {
  /**
   * What one call stored. {@code skippedSamples} were at or below their series' high-water mark.
   */
  public record Written(
      int podMetrics,
      int workloadSamples,
      int skippedSamples,
      int capacitySnapshots,
      int configChanges) {
    public static final Written NONE = new Written(0, 0, 0, 0, 0);

    /** Rows stored of every kind: pod rows, capacity snapshots, config changes. */
    public int stored() {
      return podMetrics + capacitySnapshots + configChanges;
    }
  }

  private final Ingestor ingestor;
  private final DriftTracker drift;
  private final StorageComponent storage;
  private final Map<SeriesKey, Long> highWater = new ConcurrentHashMap<>();

  public TelemetryWriter(Ingestor ingestor, DriftTracker drift, StorageComponent storage) {
    this.ingestor = ingestor;
    this.drift = drift;
    this.storage = storage;
  }

  /** Samples of any service, as {@code POST /v1/telemetry} stores them. */
  public void samples(List<Sample> samples) {
    commit(() -> ingestor.submit(samples));
  }

  /**
   * Pod rows with the workload samples derived from them, in one commit. With {@code onlyNew}, the
   * samples at or before their series' high-water mark are left out of detection (the rows are
   * still stored: storing a row again replaces it).
   */
  public Written podMetrics(List<PodMetric> metrics, boolean onlyNew) {
    if (metrics.isEmpty()) return Written.NONE;
    List<Sample> all = WorkloadSignals.samples(metrics);
    Map<SeriesKey, Long> previous = new HashMap<>();
    List<Sample> fed = advance(all, onlyNew, previous);
    try {
      commit(() -> ingestor.submit(fed, metrics));
    } catch (RuntimeException e) {
      previous.forEach(
          (key, mark) -> {
            if (mark == null) highWater.remove(key);
            else highWater.put(key, mark);
          });
      throw e;
    }
    Map<WorkloadId, Long> latest = new HashMap<>();
    for (PodMetric m : metrics) {
      latest.merge(
          WorkloadId.of(m.clusterId(), m.namespace(), m.workloadName()),
          m.epochMillis(),
          Math::max);
    }
    drift.progressed(latest);
    return new Written(metrics.size(), fed.size(), all.size() - fed.size(), 0, 0);
  }

  /**
   * Samples together with pod rows that arrive piecemeal, in one commit. A remote-write request
   * holds some series of a scrape, so one row's signals may come in several requests: each row is
   * merged into the stored row of the same cluster, namespace, pod, container and time instead of
   * replacing it. No workload samples are derived, since a per-workload sum over part of the pods
   * would be wrong; the series themselves are detected as {@code samples}. Requests with rows are
   * serialised, so two never merge the same row at once.
   */
  public void samplesWithPodRows(List<Sample> samples, List<PodMetric> rows) {
    if (rows.isEmpty()) {
      samples(samples);
      return;
    }
    synchronized (this) {
      List<PodMetric> merged = merged(rows);
      commit(() -> ingestor.submit(samples, merged));
    }
  }

  private List<PodMetric> merged(List<PodMetric> rows) {
    Map<String, List<PodMetric>> byPod = new java.util.LinkedHashMap<>();
    for (PodMetric m : rows) {
      byPod
          .computeIfAbsent(
              m.clusterId() + "/" + m.namespace() + "/" + m.podName(), k -> new ArrayList<>())
          .add(m);
    }
    List<PodMetric> merged = new ArrayList<>(rows.size());
    for (List<PodMetric> pod : byPod.values()) {
      PodMetric first = pod.getFirst();
      long from = pod.stream().mapToLong(PodMetric::epochMillis).min().orElseThrow();
      long to = pod.stream().mapToLong(PodMetric::epochMillis).max().orElseThrow() + 1;
      Map<String, PodMetric> stored = new HashMap<>();
      for (PodMetric s :
          storage
              .podMetrics()
              .find(
                  io.driftline.storage.PodMetricQuery.pod(
                      first.clusterId(),
                      first.namespace(),
                      first.podName(),
                      from,
                      to,
                      100_000,
                      0))) {
        stored.put(s.container().orElse("") + "@" + s.epochMillis(), s);
      }
      for (PodMetric m : pod) {
        PodMetric old = stored.get(m.container().orElse("") + "@" + m.epochMillis());
        if (old == null) {
          merged.add(m);
          continue;
        }
        var values = new java.util.EnumMap<io.driftline.workload.PodSignal, Double>(old.values());
        values.putAll(m.values());
        merged.add(
            new PodMetric(
                m.clusterId(),
                m.namespace(),
                m.podName(),
                m.workloadName(),
                m.container(),
                m.epochMillis(),
                m.labels(),
                values));
      }
    }
    return merged;
  }

  /** Everything a pull source produced: pod rows (only new samples detected), capacity, changes. */
  public Written batch(SourceBatch batch) {
    Written pods = podMetrics(batch.podMetrics(), true);
    for (CapacitySnapshot snapshot : batch.capacity()) storage.capacity().write(snapshot);
    for (ConfigChange change : batch.configChanges()) drift.changeRecorded(change);
    return new Written(
        pods.podMetrics(),
        pods.workloadSamples(),
        pods.skippedSamples(),
        batch.capacity().size(),
        batch.configChanges().size());
  }

  /**
   * Moves the high-water marks past {@code samples} and returns the ones to feed; {@code previous}
   * receives the marks as they were, to restore if the commit fails. Synchronised so that two
   * overlapping pulls never both feed the same sample.
   */
  private synchronized List<Sample> advance(
      List<Sample> samples, boolean onlyNew, Map<SeriesKey, Long> previous) {
    List<Sample> fed = new ArrayList<>(samples.size());
    Map<SeriesKey, Long> marks = new HashMap<>();
    for (Sample s : samples) {
      long mark = marks.computeIfAbsent(s.key(), this::markOf);
      if (!onlyNew || s.epochMillis() > mark) fed.add(s);
    }
    for (Sample s : fed) marks.merge(s.key(), s.epochMillis(), Math::max);
    marks.forEach((key, mark) -> previous.put(key, highWater.put(key, mark)));
    // a detector reads each series forwards in time
    if (onlyNew) fed.sort(java.util.Comparator.comparingLong(Sample::epochMillis));
    return fed;
  }

  private long markOf(SeriesKey key) {
    Long mark = highWater.get(key);
    if (mark != null) return mark;
    return ingestor
        .service(key.service())
        .map(ServiceSnapshot::lastUpdatedMillis)
        .orElse(Long.MIN_VALUE);
  }

  /** Submits and waits for the commit; the pipeline's refusals become {@code 503}. */
  private static void commit(Supplier<CompletableFuture<Void>> submit) {
    CompletableFuture<Void> committed;
    try {
      committed = submit.get();
    } catch (OverloadedException e) {
      throw ApiError.unavailable(e.getMessage() + "; nothing was stored", 1);
    } catch (IllegalStateException e) {
      throw ApiError.unavailable("the service is shutting down; nothing was stored", 5);
    }
    try {
      committed.join();
    } catch (CompletionException e) {
      throw ApiError.unavailable(
          "storage failed to commit (" + e.getCause().getMessage() + "); nothing was stored", 1);
    }
  }
}
