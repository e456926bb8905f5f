package io.driftline.server.ingest;

import io.driftline.server.config.ConfigException;
import io.driftline.server.config.SourceSettings;
import io.driftline.sources.TelemetrySource;
import io.driftline.sources.http.RetryPolicy;
import io.driftline.sources.http.SourceHttp;
import io.driftline.sources.prometheus.PrometheusSource;
import io.driftline.workload.PodSignal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Builds the Prometheus source from {@code sources.prometheus.*}; unconfigured without a url. */
final class PrometheusSources {
  private PrometheusSources() {}

  static Optional<TelemetrySource> fromSettings(SourceSettings s) {
    Optional<String> url = s.optional("url");
    if (url.isEmpty()) return Optional.empty();
    URI uri;
    try {
      uri = URI.create(url.get());
      if (uri.getScheme() == null
          || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
          || uri.getHost() == null) {
        throw new IllegalArgumentException("not an http(s) URL");
      }
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          s.key("url") + " must be an http(s) URL such as http://prometheus:9090");
    }
    if (uri.getUserInfo() != null) {
      // error messages name the URL; credentials belong in username/password, kept out of them
      throw new ConfigException(
          s.key("url")
              + " must not hold credentials; set sources.prometheus.username and password");
    }
    Map<PodSignal, String> queries = new EnumMap<>(PodSignal.class);
    s.group("queries")
        .forEach(
            (field, query) -> {
              PodSignal signal =
                  PodSignal.ofField(field)
                      .orElseThrow(
                          () -> new ConfigException("unknown key " + s.key("queries." + field)));
              if (!query.isBlank()) queries.put(signal, query);
            });
    Map<String, String> capacity = new LinkedHashMap<>();
    s.group("capacity").forEach((figure, query) -> capacity.put(figure, query));
    Duration timeout = s.duration("timeout");
    RetryPolicy policy =
        new RetryPolicy(
            RetryPolicy.DEFAULT.maxAttempts(),
            RetryPolicy.DEFAULT.initialBackoff(),
            RetryPolicy.DEFAULT.maxBackoff(),
            timeout,
            RetryPolicy.DEFAULT.maxRetryAfter());
    try {
      return Optional.of(
          new PrometheusSource(
              new PrometheusSource.Settings(
                  uri,
                  authorization(s),
                  s.duration("step"),
                  s.duration("capacity_step"),
                  queries,
                  capacity,
                  s.text("workload_label")),
              SourceHttp.create("prometheus", policy)));
    } catch (IllegalArgumentException e) {
      if (e instanceof ConfigException) throw e;
      throw new ConfigException("sources.prometheus: " + e.getMessage());
    }
  }

  /** Basic auth or a bearer token, never both; the values are secrets and stay out of messages. */
  private static Optional<String> authorization(SourceSettings s) {
    Optional<String> user = s.optional("username");
    Optional<String> password = s.optional("password");
    Optional<String> token = s.optional("bearer_token");
    if (token.isPresent() && (user.isPresent() || password.isPresent())) {
      throw new ConfigException(
          "give either sources.prometheus.bearer_token or username/password, not both");
    }
    if (token.isPresent()) return Optional.of("Bearer " + token.get());
    if (user.isEmpty() && password.isEmpty()) return Optional.empty();
    if (user.isEmpty())
      throw new ConfigException(s.key("username") + " is required with a password");
    String pair = user.get() + ":" + password.orElse("");
    return Optional.of(
        "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
  }
}
