package io.driftline.server.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.server.TestServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TelemetryApiTest {
  static TestServer server;

  @BeforeAll
  static void start() {
    server = new TestServer(Map.of("server.max_body_bytes", "2048"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void seedExampleIsAcceptedWithTheSeedsBody() {
    var reply =
        server.postJson(
            "/v1/telemetry",
            """
        {"service_id": "payment-authorization-prod", "latency_ms": 156.7, "payload_kb": 2.3,
         "timestamp": "2026-01-12T09:30:45.123Z"}""");

    assertThat(reply.status()).isEqualTo(202);
    assertThat(reply.json().toString())
        .isEqualTo(
            "{\"status\":\"accepted\",\"service_id\":\"payment-authorization-prod\","
                + "\"timestamp\":\"2026-01-12T09:30:45.123Z\"}");
  }

  @Test
  void theAcknowledgementQuotesTheServiceIdAsJson() {
    var reply =
        server.postJson(
            "/v1/telemetry",
            """
        {"service_id": "zahlungs-dienst-\u00fc \\"eu\\" / 1", "latency_ms": 1,
         "timestamp": "2026-01-12T09:30:45Z"}""");

    assertThat(reply.status()).isEqualTo(202);
    assertThat(reply.headers().get("content-type")).containsExactly("application/json");
    assertThat(reply.json().get("service_id").asText())
        .isEqualTo("zahlungs-dienst-\u00fc \"eu\" / 1");
    assertThat(reply.json().get("timestamp").asText()).isEqualTo("2026-01-12T09:30:45.000Z");
  }

  @Test
  void anOldTimestampIsStoredAsSent() {
    long before = server.storedSamples();

    var reply =
        server.postJson(
            "/v1/telemetry",
            """
        {"service_id": "old-service", "latency_ms": 5, "timestamp": "2025-01-12T11:00:00Z"}""");

    assertThat(reply.status()).isEqualTo(202);
    assertThat(reply.json().get("timestamp").asText()).isEqualTo("2025-01-12T11:00:00.000Z");
    assertThat(server.storedSamples()).isEqualTo(before + 1);
  }

  @Test
  void missingTimestampTakesServerTime() {
    var reply =
        server.postJson(
            "/v1/telemetry",
            """
        {"service_id": "clock-service", "latency_ms": 10, "payload_kb": 1}""");

    assertThat(reply.status()).isEqualTo(202);
    assertThat(reply.json().get("timestamp").asText()).isEqualTo("2026-01-12T10:00:00.000Z");
  }

  @Test
  void eachNumericFieldBecomesItsOwnSeries() {
    server.postJson(
        "/v1/telemetry",
        """
        {"service_id": "series-service", "latency_ms": 10, "payload_kb": 1,
         "metrics": {"cpu_cores": 0.5}, "labels": {"region": "eu-west-1"}}""");

    assertThat(server.server.storage().samples().series("series-service"))
        .extracting(k -> k.metric())
        .containsExactlyInAnyOrder("latency_ms", "payload_kb", "cpu_cores");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      missing service_id        | {"latency_ms": 1}                                         | service_id
      empty service_id          | {"service_id": "", "latency_ms": 1}                       | service_id
      blank service_id          | {"service_id": "   ", "latency_ms": 1}                    | service_id
      numeric service_id        | {"service_id": 7, "latency_ms": 1}                        | service_id
      zero-width space in id    | {"service_id": "pay\\u200bment", "latency_ms": 1}         | service_id
      control char in id        | {"service_id": "pay\\u0007", "latency_ms": 1}             | service_id
      no metric at all          | {"service_id": "a"}                                       | latency_ms
      string latency            | {"service_id": "a", "latency_ms": "156.7"}                | latency_ms
      null latency              | {"service_id": "a", "latency_ms": null}                   | latency_ms
      negative payload          | {"service_id": "a", "latency_ms": 1, "payload_kb": -2}    | payload_kb
      infinite latency          | {"service_id": "a", "latency_ms": 1e400}                  | latency_ms
      unparseable timestamp     | {"service_id": "a", "latency_ms": 1, "timestamp": "yesterday"} | timestamp
      numeric timestamp         | {"service_id": "a", "latency_ms": 1, "timestamp": 1736677845}  | timestamp
      far-future timestamp      | {"service_id": "a", "latency_ms": 1, "timestamp": "2026-01-12T11:00:00Z"} | timestamp
      unknown field             | {"service_id": "a", "latency_ms": 1, "latency": 2}        | latency
      bad metric name           | {"service_id": "a", "metrics": {"9cpu": 1}}               | metrics.9cpu
      metrics not an object     | {"service_id": "a", "metrics": [1]}                       | metrics
      bad label name            | {"service_id": "a", "latency_ms": 1, "labels": {"a-b": "x"}} | labels
      """)
  void badInputIsA400NamingTheFieldAndStoresNothing(String why, String body, String field) {
    long before = server.storedSamples();

    var reply = server.postJson("/v1/telemetry", body);

    assertThat(reply.status()).as(why).isEqualTo(400);
    assertThat(reply.json().get("error").asText()).isEqualTo("invalid_request");
    assertThat(reply.json().get("field").asText()).as(why).isEqualTo(field);
    assertThat(reply.json().get("message").asText()).isNotBlank();
    assertThat(server.storedSamples()).isEqualTo(before);
  }

  @Test
  void overlongServiceIdIsRejectedWithTheLimit() {
    var reply =
        server.postJson(
            "/v1/telemetry", "{\"service_id\": \"" + "s".repeat(257) + "\", \"latency_ms\": 1}");

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.json().get("message").asText()).contains("at most 256");
  }

  @Test
  void nfcEquivalentIdsAreOneService() {
    server.postJson("/v1/telemetry", "{\"service_id\": \"caf\\u00e9\", \"latency_ms\": 1}");
    server.postJson("/v1/telemetry", "{\"service_id\": \"cafe\\u0301\", \"latency_ms\": 1}");
    server.sync();

    assertThat(server.get("/v1/health/caf%C3%A9").json().get("sample_count").asLong()).isEqualTo(2);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      malformed JSON      | {"service_id": "a", "latency_ms": 1
      NaN literal         | {"service_id": "a", "latency_ms": NaN}
      duplicate key       | {"service_id": "a", "service_id": "b", "latency_ms": 1}
      array not object    | [{"service_id": "a", "latency_ms": 1}]
      trailing garbage    | {"service_id": "a", "latency_ms": 1} x
      """)
  void malformedOrWrongShapeJsonIsA400(String why, String body) {
    var reply = server.postJson("/v1/telemetry", body);

    assertThat(reply.status()).as(why).isEqualTo(400);
    assertThat(reply.json().get("error").asText()).isEqualTo("invalid_request");
  }

  @Test
  void unknownContentTypeIs415() {
    var reply =
        server.post("/v1/telemetry", "text/plain", "{\"service_id\": \"a\", \"latency_ms\": 1}");

    assertThat(reply.status()).isEqualTo(415);
    assertThat(reply.json().get("error").asText()).isEqualTo("unsupported_media_type");
  }

  @Test
  void bodyOverTheLimitIs413() {
    String big =
        "{\"service_id\": \"a\", \"latency_ms\": 1, \"labels\": {\"x\": \""
            + "y".repeat(3000)
            + "\"}}";
    long before = server.storedSamples();

    var reply = server.postJson("/v1/telemetry", big);

    assertThat(reply.status()).isEqualTo(413);
    assertThat(reply.json().get("error").asText()).isEqualTo("payload_too_large");
    assertThat(server.storedSamples()).isEqualTo(before);
  }

  @Test
  void anEmptyBodyIs400() {
    long before = server.storedSamples();

    var reply = server.postJson("/v1/telemetry", "");

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.json().get("message").asText()).isEqualTo("request body is empty");
    assertThat(server.storedSamples()).isEqualTo(before);
  }

  @Test
  void aChunkedBodyWithoutContentLengthIsReadAndStored() {
    long before = server.storedSamples();
    byte[] body = batchOf(30, "chunked");

    var reply = server.postChunked("/v1/telemetry/batch", "application/json", body);

    assertThat(reply.status()).isEqualTo(202);
    assertThat(reply.json().get("accepted").asInt()).isEqualTo(30);
    assertThat(server.storedSamples()).isEqualTo(before + 30);
  }

  @Test
  void aChunkedBodyOverTheLimitIs413AndNothingIsStored() {
    long before = server.storedSamples();
    byte[] body = batchOf(60, "chunked-big");
    assertThat(body.length).isGreaterThan(2048);

    var reply = server.postChunked("/v1/telemetry/batch", "application/json", body);

    assertThat(reply.status()).isEqualTo(413);
    assertThat(reply.json().get("error").asText()).isEqualTo("payload_too_large");
    assertThat(server.storedSamples()).isEqualTo(before);
  }

  @Test
  void jsonArrayBatchStoresEveryItem() {
    long before = server.storedSamples();

    var reply =
        server.postJson(
            "/v1/telemetry/batch",
            """
        [{"service_id": "batch-a", "latency_ms": 1, "payload_kb": 2},
         {"service_id": "batch-b", "latency_ms": 3}]""");

    assertThat(reply.status()).isEqualTo(202);
    assertThat(reply.json().get("accepted").asInt()).isEqualTo(2);
    assertThat(reply.json().get("samples").asInt()).isEqualTo(3);
    assertThat(server.storedSamples()).isEqualTo(before + 3);
  }

  @Test
  void ndjsonBatchStoresEveryLineAndSkipsBlankOnes() {
    long before = server.storedSamples();

    var reply =
        server.post(
            "/v1/telemetry/batch",
            "application/x-ndjson",
            "{\"service_id\": \"nd\", \"latency_ms\": 1}\n\n{\"service_id\": \"nd\", \"latency_ms\": 2}\n");

    assertThat(reply.status()).isEqualTo(202);
    assertThat(reply.json().get("accepted").asInt()).isEqualTo(2);
    assertThat(server.storedSamples()).isEqualTo(before + 2);
  }

  @Test
  void batchWithABadItemStoresNothingAndNamesEveryBadItem() {
    long before = server.storedSamples();

    var reply =
        server.postJson(
            "/v1/telemetry/batch",
            """
        [{"service_id": "ok", "latency_ms": 1},
         {"service_id": "", "latency_ms": 1},
         {"service_id": "ok", "latency_ms": -1}]""");

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.json().get("errors")).hasSize(2);
    assertThat(reply.json().get("errors").get(0).get("index").asInt()).isEqualTo(1);
    assertThat(reply.json().get("errors").get(0).get("field").asText()).isEqualTo("service_id");
    assertThat(reply.json().get("errors").get(1).get("index").asInt()).isEqualTo(2);
    assertThat(reply.json().get("errors").get(1).get("field").asText()).isEqualTo("latency_ms");
    assertThat(server.storedSamples()).isEqualTo(before);
  }

  @Test
  void batchOfTheWrongShapeIsA400() {
    var reply =
        server.postJson("/v1/telemetry/batch", "{\"service_id\": \"a\", \"latency_ms\": 1}");

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.json().get("message").asText()).contains("expected a JSON array");
  }

  @Test
  void emptyBatchIsA400() {
    assertThat(server.postJson("/v1/telemetry/batch", "[]").status()).isEqualTo(400);
  }

  /** A JSON array of {@code n} one-metric objects of {@code service}, in UTF-8. */
  private static byte[] batchOf(int n, String service) {
    String item = "{\"service_id\": \"" + service + "\", \"latency_ms\": 1}";
    return ("[" + String.join(",", java.util.Collections.nCopies(n, item)) + "]")
        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }
}
