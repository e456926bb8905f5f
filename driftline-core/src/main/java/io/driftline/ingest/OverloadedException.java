package io.driftline.ingest;

/** The pipeline holds as many uncommitted samples as it may; nothing of the submission was kept. */
public final class OverloadedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public OverloadedException(String message) {
    super(message, null, false, false);
  }
}
