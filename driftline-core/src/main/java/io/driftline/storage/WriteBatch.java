package io.driftline.storage;

import io.driftline.health.Transition;
import io.driftline.telemetry.StoredSample;
import io.driftline.workload.PodMetric;
import java.util.List;
import java.util.OptionalLong;

/**
 * What one group commit writes.
 *
 * @param samples samples with their sequence numbers already assigned, ascending
 * @param transitions audit records; a record already stored for the same series and seq is kept as
 *     it is (replay after a crash produces them again)
 * @param checkpoints service states to upsert
 * @param replayFrom when present, the sequence number after which samples must be replayed on start
 * @param podMetrics pod observations committed with the samples derived from them; a row already
 *     stored for the same pod, container and time is replaced
 */
public record WriteBatch(
    List<StoredSample> samples,
    List<Transition> transitions,
    List<ServiceCheckpoint> checkpoints,
    OptionalLong replayFrom,
    List<PodMetric> podMetrics) {

  public WriteBatch {
    samples = List.copyOf(samples);
    transitions = List.copyOf(transitions);
    checkpoints = List.copyOf(checkpoints);
    podMetrics = List.copyOf(podMetrics);
  }

  public WriteBatch(
      List<StoredSample> samples,
      List<Transition> transitions,
      List<ServiceCheckpoint> checkpoints,
      OptionalLong replayFrom) {
    this(samples, transitions, checkpoints, replayFrom, List.of());
  }

  public static WriteBatch ofSamples(List<StoredSample> samples) {
    return new WriteBatch(samples, List.of(), List.of(), OptionalLong.empty());
  }

  public boolean isEmpty() {
    return samples.isEmpty()
        && transitions.isEmpty()
        && checkpoints.isEmpty()
        && replayFrom.isEmpty()
        && podMetrics.isEmpty();
  }
}
