package io.driftline.sources.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftline.sources.SourceException;
import io.driftline.sources.http.SourceHttp;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The one call of the Prometheus HTTP API Driftline needs, {@code /api/v1/query_range}, as
 * documented at prometheus.io/docs/prometheus/latest/querying/api/. Queries are POSTed as a form
 * (no URL length limit, and nothing of the query lands in an access log's URL). A window with more
 * than {@value #MAX_POINTS} points per series, which Prometheus refuses, is asked in parts and the
 * parts joined per series. Prometheus's error answers ({@code {"status":"error","errorType":
 * "bad_data","error":"..."}} with 400, 422 or 503) become a {@link SourceException} naming the
 * query, the error type and Prometheus's message.
 */
final class PromApi {
  /** Prometheus's limit of points per series in one query_range answer. */
  static final int MAX_POINTS = 11_000;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One series of a matrix: its labels and its points, oldest first. */
  record Series(Map<String, String> labels, List<long[]> millis, List<double[]> values) {
    int size() {
      return millis.stream().mapToInt(a -> a.length).sum();
    }
  }

  private final URI base;
  private final Optional<String> authorization;
  private final SourceHttp http;

  PromApi(URI base, Optional<String> authorization, SourceHttp http) {
    String text = base.toString();
    this.base = URI.create(text.endsWith("/") ? text : text + "/");
    this.authorization = authorization;
    this.http = http;
  }

  /**
   * Evaluates {@code query} at {@code first}, {@code first + step}, ... up to {@code last}
   * (inclusive, epoch milliseconds), asking at most {@value #MAX_POINTS} points per request.
   */
  List<Series> queryRange(String name, String query, long first, long last, long stepMillis)
      throws SourceException {
    Map<Map<String, String>, Series> bySeries = new LinkedHashMap<>();
    long perRequest = (MAX_POINTS - 1) * stepMillis;
    for (long from = first; from <= last; from += perRequest + stepMillis) {
      long to = Math.min(last, from + perRequest);
      for (Series part : ask(name, query, from, to, stepMillis)) {
        Series whole =
            bySeries.computeIfAbsent(
                part.labels(), l -> new Series(l, new ArrayList<>(), new ArrayList<>()));
        whole.millis().addAll(part.millis());
        whole.values().addAll(part.values());
      }
    }
    return List.copyOf(bySeries.values());
  }

  private List<Series> ask(String name, String query, long from, long to, long stepMillis)
      throws SourceException {
    String form =
        "query="
            + URLEncoder.encode(query, StandardCharsets.UTF_8)
            + "&start="
            + seconds(from)
            + "&end="
            + seconds(to)
            + "&step="
            + seconds(stepMillis);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve("api/v1/query_range"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(form));
    authorization.ifPresent(a -> request.header("Authorization", a));
    String body;
    try {
      body = http.send(request).body();
    } catch (SourceException e) {
      throw new SourceException(
          prometheusError(e.getMessage()) + " (query " + name + ")", e.status(), e.getCause());
    }
    return parse(name, body);
  }

  static List<Series> parse(String name, String body) throws SourceException {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (IOException e) {
      throw new SourceException(
          "prometheus: query " + name + " answered with unreadable JSON: " + e.getMessage());
    }
    if (root == null || !"success".equals(root.path("status").asText())) {
      throw new SourceException(
          "prometheus: query "
              + name
              + " failed: "
              + root.path("errorType").asText("unknown")
              + ": "
              + root.path("error").asText("(no message)"));
    }
    JsonNode data = root.path("data");
    if (!"matrix".equals(data.path("resultType").asText())) {
      throw new SourceException(
          "prometheus: query "
              + name
              + " answered a "
              + data.path("resultType").asText("missing")
              + " result; query_range needs a matrix (an instant or range vector expression)");
    }
    List<Series> series = new ArrayList<>();
    for (JsonNode s : data.path("result")) {
      Map<String, String> labels = new TreeMap<>();
      s.path("metric").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
      JsonNode values = s.path("values");
      long[] millis = new long[values.size()];
      double[] points = new double[values.size()];
      for (int i = 0; i < values.size(); i++) {
        JsonNode point = values.get(i);
        millis[i] = Math.round(point.get(0).asDouble() * 1000);
        points[i] = parseValue(point.get(1).asText());
      }
      series.add(
          new Series(labels, new ArrayList<>(List.of(millis)), new ArrayList<>(List.of(points))));
    }
    return series;
  }

  /** Prometheus writes sample values as strings, including {@code NaN}, {@code +Inf}. */
  private static double parseValue(String text) {
    return switch (text) {
      case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(text);
    };
  }

  /**
   * The client's message with Prometheus's JSON error body, when there is one, turned into {@code
   * errorType: error}.
   */
  static String prometheusError(String message) {
    int brace = message.indexOf('{');
    if (brace < 0) return message;
    try {
      JsonNode error = JSON.readTree(message.substring(brace));
      if (error.has("errorType") || error.has("error")) {
        String head = message.substring(0, brace).strip();
        if (head.endsWith(":")) head = head.substring(0, head.length() - 1);
        int gaveUp = message.lastIndexOf(" (gave up after ");
        return head
            + ": "
            + error.path("errorType").asText("error")
            + ": "
            + error.path("error").asText("(no message)")
            + (gaveUp > brace ? message.substring(gaveUp) : "");
      }
    } catch (IOException | RuntimeException notJson) {
      // a truncated or non-JSON body: keep the message as the client wrote it
    }
    return message;
  }

  /** Epoch milliseconds as the API's seconds with a fraction. */
  static String seconds(long millis) {
    return Math.floorDiv(millis, 1000) + "." + String.format("%03d", Math.floorMod(millis, 1000));
  }
}
