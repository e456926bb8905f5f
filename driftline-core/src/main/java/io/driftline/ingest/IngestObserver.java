package io.driftline.ingest;

/**
 * Hooks for metrics. Called from pipeline threads, so implementations must be cheap and
 * thread-safe. The server binds them to Micrometer; core stays free of metrics libraries.
 */
public interface IngestObserver {
  IngestObserver NOOP = new IngestObserver() {};

  /** A group commit of {@code samples} samples took {@code nanos}. */
  default void committed(int samples, long nanos) {}

  /** A group commit failed; its samples were refused. */
  default void commitFailed(int samples, Throwable cause) {}

  /** {@code samples} were refused because the queue was full. */
  default void overloaded(int samples) {}

  /** A batch reached detection {@code nanos} after it was submitted. */
  default void detected(int samples, long nanos) {}
}
