package io.driftline.storage;

import io.driftline.telemetry.SeriesKey;
import io.driftline.telemetry.StoredSample;
import java.util.List;
import java.util.function.Consumer;

/** Reads and expires stored samples. Writes go through {@link StorageComponent#write}. */
public interface SampleStore {

  /** Samples of one series with {@code from <= time < to}, oldest first, at most {@code limit}. */
  List<StoredSample> range(SeriesKey key, long fromMillis, long toMillis, int limit);

  /** Calls {@code each} for every sample with a sequence number above {@code seq}, ascending. */
  void scanAfter(long seq, Consumer<StoredSample> each);

  /** Highest sequence number among stored samples, 0 when none. */
  long maxSeq();

  long count();

  /** The series of one service that have samples, in no particular order. */
  List<SeriesKey> series(String service);

  /** Deletes samples older than {@code epochMillis}; returns how many. */
  long deleteBefore(long epochMillis);
}
