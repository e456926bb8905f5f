package io.driftline.server.notify;

import io.driftline.drift.DriftCategory;
import io.driftline.drift.DriftEvent;
import java.time.Instant;
import java.util.Locale;

/** The human-readable words every notifier shows for an event, so they all say the same. */
final class AlertText {
  private AlertText() {}

  /** {@code LATENCY_DRIFT -> LatencyDrift}: the Alertmanager alertname and a title. */
  static String alertName(DriftCategory category) {
    StringBuilder out = new StringBuilder();
    for (String word : category.name().split("_")) {
      if (word.isEmpty()) continue;
      out.append(word.charAt(0)).append(word.substring(1).toLowerCase(Locale.ROOT));
    }
    return out.toString();
  }

  /** {@code Latency drift of production/checkout in prod-us-east-1}. */
  static String summary(DriftEvent e) {
    String title = e.category().name().replace('_', ' ').toLowerCase(Locale.ROOT);
    return Character.toUpperCase(title.charAt(0))
        + title.substring(1)
        + " of "
        + e.namespace()
        + "/"
        + e.workloadName()
        + " in "
        + e.clusterId();
  }

  /** Signals, start, method and confidence, probable cause, end: one paragraph. */
  static String description(DriftEvent e) {
    StringBuilder out = new StringBuilder();
    out.append(e.severity().wire())
        .append(' ')
        .append(e.category().name())
        .append(" since ")
        .append(Instant.ofEpochMilli(e.startMillis()));
    if (!e.signals().isEmpty()) out.append(" in ").append(String.join(", ", e.signals()));
    out.append(" (")
        .append(e.detectionMethod())
        .append(", confidence ")
        .append(e.confidenceScore())
        .append(", env ")
        .append(e.env())
        .append(").");
    e.probableCause()
        .ifPresent(c -> out.append(" Probable cause: config change ").append(c).append('.'));
    e.acknowledgedBy().ifPresent(by -> out.append(" Acknowledged by ").append(by).append('.'));
    if (!e.isOpen()) {
      out.append(" Resolved");
      e.endMillis().ifPresent(end -> out.append(", ended ").append(Instant.ofEpochMilli(end)));
      e.resolvedBy().ifPresent(by -> out.append(", by ").append(by));
      out.append('.');
    }
    return out.toString();
  }
}
