package io.driftline.server.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.driftline.drift.Severity;
import io.driftline.server.drift.DriftJson;
import io.driftline.server.http.Json;
import io.driftline.sources.SourceException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Posts each notification as one JSON object to a URL of the user's choice: {@code status} ({@code
 * firing} or {@code resolved}), {@code summary}, {@code description}, {@code previous_severity}
 * (set when an event fires again at a higher severity) and the {@code event} exactly as {@code GET
 * /api/v1/drift/events/{drift_id}} shows it, so a receiver needs one parser for both. Any 2xx is
 * success.
 *
 * <pre>{@code
 * {"version": "1", "source": "driftline", "status": "firing", "previous_severity": null,
 *  "summary": "Latency drift of production/checkout in prod-us-east-1", "description": "...",
 *  "event": {"drift_id": "...", "drift_category": "LATENCY_DRIFT", "severity": "critical", ...}}
 * }</pre>
 */
public final class WebhookNotifier implements Notifier {
  private final ReceiverHttp http;

  WebhookNotifier(ReceiverHttp http) {
    this.http = http;
  }

  @Override
  public String name() {
    return "webhook";
  }

  @Override
  public void send(Notification notification) throws SourceException {
    try {
      http.postJson(Json.MAPPER.writeValueAsString(payload(notification)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render webhook payload", e);
    }
  }

  static Map<String, Object> payload(Notification n) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("version", "1");
    body.put("source", "driftline");
    body.put("status", n.isFiring() ? "firing" : "resolved");
    body.put(
        "previous_severity",
        n.isFiring() ? n.previousSeverity().map(Severity::wire).orElse(null) : null);
    body.put("summary", AlertText.summary(n.event()));
    body.put("description", AlertText.description(n.event()));
    body.put("event", DriftJson.event(n.event()));
    return body;
  }
}
