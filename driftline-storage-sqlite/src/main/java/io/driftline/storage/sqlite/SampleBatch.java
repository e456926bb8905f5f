package io.driftline.storage.sqlite;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The samples of one write, as one row of the log ({@code sample_batches}): per sample the sequence
 * number as a zig-zag varint delta from the previous one, the series id as a varint, the timestamp
 * as a zig-zag varint delta and the value's 8 bytes. One row and one blob per group commit instead
 * of one row per sample: the writer binds two parameters per commit instead of four per sample, and
 * compaction reads a commit's samples back in one step. (The same varint and zig-zag encoding as
 * {@link SampleChunk}, from Protocol Buffers' encoding documentation.)
 */
final class SampleBatch {
  /** Inserts one row of the log; bind it with {@link Builder#bind}. */
  static final String INSERT =
      "INSERT INTO sample_batches (min_seq, max_seq, min_ts, max_ts, n, data)"
          + " VALUES (?, ?, ?, ?, ?, ?)";

  /** Appends the samples of one write, in any order. */
  static final class Builder extends SampleBlobBuilder {
    Builder(int expectedSamples) {
      super(Math.max(16, expectedSamples * 14));
    }

    void add(long seq, long seriesId, long epochMillis, double value) {
      if (seriesId < 0) throw new IllegalArgumentException("series id must be >= 0: " + seriesId);
      Varints.write(out, Varints.zigzag(count() == 0 ? seq : seq - previousSeq));
      Varints.write(out, seriesId);
      Varints.write(out, Varints.zigzag(count() == 0 ? epochMillis : epochMillis - previousTs));
      Varints.writeDouble(out, value);
      appended(seq, epochMillis);
    }

    /** Binds the parameters of {@link #INSERT}. */
    void bind(java.sql.PreparedStatement insert) throws java.sql.SQLException {
      insert.setLong(1, minSeq());
      insert.setLong(2, maxSeq());
      insert.setLong(3, minTs());
      insert.setLong(4, maxTs());
      insert.setInt(5, count());
      insert.setBytes(6, bytes());
    }
  }

  /** Receives decoded samples without boxing. */
  @FunctionalInterface
  interface EntryConsumer {
    void accept(long seq, long seriesId, long epochMillis, double value);
  }

  private SampleBatch() {}

  /** Calls {@code each} for every sample of the blob, in the order they were added. */
  static void decode(byte[] data, EntryConsumer each) {
    ByteBuffer in = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    long seq = 0;
    long ts = 0;
    while (in.hasRemaining()) {
      seq += Varints.unzigzag(Varints.read(in, "sample batch"));
      long seriesId = Varints.read(in, "sample batch");
      ts += Varints.unzigzag(Varints.read(in, "sample batch"));
      each.accept(seq, seriesId, ts, Double.longBitsToDouble(in.getLong()));
    }
  }
}
