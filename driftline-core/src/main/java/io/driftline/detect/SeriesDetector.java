package io.driftline.detect;

import java.io.DataOutput;
import java.io.IOException;

/** The mutable detection state of one series: one sample in, one verdict out. Not thread-safe. */
public interface SeriesDetector {

  /** Scores a sample and advances the state. Samples arrive in ingestion order, one at a time. */
  Verdict update(long epochMillis, double value);

  /** An immutable view for readers on other threads. */
  BaselineSnapshot snapshot();

  /** Everything needed to continue exactly where this detector is, for {@link Detector#restore}. */
  void writeTo(DataOutput out) throws IOException;
}
