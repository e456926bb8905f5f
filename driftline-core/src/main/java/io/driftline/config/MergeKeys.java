package io.driftline.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which lists are merged by key rather than compared by position, and by which fields. Taken from
 * the {@code patchMergeKey} / {@code listMapKey} markers of the Kubernetes API types
 * (https://kubernetes.io/docs/reference/using-api/server-side-apply/#merge-strategy and {@code
 * k8s.io/api/core/v1/types.go}): containers, env and volumes by {@code name}, volume mounts by
 * {@code mountPath}, container ports by {@code (containerPort, protocol)}, service ports by {@code
 * (port, protocol)}. A missing {@code protocol} is defaulted to {@code TCP} as the API server does,
 * so a port written without it matches the live port the server defaulted.
 *
 * <p>A list is keyed only when every item has its key fields; otherwise it is compared by index.
 */
final class MergeKeys {
  private static final Map<String, List<String>> BY_FIELD =
      Map.ofEntries(
          Map.entry("containers", List.of("name")),
          Map.entry("initContainers", List.of("name")),
          Map.entry("ephemeralContainers", List.of("name")),
          Map.entry("env", List.of("name")),
          Map.entry("volumes", List.of("name")),
          Map.entry("volumeMounts", List.of("mountPath")),
          Map.entry("volumeDevices", List.of("devicePath")),
          Map.entry("imagePullSecrets", List.of("name")),
          Map.entry("hostAliases", List.of("ip")),
          Map.entry("readinessGates", List.of("conditionType")),
          Map.entry("resourceClaims", List.of("name")),
          Map.entry("schedulingGates", List.of("name")),
          Map.entry("topologySpreadConstraints", List.of("topologyKey", "whenUnsatisfiable")),
          Map.entry("conditions", List.of("type")),
          Map.entry("ownerReferences", List.of("uid")),
          Map.entry("secrets", List.of("name")),
          Map.entry("webhooks", List.of("name")));

  private MergeKeys() {}

  /** Key field names for the list stored under {@code field}; empty when compared by index. */
  static List<String> keysFor(String field, List<Object> items) {
    if (items.isEmpty()) return List.of();
    List<String> keys =
        field.equals("ports") ? portKeys(items) : BY_FIELD.getOrDefault(field, List.of());
    if (keys.isEmpty()) return keys;
    for (Object item : items) {
      Map<String, Object> m = Trees.map(item);
      if (m.isEmpty() || !m.containsKey(keys.get(0))) return List.of();
    }
    return keys;
  }

  private static List<String> portKeys(List<Object> items) {
    Map<String, Object> first = Trees.map(items.get(0));
    if (first.containsKey("containerPort")) return List.of("containerPort", "protocol");
    if (first.containsKey("port")) return List.of("port", "protocol");
    return List.of();
  }

  /** The item's key values in key order, with {@code protocol} defaulted to {@code TCP}. */
  static Map<String, Object> keyOf(Map<String, Object> item, List<String> keys) {
    Map<String, Object> key = new LinkedHashMap<>();
    for (String k : keys) {
      Object v = item.get(k);
      if (v == null && k.equals("protocol")) v = "TCP";
      key.put(k, v);
    }
    return key;
  }

  /** Does the item carry this key? Values compare as scalars, {@code 80 == "80"}. */
  static boolean matches(Map<String, Object> item, Map<String, Object> key) {
    for (var e : key.entrySet()) {
      Object v = item.get(e.getKey());
      if (v == null && e.getKey().equals("protocol")) v = "TCP";
      if (!Trees.sameScalar(v, e.getValue(), false)) return false;
    }
    return true;
  }

  static Optional<Map<String, Object>> find(List<Object> items, Map<String, Object> key) {
    for (Object o : items) {
      Map<String, Object> m = Trees.map(o);
      if (!m.isEmpty() && matches(m, key)) return Optional.of(m);
    }
    return Optional.empty();
  }

  /** {@code [containerPort=8080,protocol=TCP]}: the path selector for a keyed item. */
  static String selector(Map<String, Object> key) {
    StringBuilder sb = new StringBuilder("[");
    key.forEach((k, v) -> sb.append(sb.length() > 1 ? "," : "").append(k).append('=').append(v));
    return sb.append(']').toString();
  }
}
