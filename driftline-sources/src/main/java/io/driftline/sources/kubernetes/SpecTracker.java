package io.driftline.sources.kubernetes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.driftline.change.ConfigChange;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Remembers the last observed spec of each tracked object (in memory) and turns a difference into
 * {@link ConfigChange}s with before and after. The first observation of an object is its baseline,
 * not a change: the source cannot know what it looked like before, and a restart of Driftline must
 * not report every Deployment of the cluster as changed.
 *
 * <p>An object's spec is a set of aspects (e.g. {@code image}, {@code replicas}, {@code resources},
 * {@code hpa}); each aspect that differs gives one change of that {@code change_type}. Aspects are
 * compared on a canonical form (so {@code 500m} equals {@code 0.5}) and reported as written. A
 * change's id is derived from the object, the aspect and the object's {@code resourceVersion}, so
 * the same change observed twice has one id.
 */
final class SpecTracker {
  /** One aspect of a spec: what to show, and what to compare. */
  record Aspect(Object shown, Object canonical) {
    static Aspect of(Object value) {
      return new Aspect(value, value);
    }
  }

  /** One observation of an object. */
  record Observation(
      String kind,
      String namespace,
      String name,
      String workload,
      String resourceVersion,
      long changedAtMillis,
      String changedBy,
      Map<String, Aspect> aspects) {}

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private final Map<String, Map<String, Aspect>> last = new HashMap<>();

  /** The changes since the last observation of the same object; none on the first. */
  List<ConfigChange> observe(String clusterId, Observation o) {
    String key = key(clusterId, o.kind(), o.namespace(), o.name());
    Map<String, Aspect> before = last.put(key, Map.copyOf(o.aspects()));
    List<ConfigChange> changes = new ArrayList<>();
    if (before == null) return changes;
    for (var e : o.aspects().entrySet()) {
      Aspect was = before.get(e.getKey());
      if (was == null || Objects.equals(was.canonical(), e.getValue().canonical())) continue;
      changes.add(change(clusterId, o, e.getKey(), was.shown(), e.getValue().shown()));
    }
    return changes;
  }

  /**
   * Forgets the objects of {@code kind} in scope that were not seen in the last pull (deleted), so
   * an object created again later starts from a new baseline.
   */
  void retain(String clusterId, String kind, Predicate<String> namespaceInScope, Set<String> seen) {
    Set<String> seenKeys = new HashSet<>();
    for (String s : seen) seenKeys.add(clusterId + "|" + kind + "|" + s);
    String prefix = clusterId + "|" + kind + "|";
    last.keySet()
        .removeIf(
            k -> {
              if (!k.startsWith(prefix)) return false;
              String namespace = k.substring(prefix.length(), k.indexOf('/', prefix.length()));
              return namespaceInScope.test(namespace) && !seenKeys.contains(k);
            });
  }

  int size() {
    return last.size();
  }

  static String seenKey(String namespace, String name) {
    return namespace + "/" + name;
  }

  private static String key(String clusterId, String kind, String namespace, String name) {
    return clusterId + "|" + kind + "|" + seenKey(namespace, name);
  }

  private static ConfigChange change(
      String clusterId, Observation o, String type, Object before, Object after) {
    String identity =
        String.join("|", clusterId, o.kind(), o.namespace(), o.name(), type, o.resourceVersion());
    return new ConfigChange(
        UUID.nameUUIDFromBytes(identity.getBytes(StandardCharsets.UTF_8)).toString(),
        clusterId,
        o.namespace(),
        o.workload(),
        type,
        o.changedAtMillis(),
        o.changedBy(),
        json(before),
        json(after));
  }

  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + value + " as JSON", e);
    }
  }
}
