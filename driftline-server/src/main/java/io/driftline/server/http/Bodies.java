package io.driftline.server.http;

import io.javalin.http.Context;
import java.util.Locale;
import java.util.Set;

/** Request bodies of the API routes: read once, with media type (415) and size (413) checks. */
public final class Bodies {
  private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

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
   * Read here rather than with {@code ctx.bodyAsBytes()}, whose 8 KB read buffer per request was
   * the largest allocation of the single-sample ingest path (a JFR allocation profile at 10,000
   * requests/s, docs/benchmarks.md); the body of a route is read once, by this.
   */
  public static byte[] read(Context ctx, long maxBytes) {
    byte[] body = readOptional(ctx, maxBytes);
    if (body.length == 0) throw ApiError.badRequest(null, "request body is empty");
    return body;
  }

  /** As {@link #read(Context, long)}, but an empty body is an empty array. */
  public static byte[] readOptional(Context ctx, long maxBytes) {
    try {
      return read(ctx.req().getInputStream(), ctx.contentLength(), maxBytes);
    } catch (java.io.IOException e) {
      throw ApiError.badRequest(null, "could not read the request body: " + e.getMessage());
    }
  }

  /**
   * Reads {@code in} to its end: exactly {@code declared} bytes into one array when the length is
   * known ({@code >= 0}), else in a buffer that doubles from 1 KB; more than {@code maxBytes} is a
   * 413, fewer bytes than declared a 400.
   */
  static byte[] read(java.io.InputStream in, long declared, long maxBytes)
      throws java.io.IOException {
    long limit = Math.min(maxBytes, MAX_ARRAY);
    if (declared > limit) throw tooLarge(declared, limit);
    byte[] body;
    if (declared >= 0) {
      body = in.readNBytes((int) declared);
      if (body.length < declared) {
        throw ApiError.badRequest(
            null, "request body ended after " + body.length + " of " + declared + " bytes");
      }
    } else {
      body = readUnknownLength(in, limit);
    }
    return body;
  }

  private static byte[] readUnknownLength(java.io.InputStream in, long maxBytes)
      throws java.io.IOException {
    byte[] buffer = new byte[(int) Math.min(1024, maxBytes + 1)];
    int size = 0;
    while (true) {
      if (size == buffer.length) {
        if (size > maxBytes) throw tooLarge(-1, maxBytes); // chunked: its length is unknown
        buffer = java.util.Arrays.copyOf(buffer, (int) Math.min(2L * size, maxBytes + 1));
      }
      int read = in.read(buffer, size, buffer.length - size);
      if (read < 0) return java.util.Arrays.copyOf(buffer, size);
      size += read;
    }
  }

  /** {@code size} -1: a body sent without a length, stopped at the limit. */
  static ApiError tooLarge(long size, long maxBytes) {
    return new ApiError(
        413,
        "payload_too_large",
        (size < 0 ? "request body" : "request body of " + size + " bytes")
            + " exceeds the limit of "
            + maxBytes
            + " bytes (server.max_body_bytes); split it into smaller batches",
        null,
        java.util.List.of(),
        java.util.Map.of());
  }
}
