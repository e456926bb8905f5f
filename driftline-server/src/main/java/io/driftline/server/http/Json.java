package io.driftline.server.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.javalin.http.Context;

/** The one JSON mapper of the server, and helpers to answer with JSON. */
public final class Json {
  public static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(JsonParser.Feature.INCLUDE_SOURCE_IN_LOCATION)
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
          .build();

  private Json() {}

  /**
   * Answers with JSON already rendered, written straight to the response (for the ingest routes'
   * fixed-shape acknowledgements: no map to build and serialise, no result stream to copy).
   */
  public static void respondRendered(Context ctx, int status, byte[] json) {
    var response = ctx.res();
    response.setStatus(status);
    response.setContentType("application/json");
    response.setContentLength(json.length);
    try {
      response.getOutputStream().write(json);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot write response", e);
    }
  }

  /** {@code value} as a JSON string literal, quotes included, in UTF-8. */
  public static void appendString(java.io.ByteArrayOutputStream out, String value) {
    out.write('"');
    out.writeBytes(
        com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsUTF8(value));
    out.write('"');
  }

  public static void respond(Context ctx, int status, Object body) {
    try {
      ctx.status(status).contentType("application/json").result(MAPPER.writeValueAsBytes(body));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot render response", e);
    }
  }
}
