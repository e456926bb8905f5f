package io.driftline.storage;

import io.driftline.health.Transition;
import io.driftline.telemetry.StoredSample;
import java.util.List;
import java.util.OptionalLong;

/**
 * What one group commit writes.
 *
 * @param samples samples with their sequence numbers already assigned, ascending
 * @param transitions audit records; a record already stored for the same series and seq is kept
 *     as it is (replay after a crash produces them again)
 * @param checkpoints service states to upsert
 * @param replayFrom when present, the sequence number after which samples must be replayed on start
 */
public record WriteBatch(
    List<StoredSample> samples,
    List<Transition> transitions,
    List<ServiceCheckpoint> checkpoints,
    OptionalLong replayFrom) {

  public WriteBatch {
    samples = List.copyOf(samples);
    transitions = List.copyOf(transitions);
    checkpoints = List.copyOf(checkpoints);
  }

  public static WriteBatch ofSamples(List<StoredSample> samples) {
    return new WriteBatch(samples, List.of(), List.of(), OptionalLong.empty());
  }

  public boolean isEmpty() {
    return samples.isEmpty() && transitions.isEmpty() && checkpoints.isEmpty() && replayFrom.isEmpty();
  }
}
