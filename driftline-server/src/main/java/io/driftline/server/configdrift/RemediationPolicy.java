package io.driftline.server.configdrift;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.driftline.config.Difference;
import io.driftline.config.ResourceId;
import io.driftline.config.Severity;
import io.driftline.server.config.ConfigDriftSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which remediation applies to a drifted object: the first matching rule of the policy file ({@code
 * configdrift.policy_file}), else {@code configdrift.default_policy}.
 *
 * <pre>
 * rules:
 *   - kind: StatefulSet          # group, kind, namespace, name: globs; absent matches all
 *     namespace: "team-*"
 *     resourceType: database     # the provision's type, or the lower-case kind of a manifest
 *     minSeverity: warning       # info | warning | critical (the object's worst unexpected one)
 *     paths: [/spec/replicas]    # every unexpected difference under one of these prefixes
 *     policy: auto-remediate     # auto-remediate | alert-only | require-approval
 * </pre>
 *
 * The seed's strategy table is the intent: scaling and configuration changes auto-remediate, major
 * versions and cost or data changes alert; a rule file says which is which for a cluster.
 */
public final class RemediationPolicy {
  static final Set<String> RULE_KEYS =
      Set.of(
          "group", "kind", "namespace", "name", "resourceType", "minSeverity", "paths", "policy");

  /** One rule; empty fields match everything. */
  public record Rule(
      Optional<Pattern> group,
      Optional<Pattern> kind,
      Optional<Pattern> namespace,
      Optional<Pattern> name,
      Optional<String> resourceType,
      Severity minSeverity,
      List<String> paths,
      String policy) {

    boolean matches(ResourceId id, String type, List<Difference> unexpected) {
      Severity worst =
          unexpected.stream().map(Difference::severity).max(Enum::compareTo).orElse(Severity.INFO);
      return glob(group, id.group())
          && glob(kind, id.kind())
          && glob(namespace, id.namespace())
          && glob(name, id.name())
          && resourceType.map(type::equals).orElse(true)
          && worst.compareTo(minSeverity) >= 0
          && (paths.isEmpty()
              || unexpected.stream()
                  .allMatch(d -> paths.stream().anyMatch(p -> under(d.path(), p))));
    }
  }

  private final List<Rule> rules;
  private final String defaultPolicy;

  public RemediationPolicy(List<Rule> rules, String defaultPolicy) {
    this.rules = List.copyOf(rules);
    this.defaultPolicy = defaultPolicy;
  }

  public static RemediationPolicy load(Optional<Path> file, String defaultPolicy) {
    if (file.isEmpty()) return new RemediationPolicy(List.of(), defaultPolicy);
    try {
      String text = Files.readString(file.get());
      Map<String, Object> m =
          text.isBlank()
              ? Map.of()
              : new ObjectMapper(new YAMLFactory()).readValue(text, new TypeReference<>() {});
      return parse(m == null ? Map.of() : m, defaultPolicy);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read configdrift.policy_file " + file.get() + ": " + e.getMessage(), e);
    }
  }

  static RemediationPolicy parse(Map<String, Object> m, String defaultPolicy) {
    for (String k : m.keySet()) {
      if (!k.equals("rules"))
        throw new IllegalArgumentException(
            "unknown key '" + k + "' in policy file; known: [rules]");
    }
    List<Rule> rules = new ArrayList<>();
    if (m.get("rules") instanceof List<?> list) {
      for (Object o : list) rules.add(rule(o, rules.size()));
    } else if (m.get("rules") != null) {
      throw new IllegalArgumentException("rules must be a list");
    }
    return new RemediationPolicy(rules, defaultPolicy);
  }

  private static Rule rule(Object o, int index) {
    if (!(o instanceof Map<?, ?> r))
      throw new IllegalArgumentException("rule " + index + " must be a mapping");
    for (Object k : r.keySet()) {
      if (!RULE_KEYS.contains(String.valueOf(k)))
        throw new IllegalArgumentException(
            "unknown key '" + k + "' in rule " + index + "; known: " + RULE_KEYS);
    }
    String policy = String.valueOf(r.get("policy")).toLowerCase(Locale.ROOT);
    if (!ConfigDriftSettings.POLICIES.contains(policy))
      throw new IllegalArgumentException(
          "rule " + index + ": policy must be one of " + ConfigDriftSettings.POLICIES);
    Severity min = Severity.INFO;
    if (r.get("minSeverity") != null)
      min = Severity.valueOf(String.valueOf(r.get("minSeverity")).toUpperCase(Locale.ROOT));
    List<String> paths = new ArrayList<>();
    if (r.get("paths") instanceof List<?> ps) ps.forEach(p -> paths.add(String.valueOf(p)));
    return new Rule(
        pattern(r.get("group")),
        pattern(r.get("kind")),
        pattern(r.get("namespace")),
        pattern(r.get("name")),
        Optional.ofNullable(r.get("resourceType")).map(String::valueOf),
        min,
        paths,
        policy);
  }

  /** The policy of an object with these unexpected differences. */
  public String policyFor(ResourceId id, String resourceType, List<Difference> unexpected) {
    for (Rule r : rules) if (r.matches(id, resourceType, unexpected)) return r.policy();
    return defaultPolicy;
  }

  private static Optional<Pattern> pattern(Object glob) {
    if (glob == null || String.valueOf(glob).isEmpty()) return Optional.empty();
    StringBuilder re = new StringBuilder();
    for (char c : String.valueOf(glob).toCharArray()) {
      if (c == '*') re.append(".*");
      else if (c == '?') re.append('.');
      else re.append(Pattern.quote(String.valueOf(c)));
    }
    return Optional.of(Pattern.compile(re.toString()));
  }

  private static boolean glob(Optional<Pattern> p, String value) {
    return p.map(x -> x.matcher(value).matches()).orElse(true);
  }

  private static boolean under(String path, String prefix) {
    String p = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    return path.equals(p) || path.startsWith(p + "/") || path.startsWith(p + "[");
  }
}
