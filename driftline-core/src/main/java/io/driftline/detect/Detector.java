package io.driftline.detect;

import java.io.DataInput;
import java.io.IOException;

/**
 * A drift detection method. It makes one {@link SeriesDetector} per series, which holds that
 * series' state; the pipeline calls it from the single thread that owns the series.
 *
 * <p>{@code Detector detector = new ZScoreRulesDetector(ZScoreRules.DEFAULTS); SeriesDetector
 * latency = detector.create(); Verdict v = latency.update(sample.epochMillis(), sample.value()); }
 */
public interface Detector {

  /** Stable name, stored with checkpoints and shown in the API, e.g. {@code zscore-rules}. */
  String name();

  /** Fresh state for a series never seen before. */
  SeriesDetector create();

  /** State written earlier by {@link SeriesDetector#writeTo}. */
  SeriesDetector restore(DataInput in) throws IOException;
}
