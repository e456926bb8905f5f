package io.driftline.server.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftline.server.http.Json;
import io.driftline.testing.ExternalBinary;
import io.driftline.testing.ExternalProcess;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real Alertmanager (Debian package prometheus-alertmanager) on a free loopback port, clustering
 * off, with a temporary config and storage path; it routes every alert at once to {@link
 * #receiver()}, a local webhook receiver, resolutions included.
 */
final class LocalAlertmanager implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(30);

  private final ExternalProcess process;
  private final LocalReceiver receiver;
  private final URI base;
  private final HttpClient http = HttpClient.newHttpClient();

  private LocalAlertmanager(ExternalProcess process, LocalReceiver receiver, URI base) {
    this.process = process;
    this.receiver = receiver;
    this.base = base;
  }

  static LocalAlertmanager start(Path dir) throws Exception {
    Path binary = ExternalBinary.require("prometheus-alertmanager", "prometheus-alertmanager");
    LocalReceiver receiver = LocalReceiver.start();
    Path config = dir.resolve("alertmanager.yml");
    Files.writeString(
        config,
        """
        route:
          receiver: driftline-test
          group_by: [alertname, event_id]
          group_wait: 0s
          group_interval: 1s
          repeat_interval: 1h
        receivers:
          - name: driftline-test
            webhook_configs:
              - url: %s
                send_resolved: true
        """
            .formatted(receiver.uri("/alertmanager")));
    int port = ExternalProcess.freePort();
    URI base = URI.create("http://127.0.0.1:" + port);
    ExternalProcess process =
        ExternalProcess.start(
                "alertmanager",
                List.of(
                    binary.toString(),
                    "--config.file=" + config,
                    "--storage.path=" + dir.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + port,
                    "--cluster.listen-address="),
                dir)
            .awaitHttp(base + "/-/ready", WAIT);
    return new LocalAlertmanager(process, receiver, base);
  }

  URI base() {
    return base;
  }

  LocalReceiver receiver() {
    return receiver;
  }

  /** Alertmanager's active (not yet ended) alerts of one event, from {@code GET /api/v2/alerts}. */
  JsonNode alertsOf(String eventId) throws Exception {
    String filter = URLEncoder.encode("event_id=\"" + eventId + "\"", StandardCharsets.UTF_8);
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(base.resolve("/api/v2/alerts?filter=" + filter)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return Json.MAPPER.readTree(response.body());
  }

  /** The next notification Alertmanager routed to its webhook receiver about {@code eventId}. */
  JsonNode routed(String eventId) throws Exception {
    while (true) {
      JsonNode body = Json.MAPPER.readTree(receiver.take(WAIT).body());
      if (body.get("commonLabels").path("event_id").asText().equals(eventId)) return body;
    }
  }

  @Override
  public void close() throws Exception {
    process.close();
    receiver.close();
  }
}
