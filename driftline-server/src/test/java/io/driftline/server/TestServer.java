package io.driftline.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftline.server.config.ConfigLoader;
import io.driftline.server.config.DriftlineConfig;
import io.driftline.server.http.Json;
import io.driftline.storage.StorageComponent;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** A real server on a free loopback port with a hand-driven clock, and a small HTTP client. */
public final class TestServer implements AutoCloseable {
  public static final Instant START = Instant.parse("2026-01-12T10:00:00Z");

  public final MutableClock clock = new MutableClock(START);
  public final DriftlineServer server;
  private final HttpClient http = HttpClient.newHttpClient();

  public TestServer(Map<String, String> settings) {
    server = new DriftlineServer(config(settings), clock).start();
  }

  /** A server on the given storage (memory settings otherwise), e.g. one that holds writes. */
  public TestServer(Map<String, String> settings, StorageComponent storage) {
    server = new DriftlineServer(config(settings), clock, storage).start();
  }

  /**
   * A memory server whose pull sources {@code sources} replaces or adds, e.g. a test's own. Its
   * scheduler only runs when the test calls {@code sourceScheduler().runDue()}.
   */
  public TestServer(
      Map<String, String> settings,
      java.util.function.UnaryOperator<io.driftline.server.ingest.SourceRegistry> sources) {
    this(settings, new io.driftline.storage.InMemoryStorage(), sources);
  }

  /** As above, on the given storage (which the server closes). */
  public TestServer(
      Map<String, String> settings,
      StorageComponent storage,
      java.util.function.UnaryOperator<io.driftline.server.ingest.SourceRegistry> sources) {
    Map<String, String> all = new HashMap<>(Map.of("sources.schedule", "false"));
    all.putAll(settings);
    DriftlineConfig config = config(all);
    server =
        new DriftlineServer(
                config,
                clock,
                storage,
                sources.apply(io.driftline.server.ingest.SourceRegistry.fromConfig(config)))
            .start();
  }

  private static DriftlineConfig config(Map<String, String> settings) {
    Map<String, String> all = new HashMap<>();
    all.put("server.host", "127.0.0.1");
    all.put("server.port", "0");
    all.put("storage.type", "memory");
    all.putAll(settings);
    return ConfigLoader.load(Optional.empty(), Map.of(), all);
  }

  /**
   * Settings that choose the seed's DriftWatch rules instead of the default ensemble, for tests
   * that count on the rules' exact timing (the fifth sample beyond 3 sigma, 50 calm samples).
   */
  public static final Map<String, String> ZSCORE_RULES =
      Map.of("detection.detector", "zscore-rules");

  /** {@code more} plus {@link #ZSCORE_RULES}. */
  public static Map<String, String> zscoreRules(Map<String, String> more) {
    Map<String, String> all = new HashMap<>(more);
    all.putAll(ZSCORE_RULES);
    return all;
  }

  public static TestServer memory() {
    return new TestServer(Map.of());
  }

  public static TestServer sqlite(Path dir) {
    return new TestServer(Map.of("storage.type", "sqlite", "storage.data_dir", dir.toString()));
  }

  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  public record Reply(
      int status, JsonNode json, String text, Map<String, java.util.List<String>> headers) {}

  public Reply post(String path, String contentType, String body) {
    var request =
        HttpRequest.newBuilder(uri(path))
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (contentType != null) request.header("Content-Type", contentType);
    return send(request.build());
  }

  public Reply postJson(String path, String body) {
    return post(path, "application/json", body);
  }

  public Reply post(String path, Map<String, String> headers, byte[] body) {
    var request =
        HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(request::header);
    return send(request.build());
  }

  /** POSTs without a Content-Length: the client sends the body chunked. */
  public Reply postChunked(String path, String contentType, byte[] body) {
    var request =
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", contentType)
            .POST(
                HttpRequest.BodyPublishers.ofInputStream(
                    () -> new java.io.ByteArrayInputStream(body)));
    return send(request.build());
  }

  public Reply get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET().build());
  }

  private Reply send(HttpRequest request) {
    try {
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      JsonNode json = null;
      if (r.headers().firstValue("Content-Type").orElse("").startsWith("application/json")) {
        json = Json.MAPPER.readTree(r.body());
      }
      return new Reply(r.statusCode(), json, r.body(), r.headers().map());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Waits until detection has seen everything acknowledged so far. */
  public void sync() {
    server.ingestor().sync().join();
  }

  public long storedSamples() {
    return server.storage().samples().count();
  }

  @Override
  public void close() {
    server.close();
  }
}
