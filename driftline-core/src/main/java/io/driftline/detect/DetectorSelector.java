package io.driftline.detect;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Which detector runs on which metric: one for every metric, except the metrics named in {@code
 * overrides}. The service keeps the fast DriftWatch rules on most series and runs, say, the
 * ensemble on the one metric whose pattern needs it.
 *
 * <p>{@code var detectors = new DetectorSelector(zscoreRules, Map.of("payload_kb", new
 * EnsembleDetector())); detectors.forMetric("payload_kb").name(); // "ensemble" }
 *
 * @param fallback the detector of every metric not in {@code overrides}
 * @param overrides metric name (exact, labels play no part) to its detector
 */
public record DetectorSelector(Detector fallback, Map<String, Detector> overrides) {

  public DetectorSelector {
    Objects.requireNonNull(fallback, "fallback");
    overrides = Map.copyOf(overrides);
  }

  /** The same detector for every metric. */
  public static DetectorSelector of(Detector detector) {
    return new DetectorSelector(detector, Map.of());
  }

  public Detector forMetric(String metric) {
    return overrides.getOrDefault(metric, fallback);
  }

  /**
   * Parses {@code metric=detector} pairs separated by commas, e.g. {@code
   * payload_kb=ensemble,error_rate=cusum}; empty text means no overrides. {@code detectors} makes a
   * detector from a name, empty when there is none of that name (then the pair is refused).
   */
  public static Map<String, Detector> parseOverrides(
      String text, Function<String, java.util.Optional<Detector>> detectors) {
    Map<String, Detector> map = new LinkedHashMap<>();
    for (String pair : text.split(",")) {
      if (pair.isBlank()) continue;
      int eq = pair.indexOf('=');
      if (eq <= 0 || eq == pair.length() - 1) {
        throw new IllegalArgumentException(
            "override must be metric=detector but was '" + pair.strip() + "'");
      }
      String metric = pair.substring(0, eq).strip();
      String name = pair.substring(eq + 1).strip().toLowerCase(Locale.ROOT);
      Detector detector =
          detectors
              .apply(name)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "override "
                              + metric
                              + " names no detector: '"
                              + name
                              + "'; known are "
                              + Detectors.names()));
      if (map.put(metric, detector) != null) {
        throw new IllegalArgumentException("metric " + metric + " is overridden twice");
      }
    }
    return map;
  }
}
