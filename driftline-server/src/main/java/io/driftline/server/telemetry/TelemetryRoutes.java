package io.driftline.server.telemetry;

import io.driftline.server.http.ApiError;
import io.driftline.server.http.Bodies;
import io.driftline.server.http.Json;
import io.driftline.server.http.Route;
import io.driftline.server.http.Timestamps;
import io.driftline.server.ingest.TelemetryWriter;
import io.driftline.telemetry.Sample;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /v1/telemetry} (seeds/003) and {@code POST /v1/telemetry/batch}. A {@code 202} is
 * sent only after every sample of the request is committed; a batch is all-or-nothing.
 */
public final class TelemetryRoutes {
  private static final Set<String> JSON = Set.of("application/json");
  private static final Set<String> BATCH_TYPES =
      Set.of("application/json", "application/x-ndjson", "application/jsonl");

  private final TelemetryWriter writer;
  private final TelemetryDecoder decoder;
  private final long maxBodyBytes;
  private final Counter invalid;

  public TelemetryRoutes(
      TelemetryWriter writer, TelemetryDecoder decoder, long maxBodyBytes, MeterRegistry registry) {
    this.writer = writer;
    this.decoder = decoder;
    this.maxBodyBytes = maxBodyBytes;
    this.invalid =
        Counter.builder("driftline.ingest.requests.rejected")
            .description("ingest requests refused for bad input (4xx)")
            .register(registry);
  }

  public List<Route> routes() {
    return List.of(
        Route.post("/v1/telemetry", this::one), Route.post("/v1/telemetry/batch", this::batch));
  }

  void one(Context ctx) {
    TelemetryRecord record;
    try {
      Bodies.mediaType(ctx, JSON);
      record = decoder.decodeOne(Bodies.read(ctx, maxBodyBytes));
    } catch (ApiError e) {
      invalid.increment();
      throw e;
    }
    store(record.samples());
    Json.respondRendered(ctx, 202, accepted(record));
  }

  /**
   * The seed's acknowledgement, {@code {"status":"accepted","service_id":...,"timestamp":...}},
   * rendered without a map: on the single-sample path it cost as much as decoding the request.
   */
  static byte[] accepted(TelemetryRecord record) {
    var out = new java.io.ByteArrayOutputStream(96);
    out.writeBytes(ACCEPTED_HEAD);
    Json.appendString(out, record.serviceId());
    out.writeBytes(TIMESTAMP_FIELD);
    Json.appendString(out, Timestamps.format(record.timestamp()));
    out.write('}');
    return out.toByteArray();
  }

  private static final byte[] ACCEPTED_HEAD =
      "{\"status\":\"accepted\",\"service_id\":".getBytes(java.nio.charset.StandardCharsets.UTF_8);
  private static final byte[] TIMESTAMP_FIELD =
      ",\"timestamp\":".getBytes(java.nio.charset.StandardCharsets.UTF_8);

  void batch(Context ctx) {
    List<TelemetryRecord> records;
    try {
      String type = Bodies.mediaType(ctx, BATCH_TYPES);
      byte[] body = Bodies.read(ctx, maxBodyBytes);
      records =
          type.equals("application/json") ? decoder.decodeArray(body) : decoder.decodeNdjson(body);
    } catch (ApiError e) {
      invalid.increment();
      throw e;
    }
    List<Sample> samples = new ArrayList<>(records.size() * 2);
    for (TelemetryRecord r : records) samples.addAll(r.samples());
    store(samples);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", "accepted");
    body.put("accepted", records.size());
    body.put("samples", samples.size());
    Json.respond(ctx, 202, body);
  }

  private void store(List<Sample> samples) {
    writer.samples(samples);
  }
}
