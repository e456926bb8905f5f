package io.driftline.sources;

/**
 * A system Driftline pulls telemetry from (Prometheus, a Kubernetes API, New Relic, Hawkeye).
 *
 * <p>A source only reads: it turns one {@link PullRequest} window into a {@link SourceBatch} of pod
 * metrics, capacity snapshots and configuration changes in Driftline's own model. Storing the
 * batch, deduplicating overlapping windows and scheduling runs belong to the caller, so every
 * source gets them the same way. Implementations are safe to call from one thread at a time.
 */
public interface TelemetrySource extends AutoCloseable {

  /** The source's name in config and in the API, e.g. {@code prometheus}, {@code eks}. */
  String name();

  /**
   * Reads the window {@code [start, end)} of the request.
   *
   * @throws SourceException when the remote system cannot answer after the retries its {@link
   *     RetryPolicy} allows, or answers with something that cannot be mapped; the message names the
   *     source and the problem and never contains a secret.
   */
  SourceBatch pull(PullRequest request) throws SourceException;

  /** Releases connections; the default has none to release. */
  @Override
  default void close() {}
}
