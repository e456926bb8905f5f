package io.driftline.storage;

import io.driftline.drift.DriftCategory;
import io.driftline.drift.DriftEvent;
import io.driftline.drift.DriftStatus;
import io.driftline.drift.Severity;
import java.time.LocalDate;
import java.util.Optional;

/**
 * Filters for {@link DriftEventStore#find}: each present one must match; {@code fromDate} and
 * {@code toDate} bound {@code drift_date}, both inclusive.
 */
public record DriftEventQuery(
    Optional<String> clusterId,
    Optional<String> env,
    Optional<LocalDate> fromDate,
    Optional<LocalDate> toDate,
    Optional<DriftCategory> category,
    Optional<Severity> severity,
    Optional<DriftStatus> status,
    Optional<String> workloadName,
    Optional<String> namespace,
    int limit,
    int offset) {

  public DriftEventQuery {
    if (limit < 0) throw new IllegalArgumentException("limit must be >= 0 but was " + limit);
    if (offset < 0) throw new IllegalArgumentException("offset must be >= 0 but was " + offset);
  }

  public static DriftEventQuery all(int limit) {
    return new DriftEventQuery(
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        limit,
        0);
  }

  /** Whether {@code e} passes every filter; for backends that filter in memory. */
  public boolean matches(DriftEvent e) {
    return clusterId.map(e.clusterId()::equals).orElse(true)
        && env.map(e.env()::equals).orElse(true)
        && fromDate.map(d -> !e.driftDate().isBefore(d)).orElse(true)
        && toDate.map(d -> !e.driftDate().isAfter(d)).orElse(true)
        && category.map(c -> e.category() == c).orElse(true)
        && severity.map(s -> e.severity() == s).orElse(true)
        && status.map(s -> e.status() == s).orElse(true)
        && workloadName.map(e.workloadName()::equals).orElse(true)
        && namespace.map(e.namespace()::equals).orElse(true);
  }
}
