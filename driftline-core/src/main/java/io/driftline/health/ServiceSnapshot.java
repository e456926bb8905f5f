package io.driftline.health;

import io.driftline.detect.BaselineSnapshot;
import io.driftline.telemetry.SeriesKey;
import java.util.List;
import java.util.Map;

/**
 * Immutable health of one service for API readers: the worst state of its series, when that last
 * changed, and each series' baseline.
 *
 * @param sampleCount samples of the service's busiest series (for DriftWatch clients, which send
 *     every metric in every record, this is the number of telemetry records)
 */
public record ServiceSnapshot(
    String service,
    HealthState state,
    long transitionMillis,
    long lastUpdatedMillis,
    long sampleCount,
    Map<SeriesKey, BaselineSnapshot> series) {

  public ServiceSnapshot {
    series = Map.copyOf(series);
  }

  /** The series currently in drift, which is why the service is. */
  public List<SeriesKey> drifting() {
    return series.entrySet().stream()
        .filter(e -> e.getValue().state() == HealthState.DRIFT_DETECTED)
        .map(Map.Entry::getKey)
        .sorted(java.util.Comparator.comparing(SeriesKey::toString))
        .toList();
  }

  /** The baseline of one metric without labels, as DriftWatch's API reports them. */
  public java.util.Optional<BaselineSnapshot> metric(String metric) {
    return java.util.Optional.ofNullable(series.get(SeriesKey.of(service, metric)));
  }

  public int recentAnomalies() {
    return series.values().stream().mapToInt(BaselineSnapshot::recentAnomalies).sum();
  }
}
