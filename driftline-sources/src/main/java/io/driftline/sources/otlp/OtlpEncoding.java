package io.driftline.sources.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * The two encodings OTLP/HTTP allows (opentelemetry-proto's docs/specification.md, "OTLP/HTTP"):
 * binary protobuf ({@code application/x-protobuf}) and the protobuf JSON mapping ({@code
 * application/json}, field names in lowerCamelCase or as in the .proto, 64-bit integers as strings
 * or numbers, enums as integers). A response is written in the encoding of its request.
 */
public enum OtlpEncoding {
  PROTOBUF("application/x-protobuf"),
  JSON("application/json");

  private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
  private static final JsonFormat.Printer PRINTER =
      JsonFormat.printer().omittingInsignificantWhitespace();

  private final String mediaType;

  OtlpEncoding(String mediaType) {
    this.mediaType = mediaType;
  }

  public String mediaType() {
    return mediaType;
  }

  /** The encoding of a Content-Type header value (parameters ignored), if OTLP has one for it. */
  public static Optional<OtlpEncoding> ofContentType(String contentType) {
    if (contentType == null) return Optional.empty();
    String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    for (OtlpEncoding e : values()) if (e.mediaType.equals(type)) return Optional.of(e);
    return Optional.empty();
  }

  /**
   * Decodes an export request.
   *
   * @throws IllegalArgumentException naming the encoding and the parser's reason when the body is
   *     not a valid request in this encoding
   */
  public ExportMetricsServiceRequest decode(byte[] body) {
    try {
      if (this == PROTOBUF) return ExportMetricsServiceRequest.parseFrom(body);
      var builder = ExportMetricsServiceRequest.newBuilder();
      PARSER.merge(new String(body, StandardCharsets.UTF_8), builder);
      return builder.build();
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException(
          "body is not an OTLP ExportMetricsServiceRequest in " + mediaType + ": " + e.getMessage(),
          e);
    }
  }

  public byte[] encode(ExportMetricsServiceResponse response) {
    if (this == PROTOBUF) return response.toByteArray();
    try {
      return PRINTER.print(response).getBytes(StandardCharsets.UTF_8);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("cannot print an OTLP response as JSON", e);
    }
  }
}
