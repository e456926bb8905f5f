package io.driftline.server.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftline.server.http.Json;
import io.driftline.server.http.Timestamps;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The simulator's HTTP side: posts telemetry and reads health, as any DriftWatch client would. */
public final class SimulatorClient {
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI base;

  public SimulatorClient(URI base) {
    this.base = base;
  }

  /** Posts one sample; returns the HTTP status. {@code timestamp} empty = server time. */
  public int send(String service, TrafficPattern.Point p, Optional<Instant> timestamp)
      throws IOException, InterruptedException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("service_id", service);
    body.put("latency_ms", p.latencyMs());
    body.put("payload_kb", p.payloadKb());
    timestamp.ifPresent(t -> body.put("timestamp", Timestamps.format(t)));
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve("/v1/telemetry"))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(Json.MAPPER.writeValueAsBytes(body)))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  /** The service's health document, or empty when the service is unknown (404). */
  public Optional<JsonNode> health(String service) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(
                base.resolve(
                    "/v1/health/"
                        + java.net.URLEncoder.encode(
                                service, java.nio.charset.StandardCharsets.UTF_8)
                            .replace("+", "%20")))
            .timeout(Duration.ofSeconds(10))
            .GET()
            .build();
    HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() == 404) return Optional.empty();
    if (response.statusCode() != 200) {
      throw new IOException("GET /v1/health answered " + response.statusCode());
    }
    return Optional.of(Json.MAPPER.readTree(response.body()));
  }
}
