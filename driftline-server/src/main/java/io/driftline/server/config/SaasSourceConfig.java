package io.driftline.server.config;

import io.driftline.sources.hawkeye.HawkeyeSettings;
import io.driftline.sources.http.RetryPolicy;
import io.driftline.sources.newrelic.NewRelicSettings;
import io.driftline.workload.PodSignal;
import java.net.URI;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The New Relic and Hawkeye sources' settings from the flat key map ({@code sources.newrelic.*},
 * {@code sources.hawkeye.*}, with the seed's {@code NEWRELIC_*} and {@code HAWKEYE_*} variables
 * already folded in by {@link ConfigLoader}). A source without its credentials or address is
 * unconfigured (empty), never an error; a source given some of them but not all is an error.
 */
final class SaasSourceConfig {
  private SaasSourceConfig() {}

  static Optional<NewRelicSettings> newRelic(Map<String, String> v) {
    String key = value(v, "sources.newrelic.api_key");
    String account = value(v, "sources.newrelic.account_id");
    if (key.isEmpty() && account.isEmpty()) return Optional.empty();
    if (key.isEmpty()) {
      throw new ConfigException(
          "sources.newrelic.account_id is set but sources.newrelic.api_key (NEWRELIC_API_KEY) is"
              + " not");
    }
    long accountId;
    try {
      accountId = Long.parseLong(account);
    } catch (NumberFormatException e) {
      throw new ConfigException(
          "sources.newrelic.account_id (NEWRELIC_ACCOUNT_ID) must be a number but was '"
              + account
              + "'");
    }
    String endpoint = value(v, "sources.newrelic.endpoint");
    Map<PodSignal, String> queries = new EnumMap<>(PodSignal.class);
    for (PodSignal s : PodSignal.values()) {
      String nrql = value(v, "sources.newrelic.query." + s.field());
      if (!nrql.isEmpty()) queries.put(s, nrql);
    }
    return Optional.of(
        new NewRelicSettings(
            key,
            accountId,
            endpoint.isEmpty()
                ? NewRelicSettings.regionEndpoint(value(v, "sources.newrelic.region"))
                : uri("sources.newrelic.endpoint", endpoint),
            duration(v, "sources.newrelic.bucket"),
            retry(v, "sources.newrelic.timeout"),
            queries));
  }

  static Optional<HawkeyeSettings> hawkeye(Map<String, String> v) {
    String base = value(v, "sources.hawkeye.base_url");
    if (base.isEmpty()) return Optional.empty();
    return Optional.of(
        new HawkeyeSettings(
            uri("sources.hawkeye.base_url", base),
            value(v, "sources.hawkeye.api_key"),
            value(v, "sources.hawkeye.path"),
            value(v, "sources.hawkeye.auth_header"),
            value(v, "sources.hawkeye.auth_scheme"),
            HawkeyeSettings.parsePairs(
                "sources.hawkeye.query_params", value(v, "sources.hawkeye.query_params")),
            HawkeyeSettings.enumValue(
                "sources.hawkeye.time_format",
                value(v, "sources.hawkeye.time_format"),
                HawkeyeSettings.TimeFormat.class),
            value(v, "sources.hawkeye.items"),
            HawkeyeSettings.parsePairs(
                "sources.hawkeye.fields", value(v, "sources.hawkeye.fields")),
            HawkeyeSettings.enumValue(
                "sources.hawkeye.pagination",
                value(v, "sources.hawkeye.pagination"),
                HawkeyeSettings.Pagination.class),
            value(v, "sources.hawkeye.cursor_param"),
            value(v, "sources.hawkeye.next_cursor"),
            value(v, "sources.hawkeye.page_param"),
            value(v, "sources.hawkeye.limit_param"),
            positiveInt(v, "sources.hawkeye.page_size"),
            positiveInt(v, "sources.hawkeye.max_pages"),
            retry(v, "sources.hawkeye.timeout")));
  }

  private static String value(Map<String, String> v, String key) {
    String value = v.get(key);
    return value == null ? "" : value.strip();
  }

  private static URI uri(String key, String text) {
    try {
      URI uri = URI.create(text);
      if (uri.getScheme() == null || uri.getHost() == null) throw new IllegalArgumentException();
      return uri;
    } catch (IllegalArgumentException e) {
      throw new ConfigException(key + " must be an http(s) URL but was '" + text + "'");
    }
  }

  private static Duration duration(Map<String, String> v, String key) {
    try {
      Duration d = Durations.parse(value(v, key));
      if (d.isZero() || d.isNegative()) throw new IllegalArgumentException();
      return d;
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          key + " must be a duration such as 30s or 1m but was '" + v.get(key) + "'");
    }
  }

  /** The shared retry policy with this source's per-request timeout. */
  private static RetryPolicy retry(Map<String, String> v, String key) {
    RetryPolicy d = RetryPolicy.DEFAULT;
    return new RetryPolicy(
        d.maxAttempts(), d.initialBackoff(), d.maxBackoff(), duration(v, key), d.maxRetryAfter());
  }

  private static int positiveInt(Map<String, String> v, String key) {
    try {
      int n = Integer.parseInt(value(v, key));
      if (n < 1) throw new NumberFormatException();
      return n;
    } catch (NumberFormatException e) {
      throw new ConfigException(key + " must be a whole number > 0 but was '" + v.get(key) + "'");
    }
  }
}
