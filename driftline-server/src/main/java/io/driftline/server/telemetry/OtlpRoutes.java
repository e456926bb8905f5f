package io.driftline.server.telemetry;

import com.google.protobuf.CodedOutputStream;
import io.driftline.server.http.ApiError;
import io.driftline.server.http.Bodies;
import io.driftline.server.http.Json;
import io.driftline.server.http.Route;
import io.driftline.server.ingest.TelemetryWriter;
import io.driftline.sources.otlp.OtlpConversion;
import io.driftline.sources.otlp.OtlpEncoding;
import io.driftline.sources.otlp.OtlpMetricsConverter;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * {@code POST /v1/metrics}: the OTLP/HTTP metrics receiver (opentelemetry-proto
 * docs/specification.md, "OTLP/HTTP"). Protobuf or JSON, optionally gzip-compressed. Points become
 * samples on the same path as {@code /v1/telemetry} (validation, durable commit before the answer,
 * detection); points that fail validation are left out and reported in the response's {@code
 * partial_success}. Failures answer with a {@code google.rpc.Status} in the request's encoding, as
 * the specification asks.
 */
public final class OtlpRoutes {
  // google.rpc.Code values (https://github.com/googleapis/googleapis, google/rpc/code.proto)
  private static final int INVALID_ARGUMENT = 3;
  private static final int RESOURCE_EXHAUSTED = 8;
  private static final int UNAVAILABLE = 14;

  private final TelemetryWriter writer;
  private final OtlpMetricsConverter converter;
  private final long maxBodyBytes;
  private final Counter rejectedPoints;

  public OtlpRoutes(
      TelemetryWriter writer,
      OtlpMetricsConverter converter,
      long maxBodyBytes,
      MeterRegistry registry) {
    this.writer = writer;
    this.converter = converter;
    this.maxBodyBytes = maxBodyBytes;
    this.rejectedPoints =
        Counter.builder("driftline.otlp.points.rejected")
            .description("OTLP data points left out of stored requests (partial success)")
            .register(registry);
  }

  public List<Route> routes() {
    return List.of(Route.post("/v1/metrics", this::metrics));
  }

  void metrics(Context ctx) {
    var encoding = OtlpEncoding.ofContentType(ctx.contentType());
    if (encoding.isEmpty()) {
      fail(
          ctx,
          OtlpEncoding.JSON,
          415,
          INVALID_ARGUMENT,
          "Content-Type "
              + ctx.contentType()
              + " is not OTLP/HTTP; use application/x-protobuf or application/json");
      return;
    }
    OtlpEncoding enc = encoding.get();
    try {
      ExportMetricsServiceRequest request = decode(ctx, enc);
      OtlpConversion conversion = converter.convert(request);
      if (!conversion.samples().isEmpty()) writer.samples(conversion.samples());
      rejectedPoints.increment(conversion.rejected());
      ctx.status(200).contentType(enc.mediaType()).result(enc.encode(conversion.response()));
    } catch (ApiError e) {
      e.headers().forEach(ctx::header);
      int code =
          e.status() == 503
              ? UNAVAILABLE
              : e.status() == 413 ? RESOURCE_EXHAUSTED : INVALID_ARGUMENT;
      fail(ctx, enc, e.status(), code, e.getMessage());
    }
  }

  private ExportMetricsServiceRequest decode(Context ctx, OtlpEncoding encoding) {
    byte[] body = inflate(ctx.header("Content-Encoding"), Bodies.read(ctx, maxBodyBytes));
    try {
      return encoding.decode(body);
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest(null, e.getMessage());
    }
  }

  private byte[] inflate(String contentEncoding, byte[] body) {
    String coding =
        contentEncoding == null ? "identity" : contentEncoding.strip().toLowerCase(Locale.ROOT);
    if (coding.isEmpty() || coding.equals("identity")) return body;
    if (!coding.equals("gzip")) {
      throw new ApiError(
          415,
          "unsupported_media_type",
          "Content-Encoding " + coding + " is not supported; use gzip or none",
          null,
          List.of(),
          Map.of());
    }
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(body.length * 4);
      byte[] buffer = new byte[8192];
      for (int n; (n = in.read(buffer)) > 0; ) {
        out.write(buffer, 0, n);
        if (out.size() > maxBodyBytes) {
          throw new ApiError(
              413,
              "payload_too_large",
              "gzip body inflates beyond the limit of "
                  + maxBodyBytes
                  + " bytes (server.max_body_bytes); send smaller batches",
              null,
              List.of(),
              Map.of());
        }
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw ApiError.badRequest(null, "body is not valid gzip: " + e.getMessage());
    }
  }

  /** Answers a {@code google.rpc.Status} with {@code code} and {@code message}. */
  private static void fail(Context ctx, OtlpEncoding encoding, int http, int code, String message) {
    ctx.status(http).contentType(encoding.mediaType());
    if (encoding == OtlpEncoding.JSON) {
      Map<String, Object> status = new LinkedHashMap<>();
      status.put("code", code);
      status.put("message", message);
      Json.respond(ctx, http, status);
      return;
    }
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      out.writeInt32(1, code);
      out.writeString(2, message);
      out.flush();
      ctx.result(bytes.toByteArray());
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode a status", e);
    }
  }
}
