package io.driftline.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Loads configuration in layers: defaults ({@link ConfigKeys}), then the YAML file, then {@code
 * DRIFTLINE_*} environment variables, then command-line overrides. An unknown key in the file or
 * the environment stops start-up with a message naming it (after Prometheus client_java's
 * PrometheusPropertiesLoader).
 */
public final class ConfigLoader {
  /** Variables the launcher reads itself; they are not configuration keys. */
  private static final Set<String> LAUNCHER_VARIABLES =
      Set.of(
          "DRIFTLINE_JAVA",
          "DRIFTLINE_JAVA_OPTS",
          "DRIFTLINE_SKIP_BUILD",
          "DRIFTLINE_JDK_SEARCH_ROOTS",
          "DRIFTLINE_HOME");

  private ConfigLoader() {}

  public static DriftlineConfig load(
      Optional<Path> file, Map<String, String> env, Map<String, String> overrides) {
    Map<String, String> values = new LinkedHashMap<>();
    ConfigKeys.all().forEach((name, key) -> values.put(name, key.defaultValue()));
    file.ifPresent(path -> values.putAll(readFile(path)));
    values.putAll(fromEnvironment(env));
    overrides.forEach((k, v) -> values.put(requireKnown(k, "command line"), v));
    return DriftlineConfig.from(values);
  }

  static Map<String, String> readFile(Path path) {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(Files.readAllBytes(path));
    } catch (IOException e) {
      throw new ConfigException("cannot read config file " + path + ": " + e.getMessage());
    }
    Map<String, String> flat = new LinkedHashMap<>();
    if (root == null || root.isNull() || root.isMissingNode()) return flat;
    if (!root.isObject()) throw new ConfigException("config file " + path + " must be a mapping");
    flatten("", root, flat, path);
    return flat;
  }

  private static void flatten(String prefix, JsonNode node, Map<String, String> out, Path path) {
    for (var it = node.properties().iterator(); it.hasNext(); ) {
      var field = it.next();
      String key = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
      JsonNode value = field.getValue();
      if (value.isObject()) {
        flatten(key, value, out, path);
      } else if (value.isArray()) {
        throw new ConfigException("config key " + key + " in " + path + " must not be a list");
      } else {
        out.put(requireKnown(key, "config file " + path), value.isNull() ? "" : value.asText());
      }
    }
  }

  static Map<String, String> fromEnvironment(Map<String, String> env) {
    return fromEnvironment(env, ConfigKeys.aliases());
  }

  /** As above, with the seeds' variable names {@code aliases} (name -> key) read too. */
  static Map<String, String> fromEnvironment(Map<String, String> env, Map<String, String> aliases) {
    Map<String, String> byEnvName = new LinkedHashMap<>();
    ConfigKeys.all().keySet().forEach(k -> byEnvName.put(ConfigKeys.envName(k), k));
    Map<String, String> values = new LinkedHashMap<>();
    // the seeds' own names (NEWRELIC_API_KEY, ...) first, so that DRIFTLINE_* wins over them
    aliases.forEach(
        (alias, key) -> {
          String value = env.get(alias);
          if (value != null && !value.isBlank()) values.put(key, value);
        });
    env.forEach(
        (name, value) -> {
          if (!name.startsWith("DRIFTLINE_") || LAUNCHER_VARIABLES.contains(name)) return;
          String key = byEnvName.get(name);
          if (key == null) {
            throw new ConfigException(
                "unknown environment variable "
                    + name
                    + " (no configuration key maps to it; see docs/configuration.md)");
          }
          values.put(key, value);
        });
    return values;
  }

  private static String requireKnown(String key, String where) {
    if (!ConfigKeys.all().containsKey(key)) {
      throw new ConfigException(
          "unknown configuration key '"
              + key
              + "' in "
              + where
              + " (see docs/configuration.md for the keys)");
    }
    return key;
  }
}
