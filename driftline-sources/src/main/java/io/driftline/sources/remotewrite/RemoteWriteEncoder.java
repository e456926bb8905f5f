package io.driftline.sources.remotewrite;

import com.google.protobuf.CodedOutputStream;
import io.airlift.compress.snappy.SnappyCompressor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Map;

/**
 * The inverse of {@link RemoteWriteDecoder}: builds remote-write bodies as Prometheus does
 * (protobuf WriteRequest, snappy block format), for tests and load generators that speak
 * remote-write to Driftline.
 *
 * <p>{@code byte[] body = new RemoteWriteEncoder().series(Map.of("__name__", "up", "job", "node"),
 * 1_700_000_000_000L, 1).snappy(); }
 */
public final class RemoteWriteEncoder {
  private final ByteArrayOutputStream request = new ByteArrayOutputStream();

  /** Adds a series with {@code (timestamp ms, value)} pairs given as alternating numbers. */
  public RemoteWriteEncoder series(Map<String, String> labels, double... timeValuePairs) {
    try {
      ByteArrayOutputStream ts = new ByteArrayOutputStream();
      CodedOutputStream out = CodedOutputStream.newInstance(ts);
      for (var l : labels.entrySet()) {
        ByteArrayOutputStream label = new ByteArrayOutputStream();
        CodedOutputStream lo = CodedOutputStream.newInstance(label);
        lo.writeString(1, l.getKey());
        lo.writeString(2, l.getValue());
        lo.flush();
        out.writeByteArray(1, label.toByteArray());
      }
      for (int i = 0; i + 1 < timeValuePairs.length; i += 2) {
        ByteArrayOutputStream sample = new ByteArrayOutputStream();
        CodedOutputStream so = CodedOutputStream.newInstance(sample);
        so.writeDouble(1, timeValuePairs[i + 1]);
        so.writeInt64(2, (long) timeValuePairs[i]);
        so.flush();
        out.writeByteArray(2, sample.toByteArray());
      }
      out.flush();
      CodedOutputStream top = CodedOutputStream.newInstance(request);
      top.writeByteArray(1, ts.toByteArray());
      top.flush();
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public byte[] protobuf() {
    return request.toByteArray();
  }

  public byte[] snappy() {
    return snappy(protobuf());
  }

  public static byte[] snappy(byte[] raw) {
    SnappyCompressor c = new SnappyCompressor();
    byte[] out = new byte[c.maxCompressedLength(raw.length)];
    int n = c.compress(raw, 0, raw.length, out, 0, out.length);
    return Arrays.copyOf(out, n);
  }
}
