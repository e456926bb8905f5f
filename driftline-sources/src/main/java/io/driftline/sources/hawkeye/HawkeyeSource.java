package io.driftline.sources.hawkeye;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftline.sources.PullRequest;
import io.driftline.sources.SourceBatch;
import io.driftline.sources.SourceException;
import io.driftline.sources.TelemetrySource;
import io.driftline.sources.http.SourceHttp;
import io.driftline.workload.PodMetric;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Pod metrics from Hawkeye's HTTP JSON API (the seed's {@code HAWKEYE_BASE_URL}, {@code
 * HAWKEYE_API_KEY}), shaped by {@link HawkeyeSettings}: one GET per page, following a next cursor
 * or numbered pages, every item mapped through JSON pointers. Items outside the window or the
 * requested namespaces are dropped, in case the API ignores those parameters. Create it with {@link
 * #create(HawkeyeSettings)}.
 */
public final class HawkeyeSource implements TelemetrySource {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final HawkeyeSettings settings;
  private final SourceHttp http;
  private final HawkeyeItem mapping;

  public HawkeyeSource(HawkeyeSettings settings, SourceHttp http) {
    this.settings = settings;
    this.http = http;
    this.mapping = new HawkeyeItem(settings.fields());
  }

  public static HawkeyeSource create(HawkeyeSettings settings) {
    return new HawkeyeSource(settings, SourceHttp.create("hawkeye", settings.retry()));
  }

  @Override
  public String name() {
    return "hawkeye";
  }

  @Override
  public SourceBatch pull(PullRequest request) throws SourceException {
    List<PodMetric> metrics = new ArrayList<>();
    Set<String> cursors = new HashSet<>();
    Optional<String> cursor = Optional.empty();
    for (int page = 1; ; page++) {
      if (page > settings.maxPages()) {
        throw new SourceException(
            "hawkeye: more than "
                + settings.maxPages()
                + " pages (sources.hawkeye.max_pages); narrow the window");
      }
      JsonNode answer = fetch(uri(request, page, cursor), page);
      JsonNode items = items(answer, page);
      for (int i = 0; i < items.size(); i++) {
        var metric =
            mapping.map(items.get(i), request.clusterId(), "item " + i + " of page " + page);
        metric.filter(m -> within(m, request)).ifPresent(metrics::add);
      }
      switch (settings.pagination()) {
        case NONE -> {
          return SourceBatch.ofPodMetrics(metrics);
        }
        case PAGE -> {
          if (items.size() < settings.pageSize()) return SourceBatch.ofPodMetrics(metrics);
        }
        case CURSOR -> {
          cursor = nextCursor(answer);
          if (cursor.isEmpty()) return SourceBatch.ofPodMetrics(metrics);
          if (!cursors.add(cursor.get())) {
            throw new SourceException(
                "hawkeye: page " + page + " repeats an earlier cursor; stopping");
          }
        }
      }
    }
  }

  private static boolean within(PodMetric m, PullRequest request) {
    return m.epochMillis() >= request.start().toEpochMilli()
        && m.epochMillis() < request.end().toEpochMilli()
        && request.includes(m.namespace());
  }

  private JsonNode fetch(URI uri, int page) throws SourceException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri).header("Accept", "application/json").GET();
    if (!settings.apiKey().isEmpty()) {
      String scheme = settings.authScheme().isBlank() ? "" : settings.authScheme().strip() + " ";
      request.header(settings.authHeader(), scheme + settings.apiKey());
    }
    String body = http.send(request).body();
    try {
      JsonNode answer = MAPPER.readTree(body);
      if (answer == null || answer.isMissingNode()) throw new IOException("empty body");
      return answer;
    } catch (IOException e) {
      throw new SourceException(
          "hawkeye: page " + page + " is not JSON (" + e.getClass().getSimpleName() + ")", e);
    }
  }

  private JsonNode items(JsonNode answer, int page) throws SourceException {
    JsonNode items = settings.items().isEmpty() ? answer : answer.at(settings.items());
    if (!items.isArray()) {
      throw new SourceException(
          "hawkeye: page "
              + page
              + " has no array of items at '"
              + settings.items()
              + "' (sources.hawkeye.items)");
    }
    return items;
  }

  private Optional<String> nextCursor(JsonNode answer) {
    JsonNode next = answer.at(settings.nextCursor());
    if (next.isMissingNode() || next.isNull() || next.asText().isBlank()) return Optional.empty();
    return Optional.of(next.asText());
  }

  URI uri(PullRequest request, int page, Optional<String> cursor) {
    Map<String, String> params = new LinkedHashMap<>();
    settings
        .queryParams()
        .forEach(
            (name, template) ->
                params.put(
                    name,
                    template
                        .replace("{cluster}", request.clusterId())
                        .replace("{start}", time(request.start()))
                        .replace("{end}", time(request.end()))
                        .replace("{namespaces}", String.join(",", request.namespaces()))));
    switch (settings.pagination()) {
      case CURSOR -> {
        params.put(settings.limitParam(), Integer.toString(settings.pageSize()));
        cursor.ifPresent(c -> params.put(settings.cursorParam(), c));
      }
      case PAGE -> {
        params.put(settings.pageParam(), Integer.toString(page));
        params.put(settings.limitParam(), Integer.toString(settings.pageSize()));
      }
      case NONE -> {}
    }
    StringBuilder query = new StringBuilder();
    params.forEach(
        (name, value) -> {
          if (name.isEmpty() || value.isEmpty()) return;
          query
              .append(query.isEmpty() ? "?" : "&")
              .append(encode(name))
              .append('=')
              .append(encode(value));
        });
    String base = settings.baseUrl().toString().replaceAll("/+$", "");
    String path = settings.path().startsWith("/") ? settings.path() : "/" + settings.path();
    return URI.create(base + path + query);
  }

  private String time(Instant instant) {
    return switch (settings.timeFormat()) {
      case ISO -> instant.toString();
      case EPOCH_SECONDS -> Long.toString(instant.getEpochSecond());
      case EPOCH_MILLIS -> Long.toString(instant.toEpochMilli());
    };
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
