package io.driftline.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.driftline.server.TestServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The sources built from configuration answer the seed's ingest endpoint: New Relic against a
 * loopback server answering in NerdGraph's response shape, the others reported as not configured.
 */
class SourceWiringTest {
  private HttpServer nerdGraph;
  private TestServer server;
  private final List<String> apiKeys = new ArrayList<>();

  @AfterEach
  void stop() {
    if (server != null) server.close();
    if (nerdGraph != null) nerdGraph.stop(0);
  }

  @Test
  void theConfiguredNewRelicSourceIsPulledThroughTheSeedsEndpointAndTheOthersSayNotConfigured()
      throws Exception {
    Instant start = TestServer.START.minus(Duration.ofMinutes(10));
    long begin = start.getEpochSecond();
    nerdGraph = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    nerdGraph.createContext(
        "/graphql",
        exchange -> {
          apiKeys.add(exchange.getRequestHeaders().getFirst("API-Key"));
          exchange.getRequestBody().readAllBytes();
          String row =
              "{\"beginTimeSeconds\":%d,\"endTimeSeconds\":%d,\"facet\":[\"shop\",\"api-1\",\"api\"],\"value\":12.5}"
                  .formatted(begin, begin + 60);
          byte[] body =
              ("{\"data\":{\"actor\":{\"account\":{\"nrql\":{\"results\":[" + row + "]}}}}}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    nerdGraph.start();
    server =
        new TestServer(
            Map.of(
                "sources.newrelic.api_key", "NRAK-secret",
                "sources.newrelic.account_id", "1234567",
                "sources.newrelic.endpoint",
                    "http://127.0.0.1:" + nerdGraph.getAddress().getPort() + "/graphql"));

    var reply =
        server.postJson(
            "/api/v1/ingest/all",
            """
            {"cluster_id": "prod-us-east-1", "start_time": "%s", "end_time": "%s",
             "namespaces": ["shop"]}"""
                .formatted(start, start.plus(Duration.ofMinutes(1))));

    assertThat(reply.status()).as(reply.text()).isEqualTo(200);
    var results = reply.json().get("results");
    assertThat(results.get("newrelic").get("status").asText()).isEqualTo("ok");
    assertThat(results.get("newrelic").get("pod_metrics").asInt()).isEqualTo(1);
    for (String other : List.of("hawkeye", "eks", "prometheus")) {
      assertThat(results.get(other).get("status").asText()).as(other).isEqualTo("not_configured");
    }
    assertThat(apiKeys).isNotEmpty().allMatch("NRAK-secret"::equals);
    assertThat(reply.text()).doesNotContain("NRAK-secret");
    var rows =
        server.get(
            "/api/v1/telemetry/metrics/pod/prod-us-east-1/shop/api-1?start="
                + start
                + "&end="
                + start.plus(Duration.ofHours(1)));
    assertThat(rows.json().get("count").asInt()).isEqualTo(1);
  }
}
