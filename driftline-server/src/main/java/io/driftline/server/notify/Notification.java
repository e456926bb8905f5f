package io.driftline.server.notify;

import io.driftline.drift.DriftEvent;
import io.driftline.drift.Severity;
import java.util.Optional;

/**
 * One thing to tell a notifier about a drift event: it fires (first time, or again at a higher
 * severity) or it is resolved.
 *
 * @param previousSeverity the severity this notifier was last told while the event fired, if any;
 *     Alertmanager identifies an alert by its labels, so a new severity label must end the old one
 */
public record Notification(DriftEvent event, Kind kind, Optional<Severity> previousSeverity) {

  /** Whether the event fires or has ended. */
  public enum Kind {
    FIRING,
    RESOLVED
  }

  public Notification {
    if (event == null) throw new IllegalArgumentException("event is required");
    if (kind == null) throw new IllegalArgumentException("kind is required");
    if (previousSeverity == null) throw new IllegalArgumentException("previousSeverity is null");
  }

  public static Notification firing(DriftEvent event) {
    return new Notification(event, Kind.FIRING, Optional.empty());
  }

  public static Notification resolved(DriftEvent event) {
    return new Notification(event, Kind.RESOLVED, Optional.empty());
  }

  public boolean isFiring() {
    return kind == Kind.FIRING;
  }
}
