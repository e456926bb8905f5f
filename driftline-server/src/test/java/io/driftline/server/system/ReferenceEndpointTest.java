package io.driftline.server.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.server.TestServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReferenceEndpointTest {
  private static final String SAMPLE =
      "{\"service_id\": \"checkout\", \"latency_ms\": 12.5, \"timestamp\": \"2026-01-12T09:59:00Z\"}";

  @Test
  void offByDefault() {
    try (var server = new TestServer(Map.of())) {
      var reply = server.postJson("/bench/empty", SAMPLE);

      assertThat(reply.status()).isEqualTo(404);
      assertThat(reply.json().get("error").asText()).isEqualTo("not_found");
    }
  }

  @Test
  void whenOnItAnswers202AndStoresNothing() {
    try (var server = new TestServer(Map.of("server.reference_endpoint", "true"))) {
      var reply = server.postJson("/bench/empty", SAMPLE);

      assertThat(reply.status()).isEqualTo(202);
      assertThat(reply.json().toString()).isEqualTo("{\"status\":\"accepted\"}");
      assertThat(server.storedSamples()).isZero();
      // the ingest route beside it is the ordinary one
      assertThat(server.postJson("/v1/telemetry", SAMPLE).status()).isEqualTo(202);
      assertThat(server.storedSamples()).isEqualTo(1);
    }
  }

  @Test
  void itKeepsTheBodyLimit() {
    try (var server =
        new TestServer(
            Map.of("server.reference_endpoint", "true", "server.max_body_bytes", "64"))) {
      var reply = server.postJson("/bench/empty", SAMPLE);

      assertThat(reply.status()).isEqualTo(413);
      assertThat(reply.json().get("error").asText()).isEqualTo("payload_too_large");
    }
  }
}
