package io.driftline.drift;

import java.util.Locale;

/**
 * Life of a drift event: {@code open -> acknowledged -> resolved}, or {@code open -> resolved}
 * directly. Resolved is final: a new drift of the same workload opens a new event.
 */
public enum DriftStatus {
  OPEN,
  ACKNOWLEDGED,
  RESOLVED;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean canMoveTo(DriftStatus next) {
    return switch (this) {
      case OPEN -> next == ACKNOWLEDGED || next == RESOLVED;
      case ACKNOWLEDGED -> next == RESOLVED;
      case RESOLVED -> false;
    };
  }
}
