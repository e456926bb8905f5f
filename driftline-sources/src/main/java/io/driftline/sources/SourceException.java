package io.driftline.sources;

import java.util.OptionalInt;

/**
 * A source could not answer: the remote system was unreachable, refused, rate-limited past the
 * retries allowed, or answered in a shape that cannot be mapped. The message is safe to show to
 * users and to log: it never contains credentials.
 */
public final class SourceException extends Exception {
  private final OptionalInt status;

  public SourceException(String message) {
    this(message, OptionalInt.empty(), null);
  }

  public SourceException(String message, Throwable cause) {
    this(message, OptionalInt.empty(), cause);
  }

  public SourceException(String message, OptionalInt status, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  /** The last HTTP status the remote answered with, when it answered at all. */
  public OptionalInt status() {
    return status;
  }
}
