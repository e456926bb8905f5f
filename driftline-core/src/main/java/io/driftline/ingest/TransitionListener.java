package io.driftline.ingest;

import io.driftline.health.Transition;
import java.util.List;

/**
 * Told about health transitions once they are committed, so other engines (drift events) can follow
 * the detector without reaching into the pipeline.
 *
 * <p>Called from the storage writer thread, in commit order, before {@link Ingestor#sync()}
 * completes for the samples that caused them; keep it short. At start-up it is also called with the
 * transitions that replaying the samples after the last checkpoint produced again: those may have
 * been seen before the restart, so a listener must be idempotent by series and {@link
 * Transition#seq()}. A listener that throws is logged; the pipeline carries on.
 */
@FunctionalInterface
public interface TransitionListener {
  TransitionListener NONE = transitions -> {};

  void committed(List<Transition> transitions);
}
