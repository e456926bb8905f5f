package io.driftline.config;

import java.util.List;

/**
 * One entry of Argo CD's {@code ignoreDifferences}, so users can paste the rules they have (see
 * https://argo-cd.readthedocs.io/en/stable/user-guide/diffing/).
 *
 * <p>Matching follows Argo CD: {@code group} and {@code kind} are compared with the object's API
 * group and kind, {@code "*"} matches anything and an absent group means the core group ({@code
 * ""}); an empty {@code name} or {@code namespace} matches every object. The selected fields are
 * removed from both sides before comparing: {@code jsonPointers} (RFC 6901, with numeric indices or
 * {@code [key=value]} selectors), {@code jqPathExpressions} (the subset that {@link JqPath}
 * documents) and {@code managedFieldsManagers} (every field that one of these managers owns in the
 * live object's {@code metadata.managedFields}).
 */
public record IgnoreRule(
    String group,
    String kind,
    String name,
    String namespace,
    List<String> jsonPointers,
    List<String> jqPathExpressions,
    List<String> managedFieldsManagers) {

  public IgnoreRule {
    group = group == null ? "" : group;
    kind = kind == null ? "" : kind;
    name = name == null ? "" : name;
    namespace = namespace == null ? "" : namespace;
    jsonPointers = jsonPointers == null ? List.of() : List.copyOf(jsonPointers);
    jqPathExpressions = jqPathExpressions == null ? List.of() : List.copyOf(jqPathExpressions);
    managedFieldsManagers =
        managedFieldsManagers == null ? List.of() : List.copyOf(managedFieldsManagers);
    jqPathExpressions.forEach(JqPath::parse); // fail fast on an expression we cannot evaluate
  }

  /** A rule that ignores the given JSON pointers on every object of a kind in a group. */
  public static IgnoreRule pointers(String group, String kind, String... pointers) {
    return new IgnoreRule(group, kind, "", "", List.of(pointers), List.of(), List.of());
  }

  public boolean matches(ResourceId id) {
    return glob(group, id.group(), false)
        && glob(kind, id.kind(), false)
        && glob(name, id.name(), true)
        && glob(namespace, id.namespace(), true);
  }

  private static boolean glob(String pattern, String value, boolean emptyMatchesAll) {
    if (pattern.isEmpty()) return emptyMatchesAll || value.isEmpty();
    if (pattern.equals("*")) return true;
    if (!pattern.contains("*")) return pattern.equals(value);
    String regex = ("\\Q" + pattern + "\\E").replace("*", "\\E.*\\Q");
    return value.matches(regex);
  }
}
