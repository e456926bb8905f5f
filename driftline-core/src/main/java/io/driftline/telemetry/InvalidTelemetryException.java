package io.driftline.telemetry;

/**
 * Input that cannot become a sample. Carries the offending field so that an API can name it; a
 * caller that sees this must store nothing of the request.
 */
public final class InvalidTelemetryException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private final String field;

  public InvalidTelemetryException(String field, String message) {
    super(message);
    this.field = field;
  }

  /** JSON-style path of the offending field, e.g. {@code latency_ms} or {@code [3].service_id}. */
  public String field() {
    return field;
  }

  public InvalidTelemetryException at(String prefix) {
    return new InvalidTelemetryException(
        prefix + (field.isEmpty() ? "" : "." + field), getMessage());
  }
}
