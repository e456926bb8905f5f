package io.driftline.storage;

import io.driftline.workload.PodMetric;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link PodMetricStore} of {@link InMemoryStorage}; guarded by the storage's monitor. */
final class InMemoryPodMetricStore implements PodMetricStore {
  static final Comparator<PodMetric> ORDER =
      Comparator.comparingLong(PodMetric::epochMillis)
          .thenComparing(PodMetric::podName)
          .thenComparing(m -> m.container().orElse(""));

  private record RowId(String cluster, String namespace, String pod, String container, long ts) {}

  private final InMemoryStorage owner;
  private final Map<RowId, PodMetric> rows = new HashMap<>();

  InMemoryPodMetricStore(InMemoryStorage owner) {
    this.owner = owner;
  }

  /** Called by {@link InMemoryStorage#write} under its monitor. */
  void put(List<PodMetric> metrics) {
    for (PodMetric m : metrics) {
      rows.put(
          new RowId(
              m.clusterId(), m.namespace(), m.podName(), m.container().orElse(""), m.epochMillis()),
          m);
    }
  }

  int size() {
    return rows.size();
  }

  @Override
  public List<PodMetric> find(PodMetricQuery q) {
    synchronized (owner) {
      owner.ensureOpen();
      return rows.values().stream()
          .filter(m -> m.clusterId().equals(q.clusterId()) && m.namespace().equals(q.namespace()))
          .filter(m -> matches(q.podName(), m.podName()))
          .filter(m -> matches(q.workloadName(), m.workloadName()))
          .filter(m -> m.epochMillis() >= q.fromMillis() && m.epochMillis() < q.toMillis())
          .sorted(ORDER)
          .skip(q.offset())
          .limit(q.limit())
          .toList();
    }
  }

  @Override
  public long deleteBefore(long epochMillis) {
    synchronized (owner) {
      owner.ensureOpen();
      int before = rows.size();
      rows.values().removeIf(m -> m.epochMillis() < epochMillis);
      return before - rows.size();
    }
  }

  private static boolean matches(Optional<String> wanted, String actual) {
    return wanted.map(actual::equals).orElse(true);
  }
}
