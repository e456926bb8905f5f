package io.driftline.server.http;

import java.util.List;
import java.util.Map;

/**
 * An error answer: status, a machine-readable code, a message for people, and optionally the field
 * at fault and per-item details. Rendered as {@code {"error": code, "message": ..., "field": ...,
 * "errors": [...]}}.
 */
public final class ApiError extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final String code;
  private final String field;
  private final transient List<Map<String, Object>> errors;
  private final transient Map<String, String> headers;

  public ApiError(
      int status,
      String code,
      String message,
      String field,
      List<Map<String, Object>> errors,
      Map<String, String> headers) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.field = field;
    this.errors = errors;
    this.headers = headers;
  }

  public static ApiError badRequest(String field, String message) {
    return new ApiError(400, "invalid_request", message, field, List.of(), Map.of());
  }

  public static ApiError notFound(String message) {
    return new ApiError(404, "not_found", message, null, List.of(), Map.of());
  }

  public static ApiError unavailable(String message, int retryAfterSeconds) {
    return new ApiError(
        503,
        "unavailable",
        message,
        null,
        List.of(),
        Map.of("Retry-After", Integer.toString(retryAfterSeconds)));
  }

  public int status() {
    return status;
  }

  public Map<String, String> headers() {
    return headers;
  }

  public Map<String, Object> body() {
    var body = new java.util.LinkedHashMap<String, Object>();
    body.put("error", code);
    body.put("message", getMessage());
    if (field != null) body.put("field", field);
    if (!errors.isEmpty()) body.put("errors", errors);
    return body;
  }
}
