package io.driftline.server.provision;

import io.driftline.config.Provision;
import io.driftline.server.http.Json;
import io.driftline.server.http.Timestamps;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * POSTs a provision's status to the manager's callback URL ({@code configdrift.callback_url}) each
 * time its phase changes (seeds/004: "Calls back to manager with Ready status"). Delivery is
 * asynchronous with retries: connection errors, {@code 429} and {@code 5xx} are retried after
 * {@code callback_backoff}, doubling, up to {@code callback_attempts}; other {@code 4xx} are final.
 */
public final class StatusCallback implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(StatusCallback.class.getName());
  private final Optional<URI> url;
  private final int attempts;
  private final Duration backoff;
  private final Clock clock;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ScheduledExecutorService retries =
      Executors.newSingleThreadScheduledExecutor(
          r -> Thread.ofPlatform().daemon().name("driftline-callback").unstarted(r));

  public StatusCallback(Optional<String> url, int attempts, Duration backoff, Clock clock) {
    this.url = url.map(URI::create);
    this.attempts = attempts;
    this.backoff = backoff;
    this.clock = clock;
  }

  /** The callback body of a provision in its current phase. */
  public static Map<String, Object> body(Provision p, long nowMillis) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("deploymentId", p.deploymentId());
    m.put("status", p.phase());
    m.put("phase", p.phase());
    m.put("message", p.message());
    m.put("resourceType", p.resourceType());
    m.put("resourceName", p.name());
    m.put("namespace", p.namespace());
    Engine.of(p.resourceType(), p.engine())
        .filter(e -> e.port() > 0)
        .ifPresent(
            e -> {
              m.put("endpoint", p.name() + "." + p.namespace() + ".svc.cluster.local");
              m.put("port", e.port());
              if (e.hasCredentials())
                m.put("connectionSecret", ResourceRenderer.secretName(p.name()));
            });
    m.put("timestamp", Timestamps.format(nowMillis));
    return m;
  }

  /**
   * Sends the provision's status; completes with the HTTP status of the last attempt (0 when no URL
   * is configured, -1 when every attempt failed to connect).
   */
  public CompletableFuture<Integer> send(Provision p) {
    CompletableFuture<Integer> done = new CompletableFuture<>();
    if (url.isEmpty()) {
      done.complete(0);
      return done;
    }
    byte[] json;
    try {
      json = Json.MAPPER.writeValueAsBytes(body(p, clock.millis()));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      done.completeExceptionally(e);
      return done;
    }
    attempt(p.deploymentId(), json, 1, done);
    return done;
  }

  private void attempt(String id, byte[] json, int n, CompletableFuture<Integer> done) {
    HttpRequest request =
        HttpRequest.newBuilder(url.get())
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(json))
            .build();
    http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
        .whenComplete(
            (response, error) -> {
              int status = error == null ? response.statusCode() : -1;
              boolean retry = status == -1 || status == 429 || status >= 500;
              if (!retry || n >= attempts) {
                if (status < 200 || status >= 300) {
                  LOG.log(
                      System.Logger.Level.WARNING,
                      "status callback of " + id + " failed after " + n + " attempts: " + status);
                }
                done.complete(status);
                return;
              }
              long wait = backoff.toMillis() << Math.min(n - 1, 16);
              retries.schedule(() -> attempt(id, json, n + 1, done), wait, TimeUnit.MILLISECONDS);
            });
  }

  @Override
  public void close() {
    retries.shutdownNow();
  }
}
