package io.driftline.detect.eval;

/** A series file that cannot be read; the message names the file and line. */
public final class InvalidCsvException extends RuntimeException {
  public InvalidCsvException(String message) {
    super(message);
  }
}
