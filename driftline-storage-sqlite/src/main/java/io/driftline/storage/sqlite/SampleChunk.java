package io.driftline.storage.sqlite;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The samples of one series moved out of the append-only log in one compaction, packed into a blob:
 * per sample the sequence number as a varint delta from the previous one, the timestamp as a
 * zig-zag varint delta (samples may arrive out of time order), and the value's 8 bytes. Deltas are
 * small in practice, so a sample costs about 13 bytes instead of a 4-column row plus its index
 * entry. (Varints and zig-zag as in Protocol Buffers' encoding documentation.)
 */
final class SampleChunk {
  /** One decoded sample of the chunk. */
  record Entry(long seq, long epochMillis, double value) {}

  /** Appends samples in ascending sequence order. */
  static final class Builder extends SampleBlobBuilder {
    Builder() {
      super(256);
    }

    void add(long seq, long epochMillis, double value) {
      if (count() > 0 && seq <= previousSeq) {
        throw new IllegalArgumentException("sequence numbers must ascend: " + seq);
      }
      Varints.write(out, count() == 0 ? seq : seq - previousSeq);
      Varints.write(out, Varints.zigzag(count() == 0 ? epochMillis : epochMillis - previousTs));
      Varints.writeDouble(out, value);
      appended(seq, epochMillis);
    }
  }

  private SampleChunk() {}

  /** Calls {@code each} for every sample in the blob, in the order they were added. */
  static void decode(byte[] data, EntryConsumer each) {
    ByteBuffer in = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    long seq = 0;
    long ts = 0;
    boolean first = true;
    while (in.hasRemaining()) {
      long seqDelta = Varints.read(in, "sample chunk");
      long tsDelta = Varints.unzigzag(Varints.read(in, "sample chunk"));
      seq = first ? seqDelta : seq + seqDelta;
      ts = first ? tsDelta : ts + tsDelta;
      first = false;
      each.accept(seq, ts, Double.longBitsToDouble(in.getLong()));
    }
  }

  /** Receives decoded samples without boxing. */
  @FunctionalInterface
  interface EntryConsumer {
    void accept(long seq, long epochMillis, double value);
  }
}
