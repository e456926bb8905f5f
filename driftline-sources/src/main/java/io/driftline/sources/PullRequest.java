package io.driftline.sources;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One window to read from a source, as {@code POST /api/v1/ingest/{source}} takes it: the cluster
 * the rows belong to, {@code [start, end)}, and the namespaces to keep (empty = all).
 */
public record PullRequest(String clusterId, Instant start, Instant end, List<String> namespaces) {

  public PullRequest {
    Objects.requireNonNull(clusterId, "clusterId");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    if (!start.isBefore(end)) {
      throw new IllegalArgumentException("start " + start + " must be before end " + end);
    }
    namespaces = List.copyOf(namespaces);
  }

  /** Whether rows of {@code namespace} belong in the answer. */
  public boolean includes(String namespace) {
    return namespaces.isEmpty() || namespaces.contains(namespace);
  }
}
