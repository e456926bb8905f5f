package io.driftline.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes the fields that matching {@link IgnoreRule}s select from every tree of one comparison.
 */
final class IgnoredFields {
  private static final Pattern SELECTOR = Pattern.compile("(.*)\\[([^\\]]*)\\]");

  private IgnoredFields() {}

  /**
   * @param owners field owners per manager, from the live (and predicted) object's {@code
   *     managedFields}
   * @param trees normalised desired, live, predicted and last-applied trees; changed in place
   */
  static void remove(
      List<IgnoreRule> rules,
      ResourceId id,
      Map<String, FieldSet> owners,
      List<Map<String, Object>> trees) {
    for (IgnoreRule rule : rules) {
      if (!rule.matches(id)) continue;
      FieldSet managed = FieldSet.union(owners, rule.managedFieldsManagers()::contains);
      List<JqPath> jq = rule.jqPathExpressions().stream().map(JqPath::parse).toList();
      for (Map<String, Object> t : trees) {
        rule.jsonPointers().forEach(p -> removePointer(t, p));
        jq.forEach(j -> j.deleteFrom(t));
        managed.removeFrom(t);
        ManifestNormalizer.prune(t);
      }
    }
  }

  /**
   * RFC 6901 pointer; a list step is an index ({@code /containers/0}) or, as in Driftline's output,
   * a key selector ({@code /containers[name=app]}). A pointer to nothing is a no-op.
   */
  static void removePointer(Map<String, Object> root, String pointer) {
    if (pointer.isEmpty() || pointer.equals("/")) return;
    String[] tokens = pointer.substring(pointer.startsWith("/") ? 1 : 0).split("/", -1);
    List<Object> parents = new ArrayList<>();
    Object node = root;
    Object last = null;
    for (String raw : tokens) {
      Matcher m = SELECTOR.matcher(raw);
      String name = Paths.unescape(m.matches() ? m.group(1) : raw);
      parents.add(node);
      last = step(node, name);
      node = last == null ? null : value(node, last);
      if (m.matches() && node instanceof List<?> list) {
        parents.add(node);
        last = selectIndex(Trees.list(list), m.group(2));
        node = last == null ? null : list.get((Integer) last);
      }
      if (node == null) return;
    }
    Object parent = parents.get(parents.size() - 1);
    if (parent instanceof Map<?, ?> pm) pm.remove(last);
    else if (parent instanceof List<?> pl) pl.remove((int) (Integer) last);
  }

  private static Object step(Object node, String name) {
    if (node instanceof Map<?, ?> m) return m.containsKey(name) ? name : null;
    if (node instanceof List<?> l && name.matches("\\d+")) {
      int k = Integer.parseInt(name);
      return k < l.size() ? k : null;
    }
    return null;
  }

  private static Object value(Object node, Object token) {
    return token instanceof Integer k ? Trees.list(node).get(k) : Trees.map(node).get(token);
  }

  private static Integer selectIndex(List<Object> list, String selector) {
    Map<String, Object> key = new java.util.LinkedHashMap<>();
    for (String pair : selector.split(",")) {
      int eq = pair.indexOf('=');
      if (eq > 0) key.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
    }
    for (int k = 0; k < list.size(); k++) {
      Map<String, Object> item = Trees.map(list.get(k));
      if (!item.isEmpty() && MergeKeys.matches(item, key)) return k;
    }
    return null;
  }
}
