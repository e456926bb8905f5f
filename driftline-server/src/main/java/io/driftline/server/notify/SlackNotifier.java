package io.driftline.server.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.driftline.drift.DriftEvent;
import io.driftline.server.http.Json;
import io.driftline.sources.SourceException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Posts to a Slack incoming webhook ({@code https://hooks.slack.com/services/...}): a plain {@code
 * text} (what notifications and old clients show) and Block Kit {@code blocks} (a section with the
 * title and description, a context line with the event id). Slack answers {@code 200 ok}, or an
 * error code in the body ({@code 400 invalid_payload}, {@code 404 no_service}, {@code 410
 * channel_is_archived}, ...), or {@code 429} with {@code Retry-After}; errors other than 429 and
 * 5xx are not retried. The webhook URL is the credential: its path never appears in messages.
 *
 * <p>Text follows Slack's mrkdwn escaping rules: {@code &}, {@code <} and {@code >} are escaped.
 */
public final class SlackNotifier implements Notifier {
  private final ReceiverHttp http;

  SlackNotifier(ReceiverHttp http) {
    this.http = http;
  }

  @Override
  public String name() {
    return "slack";
  }

  @Override
  public void send(Notification notification) throws SourceException {
    try {
      http.postJson(Json.MAPPER.writeValueAsString(payload(notification)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render Slack message", e);
    }
  }

  static Map<String, Object> payload(Notification n) {
    DriftEvent e = n.event();
    String state = n.isFiring() ? "FIRING" : "RESOLVED";
    String icon = n.isFiring() ? ":rotating_light:" : ":white_check_mark:";
    String title =
        "["
            + state
            + " "
            + e.severity().wire().toUpperCase(Locale.ROOT)
            + "] "
            + AlertText.summary(e);
    String text = icon + " " + escape(title);
    return Map.of(
        "text",
        text,
        "blocks",
        List.of(
            Map.of(
                "type",
                "section",
                "text",
                Map.of(
                    "type",
                    "mrkdwn",
                    "text",
                    icon + " *" + escape(title) + "*\n" + escape(AlertText.description(e)))),
            Map.of(
                "type",
                "context",
                "elements",
                List.of(
                    Map.of(
                        "type",
                        "mrkdwn",
                        "text",
                        "Driftline event `"
                            + escape(e.driftId())
                            + "` · env "
                            + escape(e.env()))))));
  }

  /** Slack mrkdwn control characters. */
  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
