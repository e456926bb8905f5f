package io.driftline.sources.hawkeye;

import io.driftline.sources.http.RetryPolicy;
import io.driftline.workload.PodSignal;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How to read pod metrics from Hawkeye, an APM with no public API documentation: the request (path,
 * query parameters, auth header) and the mapping of its JSON answer (JSON pointers, RFC 6901) are
 * all configuration. The defaults describe the shape docs/sources.md assumes.
 *
 * @param queryParams parameter name to value template; {@code {cluster}}, {@code {start}}, {@code
 *     {end}} and {@code {namespaces}} (comma-joined) are replaced, and a parameter whose value
 *     comes out empty is left out
 * @param authScheme put before the key in {@code authHeader} ({@code Bearer}); empty sends the key
 *     alone (for {@code X-API-Key}-style headers)
 * @param items pointer to the array of metric items in an answer ({@code ""} when the answer is the
 *     array)
 * @param fields pointer of each item field: {@code timestamp}, {@code namespace}, {@code pod},
 *     {@code workload}, {@code container} and any pod signal ({@code latency_p95_ms}, ...)
 * @param apiKey never printed: {@link #toString()} leaves it out
 */
public record HawkeyeSettings(
    URI baseUrl,
    String apiKey,
    String path,
    String authHeader,
    String authScheme,
    Map<String, String> queryParams,
    TimeFormat timeFormat,
    String items,
    Map<String, String> fields,
    Pagination pagination,
    String cursorParam,
    String nextCursor,
    String pageParam,
    String limitParam,
    int pageSize,
    int maxPages,
    RetryPolicy retry) {

  /** How times are written in the request's query parameters. */
  public enum TimeFormat {
    ISO,
    EPOCH_SECONDS,
    EPOCH_MILLIS
  }

  /** How the answer says there is more. */
  public enum Pagination {
    /** The answer carries the next cursor at {@link #nextCursor()}; none or empty ends. */
    CURSOR,
    /** Pages numbered from 1 with {@link #pageSize()} items; a shorter page ends. */
    PAGE,
    /** One answer holds everything. */
    NONE
  }

  public static final String DEFAULT_QUERY_PARAMS =
      "cluster_id={cluster},start_time={start},end_time={end},namespace={namespaces}";
  public static final Map<String, String> DEFAULT_FIELDS = defaultFields();

  private static Map<String, String> defaultFields() {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("timestamp", "/timestamp");
    f.put("namespace", "/namespace");
    f.put("pod", "/pod_name");
    f.put("workload", "/workload_name");
    f.put("container", "/container");
    for (PodSignal s : PodSignal.values()) f.put(s.field(), "/" + s.field());
    return Collections.unmodifiableMap(f);
  }

  public HawkeyeSettings {
    Objects.requireNonNull(baseUrl, "sources.hawkeye.base_url (or HAWKEYE_BASE_URL) is required");
    if (baseUrl.getScheme() == null || !baseUrl.getScheme().startsWith("http")) {
      throw new IllegalArgumentException(
          "sources.hawkeye.base_url must be an http(s) URL but was " + baseUrl);
    }
    apiKey = apiKey == null ? "" : apiKey;
    queryParams = Collections.unmodifiableMap(new LinkedHashMap<>(queryParams));
    Map<String, String> merged = new LinkedHashMap<>(DEFAULT_FIELDS);
    fields.forEach(
        (name, pointer) -> {
          if (!DEFAULT_FIELDS.containsKey(name)) {
            throw new IllegalArgumentException(
                "sources.hawkeye.fields: unknown field '"
                    + name
                    + "'; known: "
                    + DEFAULT_FIELDS.keySet());
          }
          if (!pointer.isEmpty() && !pointer.startsWith("/")) {
            throw new IllegalArgumentException(
                "sources.hawkeye.fields: "
                    + name
                    + " must be a JSON pointer such as /"
                    + name
                    + " but was "
                    + pointer);
          }
          merged.put(name, pointer);
        });
    fields = Collections.unmodifiableMap(merged);
    if (!items.isEmpty() && !items.startsWith("/")) {
      throw new IllegalArgumentException(
          "sources.hawkeye.items must be a JSON pointer but was " + items);
    }
    if (pageSize < 1) throw new IllegalArgumentException("sources.hawkeye.page_size must be >= 1");
    if (maxPages < 1) throw new IllegalArgumentException("sources.hawkeye.max_pages must be >= 1");
    Objects.requireNonNull(timeFormat, "timeFormat");
    Objects.requireNonNull(pagination, "pagination");
    Objects.requireNonNull(retry, "retry");
  }

  /** Settings with every default but the address and the key. */
  public static HawkeyeSettings defaults(URI baseUrl, String apiKey) {
    return new HawkeyeSettings(
        baseUrl,
        apiKey,
        "/api/v1/metrics/pods",
        "Authorization",
        "Bearer",
        parsePairs("sources.hawkeye.query_params", DEFAULT_QUERY_PARAMS),
        TimeFormat.ISO,
        "/data",
        Map.of(),
        Pagination.CURSOR,
        "cursor",
        "/next_cursor",
        "page",
        "limit",
        500,
        1000,
        RetryPolicy.DEFAULT);
  }

  /** {@code a=1,b={x}} as an ordered map; names the key in its error. */
  public static Map<String, String> parsePairs(String key, String text) {
    Map<String, String> pairs = new LinkedHashMap<>();
    if (text == null || text.isBlank()) return pairs;
    for (String pair : text.split(",")) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            key + " must be name=value pairs separated by commas but has '" + pair.strip() + "'");
      }
      pairs.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
    }
    return pairs;
  }

  public static <E extends Enum<E>> E enumValue(String key, String text, Class<E> type) {
    try {
      return Enum.valueOf(type, text.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          key
              + " must be one of "
              + java.util.Arrays.stream(type.getEnumConstants())
                  .map(c -> c.name().toLowerCase(Locale.ROOT))
                  .toList()
              + " but was '"
              + text
              + "'");
    }
  }

  @Override
  public String toString() {
    return "HawkeyeSettings[baseUrl="
        + baseUrl
        + ", path="
        + path
        + ", pagination="
        + pagination
        + "]";
  }
}
