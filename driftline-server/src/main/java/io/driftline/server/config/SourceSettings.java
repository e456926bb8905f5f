package io.driftline.server.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code sources.<name>.*} keys of one pull source, read as types on demand. A source's factory
 * reads its own keys through this when the server is built, so a bad value stops start-up with a
 * message naming the full key, as for every other key. Secrets are never part of a message.
 *
 * @param values every {@code sources.<name>.*} key of this source, by full key name
 */
public record SourceSettings(String name, Map<String, String> values) {

  public SourceSettings {
    values = Map.copyOf(values);
  }

  /** The full key of {@code field}: {@code url} -> {@code sources.prometheus.url}. */
  public String key(String field) {
    return "sources." + name + "." + field;
  }

  /** The value, empty when unset or blank. */
  public Optional<String> optional(String field) {
    String v = values.get(key(field));
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
  }

  public String text(String field) {
    return optional(field)
        .orElseThrow(() -> new ConfigException(key(field) + " must not be empty"));
  }

  public Duration duration(String field) {
    try {
      Duration d = Durations.parse(text(field));
      if (d.isZero() || d.isNegative()) throw bad(field, "must be > 0");
      return d;
    } catch (IllegalArgumentException e) {
      if (e instanceof ConfigException) throw e;
      throw bad(field, "must be a duration such as 30s, 5m, 1h");
    }
  }

  /** How often the scheduler pulls; empty ({@code off}) when only requests pull. */
  public Optional<Duration> interval() {
    return optional("interval").filter(v -> !v.equals("off")).map(v -> duration("interval"));
  }

  public Duration lookback() {
    return duration("lookback");
  }

  public String clusterId() {
    return text("cluster_id");
  }

  public List<String> namespaces() {
    return optional("namespaces").stream()
        .flatMap(v -> Arrays.stream(v.split(",")))
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .toList();
  }

  /**
   * The keys under {@code sources.<name>.<group>.} by their last part, e.g. {@code queries} ->
   * {@code cpu_cores -> rate(...)}, in key order; blank values included.
   */
  public Map<String, String> group(String group) {
    String prefix = key(group) + ".";
    Map<String, String> found = new LinkedHashMap<>();
    values.keySet().stream()
        .filter(k -> k.startsWith(prefix))
        .sorted()
        .forEach(k -> found.put(k.substring(prefix.length()), values.get(k).strip()));
    return found;
  }

  /** Checks the keys every source has; called at start-up. */
  void validate() {
    interval();
    lookback();
    clusterId();
  }

  private ConfigException bad(String field, String why) {
    return new ConfigException(
        key(field) + " " + why + " but was '" + values.get(key(field)) + "'");
  }
}
