package io.driftline.server.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.driftline.drift.DriftEvent;
import io.driftline.drift.Severity;
import io.driftline.server.http.Json;
import io.driftline.sources.SourceException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Posts drift events to Alertmanager's API v2 ({@code POST /api/v2/alerts}) as Prometheus does: a
 * firing alert carries {@code endsAt} four resend intervals ahead, so it stays active while it is
 * re-sent and expires by itself if Driftline goes away (Prometheus {@code rules/alerting.go} does
 * the same with its resend delay); a resolved alert carries its end time.
 *
 * <p>Alertmanager identifies an alert by its label set, so the labels are stable for the life of an
 * event: {@code alertname} (the category in PascalCase, e.g. {@code LatencyDrift}), {@code
 * category}, {@code severity}, {@code cluster}, {@code env}, {@code namespace}, {@code workload},
 * {@code event_id}, {@code source="driftline"}. When the severity rises, the alert with the old
 * severity label is ended in the same request that starts the new one.
 */
public final class AlertmanagerNotifier implements Notifier {
  static final String PATH = "/api/v2/alerts";

  private final ReceiverHttp http;
  private final Clock clock;
  private final Duration resendInterval;

  AlertmanagerNotifier(ReceiverHttp http, Clock clock, Duration resendInterval) {
    this.http = http;
    this.clock = clock;
    this.resendInterval = resendInterval;
  }

  /** {@code base} (with any route prefix) plus {@code /api/v2/alerts}. */
  static java.net.URI endpoint(java.net.URI base) {
    return java.net.URI.create(base.toString().replaceAll("/+$", "") + PATH);
  }

  @Override
  public String name() {
    return "alertmanager";
  }

  @Override
  public void send(Notification notification) throws SourceException {
    post(alerts(notification));
  }

  @Override
  public boolean refreshes() {
    return true;
  }

  @Override
  public void refresh(List<Notification> firing) throws SourceException {
    if (firing.isEmpty()) return;
    List<Map<String, Object>> all = new ArrayList<>();
    for (Notification n : firing) all.addAll(alerts(n));
    post(all);
  }

  private void post(List<Map<String, Object>> alerts) throws SourceException {
    try {
      http.postJson(Json.MAPPER.writeValueAsString(alerts));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render alerts", e);
    }
  }

  /** The postable alerts for one notification (two when a severity label is replaced). */
  List<Map<String, Object>> alerts(Notification n) {
    DriftEvent e = n.event();
    Instant now = clock.instant();
    // sample time may run ahead of the clock; Alertmanager needs startsAt <= endsAt
    Instant start = min(Instant.ofEpochMilli(e.startMillis()), now);
    List<Map<String, Object>> out = new ArrayList<>();
    if (n.isFiring()) {
      out.add(alert(e, e.severity(), start, now.plus(resendInterval.multipliedBy(4))));
      n.previousSeverity()
          .filter(previous -> previous != e.severity())
          .ifPresent(previous -> out.add(alert(e, previous, start, now)));
    } else {
      Instant end =
          e.endMillis().isPresent() ? Instant.ofEpochMilli(e.endMillis().getAsLong()) : now;
      if (end.isAfter(now)) end = now;
      if (end.isBefore(start)) end = start;
      Severity known = n.previousSeverity().orElse(e.severity());
      out.add(alert(e, known, start, end));
      if (known != e.severity()) out.add(alert(e, e.severity(), start, end));
    }
    return out;
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private static Map<String, Object> alert(
      DriftEvent e, Severity severity, Instant startsAt, Instant endsAt) {
    Map<String, Object> alert = new LinkedHashMap<>();
    alert.put("labels", labels(e, severity));
    alert.put(
        "annotations",
        Map.of("summary", AlertText.summary(e), "description", AlertText.description(e)));
    alert.put("startsAt", startsAt.toString());
    alert.put("endsAt", endsAt.toString());
    return alert;
  }

  static Map<String, String> labels(DriftEvent e, Severity severity) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("alertname", AlertText.alertName(e.category()));
    labels.put("category", e.category().name());
    labels.put("severity", severity.wire());
    labels.put("cluster", e.clusterId());
    labels.put("env", e.env());
    labels.put("namespace", e.namespace());
    labels.put("workload", e.workloadName());
    labels.put("event_id", e.driftId());
    labels.put("source", "driftline");
    return labels;
  }
}
