package io.driftline.telemetry;

/**
 * A sample with the sequence number the storage writer gave it when it was committed. Sequence
 * numbers grow with commit order, so replaying samples after a checkpoint is a range scan.
 */
public record StoredSample(long seq, Sample sample) {}
