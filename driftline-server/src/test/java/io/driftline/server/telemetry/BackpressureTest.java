package io.driftline.server.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.server.HeldStorage;
import io.driftline.server.TestServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Drives the server past {@code ingest.queue_capacity} while a commit is held, then lets it go.
 * Each request carries two samples (latency_ms and payload_kb) of its own service, so storage tells
 * exactly which requests were kept.
 */
class BackpressureTest {
  private static final int CAPACITY = 10;
  private static final int SAMPLES_PER_REQUEST = 2;
  private static final int CONCURRENT = 20;
  private static final Pattern OVERLOADED =
      Pattern.compile("driftline_ingest_samples_total\\{outcome=\"overloaded\"} ([0-9.E]+)");

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @Test
  void everyAcceptedSampleIsStoredAndEveryRefusedOneIsNot() throws Exception {
    var storage = new HeldStorage();
    try (var server = new TestServer(Map.of("ingest.queue_capacity", "" + CAPACITY), storage)) {
      // the first request's commit is held: its samples stay counted in the queue meanwhile
      var first = post(server, 0);
      storage.awaitWriting();
      int expectedAccepted = (CAPACITY - SAMPLES_PER_REQUEST) / SAMPLES_PER_REQUEST;
      var refused = new CountDownLatch(CONCURRENT - expectedAccepted);
      List<CompletableFuture<HttpResponse<String>>> replies = new ArrayList<>();
      replies.add(first);
      for (int i = 1; i <= CONCURRENT; i++) {
        replies.add(
            post(server, i)
                .whenComplete(
                    (r, e) -> {
                      if (r != null && r.statusCode() == 503) refused.countDown();
                    }));
      }
      assertThat(refused.await(30, TimeUnit.SECONDS)).as("503 answers while held").isTrue();
      assertThat(server.server.ingestor().queueDepth()).isEqualTo(CAPACITY);

      storage.release();
      CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

      List<Integer> accepted = new ArrayList<>();
      List<Integer> rejected = new ArrayList<>();
      for (int i = 0; i < replies.size(); i++) {
        HttpResponse<String> reply = replies.get(i).join();
        if (reply.statusCode() == 202) {
          accepted.add(i);
        } else {
          assertThat(reply.statusCode()).as("request %d", i).isEqualTo(503);
          assertThat(reply.headers().firstValue("Retry-After")).as("request %d", i).isPresent();
          rejected.add(i);
        }
      }
      assertThat(accepted).hasSize(1 + expectedAccepted).contains(0);
      for (int i : accepted) {
        assertThat(server.server.storage().samples().series(service(i)))
            .as("accepted %d", i)
            .hasSize(2);
      }
      for (int i : rejected) {
        assertThat(server.server.storage().samples().series(service(i)))
            .as("refused %d", i)
            .isEmpty();
      }
      assertThat(server.storedSamples()).isEqualTo((long) accepted.size() * SAMPLES_PER_REQUEST);
      assertThat(overloadedSamples(server))
          .isEqualTo((double) rejected.size() * SAMPLES_PER_REQUEST);
    }
  }

  private CompletableFuture<HttpResponse<String>> post(TestServer server, int i) {
    var request =
        HttpRequest.newBuilder(server.uri("/v1/telemetry"))
            .header("Content-Type", "application/json")
            .timeout(java.time.Duration.ofSeconds(30))
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"service_id\": \""
                        + service(i)
                        + "\", \"latency_ms\": 100, \"payload_kb\": 2}"))
            .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
  }

  private static String service(int i) {
    return "pressure-" + i;
  }

  private static double overloadedSamples(TestServer server) {
    Matcher m = OVERLOADED.matcher(server.get("/metrics").text());
    assertThat(m.find()).as("overloaded counter in /metrics").isTrue();
    return Double.parseDouble(m.group(1));
  }
}
