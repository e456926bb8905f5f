package io.driftline.storage.sqlite;

import java.io.ByteArrayOutputStream;

/**
 * What the builders of {@link SampleChunk} and {@link SampleBatch} blobs share: the bytes, the
 * previous sample (the next one is written as deltas from it) and the count and bounds stored in
 * the blob's row beside it.
 */
abstract class SampleBlobBuilder {
  final ByteArrayOutputStream out;
  long previousSeq;
  long previousTs;
  private long minSeq = Long.MAX_VALUE;
  private long maxSeq = Long.MIN_VALUE;
  private long minTs = Long.MAX_VALUE;
  private long maxTs = Long.MIN_VALUE;
  private int count;

  SampleBlobBuilder(int initialBytes) {
    out = new ByteArrayOutputStream(initialBytes);
  }

  /** Called by a subclass after it wrote a sample. */
  final void appended(long seq, long epochMillis) {
    previousSeq = seq;
    previousTs = epochMillis;
    minSeq = Math.min(minSeq, seq);
    maxSeq = Math.max(maxSeq, seq);
    minTs = Math.min(minTs, epochMillis);
    maxTs = Math.max(maxTs, epochMillis);
    count++;
  }

  final int count() {
    return count;
  }

  final long minSeq() {
    return minSeq;
  }

  final long maxSeq() {
    return maxSeq;
  }

  final long minTs() {
    return minTs;
  }

  final long maxTs() {
    return maxTs;
  }

  final byte[] bytes() {
    return out.toByteArray();
  }
}
