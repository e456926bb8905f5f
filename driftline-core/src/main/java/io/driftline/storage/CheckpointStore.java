package io.driftline.storage;

import java.util.List;

/** Saved detection state, read once at start-up. */
public interface CheckpointStore {

  List<ServiceCheckpoint> loadAll();

  /** Samples after this sequence number are not yet reflected in every checkpoint. 0 if none. */
  long replayFrom();
}
