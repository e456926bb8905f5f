package io.driftline.server.configdrift;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.driftline.config.DiffMode;
import io.driftline.config.DiffOptions;
import io.driftline.config.IgnoreRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code --rules} file (YAML or JSON): how to compare, in the keys Argo CD users know.
 *
 * <pre>
 * diffMode: server-side-diff        # auto | three-way | structured-merge-diff | server-side-diff | two-way
 * manager: argocd-controller        # server-side-apply field manager
 * ignoreMutationWebhook: true
 * ignoreAggregatedRoles: false      # ignore rules of ClusterRoles with an aggregationRule
 * ignoreDifferences:                # Argo CD's shape
 *   - group: apps
 *     kind: Deployment
 *     jqPathExpressions: ['.spec.template.spec.containers[] | select(.name == "app") | .image']
 * patchVersionsExpected: true
 * expectedPaths: [/metadata/annotations]
 * </pre>
 *
 * An unknown key is an error, so a typo does not silently compare differently.
 */
public final class DiffRules {
  private static final Set<String> KEYS =
      Set.of(
          "diffMode",
          "manager",
          "ignoreMutationWebhook",
          "ignoreAggregatedRoles",
          "ignoreDifferences",
          "patchVersionsExpected",
          "expectedPaths");
  private static final Set<String> RULE_KEYS =
      Set.of(
          "group",
          "kind",
          "name",
          "namespace",
          "jsonPointers",
          "jqPathExpressions",
          "managedFieldsManagers");

  private DiffRules() {}

  public static DiffOptions read(Path file) throws IOException {
    String text = Files.readString(file);
    if (text.isBlank()) return DiffOptions.defaults();
    Map<String, Object> m =
        new ObjectMapper(new YAMLFactory()).readValue(text, new TypeReference<>() {});
    return parse(m == null ? Map.of() : m);
  }

  public static DiffOptions parse(Map<String, Object> m) {
    for (String k : m.keySet()) {
      if (!KEYS.contains(k))
        throw new IllegalArgumentException("unknown key '" + k + "' in rules; known: " + KEYS);
    }
    DiffOptions o = DiffOptions.defaults();
    if (m.get("diffMode") != null)
      o = o.withMode(DiffMode.parse(String.valueOf(m.get("diffMode"))));
    if (m.get("manager") != null) o = o.withManager(String.valueOf(m.get("manager")));
    if (m.get("ignoreMutationWebhook") != null)
      o = o.withIgnoreMutationWebhook(bool(m, "ignoreMutationWebhook"));
    if (m.get("ignoreAggregatedRoles") != null)
      o = o.withIgnoreAggregatedRoles(bool(m, "ignoreAggregatedRoles"));
    if (m.get("patchVersionsExpected") != null)
      o = o.withPatchVersionsExpected(bool(m, "patchVersionsExpected"));
    if (m.get("expectedPaths") != null)
      o = o.withExpectedPaths(strings(m.get("expectedPaths"), "expectedPaths"));
    List<IgnoreRule> rules = new ArrayList<>();
    if (m.get("ignoreDifferences") instanceof List<?> list) {
      for (Object r : list) rules.add(rule(r));
    }
    return o.withIgnoreRules(rules);
  }

  private static IgnoreRule rule(Object o) {
    if (!(o instanceof Map<?, ?> r))
      throw new IllegalArgumentException(
          "an ignoreDifferences entry must be an object but was " + o);
    for (Object k : r.keySet()) {
      if (!RULE_KEYS.contains(String.valueOf(k))) {
        throw new IllegalArgumentException(
            "unknown key '" + k + "' in ignoreDifferences; known: " + RULE_KEYS);
      }
    }
    return new IgnoreRule(
        str(r.get("group")),
        str(r.get("kind")),
        str(r.get("name")),
        str(r.get("namespace")),
        strings(r.get("jsonPointers"), "jsonPointers"),
        strings(r.get("jqPathExpressions"), "jqPathExpressions"),
        strings(r.get("managedFieldsManagers"), "managedFieldsManagers"));
  }

  private static boolean bool(Map<String, Object> m, String key) {
    Object v = m.get(key);
    if (v instanceof Boolean b) return b;
    if ("true".equals(v) || "false".equals(v)) return Boolean.parseBoolean((String) v);
    throw new IllegalArgumentException(key + " must be true or false but was " + v);
  }

  private static String str(Object o) {
    return o == null ? null : String.valueOf(o);
  }

  private static List<String> strings(Object o, String key) {
    if (o == null) return List.of();
    if (!(o instanceof List<?> l))
      throw new IllegalArgumentException(key + " must be a list but was " + o);
    return l.stream().map(String::valueOf).toList();
  }
}
