package io.driftline.drift;

import java.util.Locale;

/** A recommendation is proposed, then approved or rejected once. */
public enum RecommendationStatus {
  PROPOSED,
  APPROVED,
  REJECTED;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
