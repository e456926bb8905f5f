package io.driftline.server.configdrift;

import io.driftline.config.ResourceId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Pairs desired objects with live (and predicted live) objects by API group, kind, namespace and
 * name. A desired object without a namespace matches a live object in any namespace (the namespace
 * then comes from the context {@code kubectl} runs in). One object on each side is always a pair,
 * so a file holding one desired and one live object needs no matching names.
 */
public final class ManifestPairs {
  private ManifestPairs() {}

  /** One comparison; an absent side means "not desired" or "not in the cluster". */
  public record Pair(
      Optional<Map<String, Object>> desired,
      Optional<Map<String, Object>> live,
      Optional<Map<String, Object>> predicted) {
    public ResourceId id() {
      return ResourceId.of(desired.or(() -> live).orElseThrow());
    }
  }

  public static List<Pair> match(
      List<Map<String, Object>> desired,
      List<Map<String, Object>> live,
      List<Map<String, Object>> predicted) {
    List<Pair> pairs = new ArrayList<>();
    if (desired.size() == 1 && live.size() == 1) {
      pairs.add(
          new Pair(
              Optional.of(desired.get(0)),
              Optional.of(live.get(0)),
              predicted.stream().findFirst()));
      return pairs;
    }
    List<Map<String, Object>> unmatchedLive = new ArrayList<>(live);
    List<Map<String, Object>> unmatchedPredicted = new ArrayList<>(predicted);
    for (Map<String, Object> d : desired) {
      ResourceId id = ResourceId.of(d);
      pairs.add(new Pair(Optional.of(d), take(unmatchedLive, id), take(unmatchedPredicted, id)));
    }
    for (Map<String, Object> l : unmatchedLive)
      pairs.add(new Pair(Optional.empty(), Optional.of(l), Optional.empty()));
    return pairs;
  }

  private static Optional<Map<String, Object>> take(
      List<Map<String, Object>> candidates, ResourceId wanted) {
    for (int k = 0; k < candidates.size(); k++) {
      ResourceId c = ResourceId.of(candidates.get(k));
      boolean same =
          c.group().equals(wanted.group())
              && c.kind().equals(wanted.kind())
              && c.name().equals(wanted.name())
              && (wanted.namespace().isEmpty() || c.namespace().equals(wanted.namespace()));
      if (same) return Optional.of(candidates.remove(k));
    }
    return Optional.empty();
  }
}
