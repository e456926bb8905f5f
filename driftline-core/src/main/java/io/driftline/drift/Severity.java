package io.driftline.drift;

import java.util.Locale;

/** How bad a drift event is; written lower case on the API ({@code minor}, ...). */
public enum Severity {
  MINOR,
  MAJOR,
  CRITICAL;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Severity max(Severity a, Severity b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
