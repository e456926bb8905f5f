package io.driftline.storage.sqlite;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/**
 * Base-128 varints and zig-zag signed values, as Protocol Buffers' encoding documentation describes
 * them: the blobs of {@link SampleChunk} and {@link SampleBatch} store small deltas in a byte or
 * two.
 */
final class Varints {
  private Varints() {}

  static void write(ByteArrayOutputStream out, long v) {
    while ((v & ~0x7FL) != 0) {
      out.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }

  /** Reads one varint; {@code what} names the blob in the error for a malformed one. */
  static long read(ByteBuffer in, String what) {
    long result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      byte b = in.get();
      result |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) return result;
    }
    throw new IllegalStateException("malformed varint in " + what);
  }

  /** The value's 8 bytes, little-endian. */
  static void writeDouble(ByteArrayOutputStream out, double value) {
    long bits = Double.doubleToRawLongBits(value);
    for (int i = 0; i < 8; i++) out.write((int) (bits >>> (8 * i)));
  }

  static long zigzag(long v) {
    return (v << 1) ^ (v >> 63);
  }

  static long unzigzag(long v) {
    return (v >>> 1) ^ -(v & 1);
  }
}
