package io.driftline.drift;

import io.driftline.detect.AnomalySeverity;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How detected drift becomes drift events.
 *
 * @param env the {@code env} written on events Driftline detects itself
 * @param categories metric name prefix to category; the longest matching prefix wins, a metric that
 *     matches none produces no events
 * @param majorZ |z| at which an event starts {@code major}; below it {@code minor}
 * @param criticalZ |z| at which an event starts {@code critical}
 * @param majorAfter an event open this long is at least {@code major}
 * @param criticalAfter an event open this long is {@code critical}
 * @param causeWindow a config change of the workload at most this long before a drift starts is its
 *     probable cause
 */
public record DriftSettings(
    String env,
    Map<String, DriftCategory> categories,
    double majorZ,
    double criticalZ,
    Duration majorAfter,
    Duration criticalAfter,
    Duration causeWindow) {

  public static final String DEFAULT_CATEGORIES =
      "latency_=LATENCY_DRIFT,"
          + "error_rate=ERROR_RATE_DRIFT,throughput_=THROUGHPUT_DRIFT,cpu_=CPU_MEMORY_DRIFT,"
          + "memory_=CPU_MEMORY_DRIFT,disk_=IO_DRIFT,network_=IO_DRIFT";

  public static final DriftSettings DEFAULTS =
      new DriftSettings(
          "prod",
          parseCategories(DEFAULT_CATEGORIES),
          4.0,
          6.0,
          Duration.ofMinutes(15),
          Duration.ofHours(1),
          Duration.ofHours(2));

  public DriftSettings {
    if (env == null || env.isBlank()) throw new IllegalArgumentException("env must not be empty");
    categories = Map.copyOf(categories);
    if (!(majorZ > 0 && criticalZ >= majorZ)) {
      throw new IllegalArgumentException(
          "need 0 < major_z <= critical_z but were " + majorZ + " and " + criticalZ);
    }
    if (criticalAfter.compareTo(majorAfter) < 0) {
      throw new IllegalArgumentException(
          "critical_after must be >= major_after but was " + criticalAfter);
    }
  }

  /** {@code prefix=CATEGORY} pairs separated by commas, e.g. {@code latency_=LATENCY_DRIFT}. */
  public static Map<String, DriftCategory> parseCategories(String text) {
    Map<String, DriftCategory> map = new LinkedHashMap<>();
    for (String pair : text.split(",")) {
      if (pair.isBlank()) continue;
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            "category mapping must be prefix=CATEGORY but was '" + pair.strip() + "'");
      }
      String category = pair.substring(eq + 1).strip().toUpperCase(Locale.ROOT);
      try {
        map.put(pair.substring(0, eq).strip(), DriftCategory.valueOf(category));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "unknown drift category '"
                + category
                + "'; one of "
                + java.util.Arrays.toString(DriftCategory.values()));
      }
    }
    return map;
  }

  public Optional<DriftCategory> category(String metric) {
    return categories.entrySet().stream()
        .filter(e -> metric.startsWith(e.getKey()))
        .max(Comparator.comparingInt(e -> e.getKey().length()))
        .map(Map.Entry::getValue);
  }

  /** Severity from distance: the largest |z| the firing rule looked at. */
  public Severity severityOfDistance(double maxAbsZ) {
    if (maxAbsZ >= criticalZ) return Severity.CRITICAL;
    if (maxAbsZ >= majorZ) return Severity.MAJOR;
    return Severity.MINOR;
  }

  /**
   * Severity from the detector's own evidence: the {@link AnomalySeverity} of the sample that fired
   * the alarm. {@code info} and {@code warning} are minor, {@code critical} major, {@code
   * emergency} critical; for the z-based detectors this is the same as {@link #severityOfDistance}
   * with the default {@code major_z} 4 and {@code critical_z} 6, and for the ensemble it follows
   * its calibrated score, which can be high while the sample's z is modest.
   */
  public static Severity severityOfEvidence(AnomalySeverity evidence) {
    return switch (evidence) {
      case INFO, WARNING -> Severity.MINOR;
      case CRITICAL -> Severity.MAJOR;
      case EMERGENCY -> Severity.CRITICAL;
    };
  }

  /** Severity from duration: how long the event has been open. */
  public Severity severityOfDuration(long openMillis) {
    if (openMillis >= criticalAfter.toMillis()) return Severity.CRITICAL;
    if (openMillis >= majorAfter.toMillis()) return Severity.MAJOR;
    return Severity.MINOR;
  }
}
