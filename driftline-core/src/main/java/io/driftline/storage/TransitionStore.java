package io.driftline.storage;

import io.driftline.health.Transition;
import java.util.List;

/** The audit trail of health transitions. */
public interface TransitionStore {

  /** Transitions of one service's series, newest first, at most {@code limit}. */
  List<Transition> forService(String service, int limit);

  /** Deletes transitions older than {@code epochMillis}; returns how many. */
  long deleteBefore(long epochMillis);
}
