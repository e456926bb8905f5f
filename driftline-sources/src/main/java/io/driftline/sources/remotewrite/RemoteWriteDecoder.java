package io.driftline.sources.remotewrite;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import io.airlift.compress.MalformedInputException;
import io.airlift.compress.snappy.SnappyDecompressor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Decodes a Prometheus remote-write 1.0 request body: snappy block format (not framed), then the
 * protobuf {@code prometheus.WriteRequest} of prompb/remote.proto and prompb/types.proto. Only the
 * fields Driftline uses are read ({@code timeseries} with their {@code labels} and {@code
 * samples}); metadata, exemplars and native histograms are skipped, as protobuf allows for unknown
 * fields. Field numbers, from the spec (prometheus.io/docs/specs/remote_write_spec/):
 *
 * <pre>
 * WriteRequest { repeated TimeSeries timeseries = 1; repeated MetricMetadata metadata = 3; }
 * TimeSeries   { repeated Label labels = 1; repeated Sample samples = 2; ... }
 * Label        { string name = 1; string value = 2; }
 * Sample       { double value = 1; int64 timestamp = 2; }   // timestamp in ms
 * </pre>
 */
public final class RemoteWriteDecoder {
  /** One series of the request: its labels (with {@code __name__}) and its samples. */
  public record Series(Map<String, String> labels, long[] timestamps, double[] values) {}

  /** A body that is not a remote-write request; the message says what is wrong with it. */
  public static final class MalformedRequestException extends Exception {
    public MalformedRequestException(String message) {
      super(message);
    }
  }

  private RemoteWriteDecoder() {}

  /** A field's tag as it appears on the wire (protobuf encoding: number << 3 | wire type). */
  private static int tag(int field, int wireType) {
    return field << 3 | wireType;
  }

  /** Uncompresses and parses, refusing bodies that would expand beyond {@code maxBytes}. */
  public static List<Series> decode(byte[] body, int maxBytes) throws MalformedRequestException {
    return parse(uncompress(body, maxBytes));
  }

  static byte[] uncompress(byte[] body, int maxBytes) throws MalformedRequestException {
    int length;
    try {
      length = SnappyDecompressor.getUncompressedLength(body, 0);
    } catch (MalformedInputException | IndexOutOfBoundsException e) {
      throw new MalformedRequestException("body is not snappy-compressed (block format)");
    }
    if (length < 0 || length > maxBytes) {
      throw new MalformedRequestException(
          "body expands to " + length + " bytes, more than the " + maxBytes + " allowed");
    }
    byte[] out = new byte[length];
    try {
      int n = new SnappyDecompressor().decompress(body, 0, body.length, out, 0, out.length);
      if (n != length) {
        throw new MalformedRequestException(
            "snappy body declares " + length + " bytes but holds " + n);
      }
    } catch (MalformedInputException | IndexOutOfBoundsException e) {
      throw new MalformedRequestException("body is not valid snappy data: " + e.getMessage());
    }
    return out;
  }

  static List<Series> parse(byte[] proto) throws MalformedRequestException {
    try {
      CodedInputStream in = CodedInputStream.newInstance(proto);
      List<Series> series = new ArrayList<>();
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        if (tag == tag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
          int limit = in.pushLimit(in.readRawVarint32());
          series.add(timeSeries(in, series.size()));
          in.popLimit(limit);
        } else if (!in.skipField(tag)) {
          break;
        }
      }
      return series;
    } catch (InvalidProtocolBufferException e) {
      throw new MalformedRequestException("body is not a protobuf WriteRequest: " + e.getMessage());
    } catch (IOException e) {
      throw new MalformedRequestException("body cannot be read: " + e.getMessage());
    }
  }

  private static Series timeSeries(CodedInputStream in, int index)
      throws IOException, MalformedRequestException {
    Map<String, String> labels = new TreeMap<>();
    List<Long> times = new ArrayList<>();
    List<Double> values = new ArrayList<>();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag == tag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
        int limit = in.pushLimit(in.readRawVarint32());
        String[] label = label(in);
        in.popLimit(limit);
        if (labels.put(label[0], label[1]) != null) {
          throw new MalformedRequestException(
              "series " + index + " has the label " + label[0] + " twice");
        }
      } else if (tag == tag(2, WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
        int limit = in.pushLimit(in.readRawVarint32());
        double value = 0;
        long timestamp = 0;
        for (int t = in.readTag(); t != 0; t = in.readTag()) {
          if (t == tag(1, WireFormat.WIRETYPE_FIXED64)) value = in.readDouble();
          else if (t == tag(2, WireFormat.WIRETYPE_VARINT)) timestamp = in.readInt64();
          else if (!in.skipField(t)) break;
        }
        in.popLimit(limit);
        times.add(timestamp);
        values.add(value);
      } else if (!in.skipField(tag)) {
        break;
      }
    }
    return new Series(
        labels,
        times.stream().mapToLong(Long::longValue).toArray(),
        values.stream().mapToDouble(Double::doubleValue).toArray());
  }

  private static String[] label(CodedInputStream in) throws IOException {
    String name = "";
    String value = "";
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag == tag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED)) name = in.readStringRequireUtf8();
      else if (tag == tag(2, WireFormat.WIRETYPE_LENGTH_DELIMITED))
        value = in.readStringRequireUtf8();
      else if (!in.skipField(tag)) break;
    }
    return new String[] {name, value};
  }
}
