package io.driftline.server.http;

import io.javalin.http.Context;
import java.util.Locale;
import java.util.Set;

/** Request body checks shared by the ingest routes: media type (415) and size (413). */
public final class Bodies {
  private Bodies() {}

  /**
   * The request's media type without parameters, lower case; a request without a Content-Type is
   * taken as JSON, since every DriftWatch client sends JSON.
   */
  public static String mediaType(Context ctx, Set<String> accepted) {
    String header = ctx.contentType();
    String type =
        header == null || header.isBlank()
            ? "application/json"
            : header.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    if (!accepted.contains(type)) {
      throw new ApiError(
          415,
          "unsupported_media_type",
          "Content-Type " + type + " is not accepted here; use one of " + accepted,
          null,
          java.util.List.of(),
          java.util.Map.of());
    }
    return type;
  }

  /**
   * The body, refusing more than {@code maxBytes} before reading it all where the length is known.
   */
  public static byte[] read(Context ctx, long maxBytes) {
    long declared = ctx.contentLength();
    if (declared > maxBytes) throw tooLarge(declared, maxBytes);
    byte[] body = ctx.bodyAsBytes();
    if (body.length > maxBytes) throw tooLarge(body.length, maxBytes);
    if (body.length == 0) throw ApiError.badRequest(null, "request body is empty");
    return body;
  }

  static ApiError tooLarge(long size, long maxBytes) {
    return new ApiError(
        413,
        "payload_too_large",
        "request body of "
            + size
            + " bytes exceeds the limit of "
            + maxBytes
            + " bytes (server.max_body_bytes); split it into smaller batches",
        null,
        java.util.List.of(),
        java.util.Map.of());
  }
}
