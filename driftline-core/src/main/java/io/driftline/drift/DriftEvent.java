package io.driftline.drift;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One drift of one workload (row of {@code drift_events}), either detected by Driftline or posted
 * by a client. Partitioned like the seed's Cassandra table: by ({@code cluster_id}, {@code env},
 * {@code drift_date}), identified by {@code drift_id}.
 *
 * @param signals the workload series (metric names) that are or were in drift for this event
 * @param probableCause the {@code change_id} of a configuration change shortly before the start
 * @param sourceSeq sequence number of the last detector transition applied to this event (0 when
 *     posted through the API); replayed transitions at or below it are ignored
 */
public record DriftEvent(
    String clusterId,
    String env,
    LocalDate driftDate,
    String driftId,
    DriftCategory category,
    Severity severity,
    String workloadName,
    String namespace,
    long startMillis,
    OptionalLong endMillis,
    String detectionMethod,
    double confidenceScore,
    DriftStatus status,
    List<String> signals,
    Optional<String> probableCause,
    Optional<String> acknowledgedBy,
    OptionalLong acknowledgedAt,
    Optional<String> resolvedBy,
    OptionalLong resolvedAt,
    long sourceSeq) {

  public DriftEvent {
    require("cluster_id", clusterId);
    require("env", env);
    require("drift_id", driftId);
    require("workload_name", workloadName);
    require("namespace", namespace);
    require("detection_method", detectionMethod);
    if (driftDate == null) throw new IllegalArgumentException("drift_date is required");
    if (category == null) throw new IllegalArgumentException("drift_category is required");
    if (severity == null) throw new IllegalArgumentException("severity is required");
    if (status == null) throw new IllegalArgumentException("status is required");
    if (!(confidenceScore >= 0 && confidenceScore <= 1)) {
      throw new IllegalArgumentException(
          "confidence_score must be within [0, 1] but was " + confidenceScore);
    }
    if (endMillis.isPresent() && endMillis.getAsLong() < startMillis) {
      throw new IllegalArgumentException("end_ts must not be before start_ts");
    }
    signals = List.copyOf(signals);
  }

  public boolean isOpen() {
    return status != DriftStatus.RESOLVED;
  }

  public DriftEvent withSignals(
      List<String> signals, Severity severity, double confidence, long seq) {
    return new DriftEvent(
        clusterId,
        env,
        driftDate,
        driftId,
        category,
        severity,
        workloadName,
        namespace,
        startMillis,
        endMillis,
        detectionMethod,
        confidence,
        status,
        signals,
        probableCause,
        acknowledgedBy,
        acknowledgedAt,
        resolvedBy,
        resolvedAt,
        seq);
  }

  public DriftEvent acknowledged(String by, long at) {
    return new DriftEvent(
        clusterId,
        env,
        driftDate,
        driftId,
        category,
        severity,
        workloadName,
        namespace,
        startMillis,
        endMillis,
        detectionMethod,
        confidenceScore,
        DriftStatus.ACKNOWLEDGED,
        signals,
        probableCause,
        Optional.of(by),
        OptionalLong.of(at),
        resolvedBy,
        resolvedAt,
        sourceSeq);
  }

  /** Resolved by {@code by} at {@code at}; the drift ended at {@code end} (sample time). */
  public DriftEvent resolved(String by, long at, long end, Severity severity, long seq) {
    return new DriftEvent(
        clusterId,
        env,
        driftDate,
        driftId,
        category,
        severity,
        workloadName,
        namespace,
        startMillis,
        OptionalLong.of(Math.max(end, startMillis)),
        detectionMethod,
        confidenceScore,
        DriftStatus.RESOLVED,
        signals,
        probableCause,
        acknowledgedBy,
        acknowledgedAt,
        Optional.of(by),
        OptionalLong.of(at),
        seq);
  }

  public DriftEvent withProbableCause(String changeId) {
    return new DriftEvent(
        clusterId,
        env,
        driftDate,
        driftId,
        category,
        severity,
        workloadName,
        namespace,
        startMillis,
        endMillis,
        detectionMethod,
        confidenceScore,
        status,
        signals,
        Optional.of(changeId),
        acknowledgedBy,
        acknowledgedAt,
        resolvedBy,
        resolvedAt,
        sourceSeq);
  }

  private static void require(String field, String value) {
    if (value == null || value.isEmpty())
      throw new IllegalArgumentException(field + " is required");
  }
}
