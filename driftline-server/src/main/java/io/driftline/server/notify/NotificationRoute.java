package io.driftline.server.notify;

import io.driftline.drift.DriftCategory;
import io.driftline.drift.DriftEvent;
import io.driftline.drift.Severity;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which events a notifier gets: those at or above {@code minSeverity} whose category is in {@code
 * categories} (empty: every category). An event that rises above the threshold later is sent then.
 */
public record NotificationRoute(Severity minSeverity, Set<DriftCategory> categories) {

  public static final NotificationRoute EVERYTHING =
      new NotificationRoute(Severity.values()[0], Set.of());

  public NotificationRoute {
    if (minSeverity == null) throw new IllegalArgumentException("minSeverity is required");
    categories = Set.copyOf(categories);
  }

  public boolean accepts(DriftEvent event) {
    return event.severity().compareTo(minSeverity) >= 0
        && (categories.isEmpty() || categories.contains(event.category()));
  }

  /**
   * {@code "LATENCY_DRIFT,capacity_risk"} (comma-separated, any case; blank: every category).
   *
   * @throws IllegalArgumentException naming the unknown category
   */
  public static Set<DriftCategory> parseCategories(String text) {
    var out = new java.util.LinkedHashSet<DriftCategory>();
    for (String part : text.split(",")) {
      String name = part.strip().toUpperCase(Locale.ROOT);
      if (name.isEmpty()) continue;
      try {
        out.add(DriftCategory.valueOf(name));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "unknown category '" + part.strip() + "', known: " + List.of(DriftCategory.values()));
      }
    }
    return out;
  }

  /**
   * {@code minor}, {@code major}, ... (any case).
   *
   * @throws IllegalArgumentException naming the known severities
   */
  public static Severity parseSeverity(String text) {
    try {
      return Severity.valueOf(text.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown severity '"
              + text.strip()
              + "', known: "
              + java.util.Arrays.stream(Severity.values()).map(Severity::wire).toList());
    }
  }
}
