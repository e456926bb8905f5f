package io.driftline.detect;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The detectors selectable by name, each with its zero-configuration defaults. {@code
 * Detectors.byName("ensemble")} is what {@code driftline detect --detector ensemble} runs.
 */
public final class Detectors {
  private record Entry(String name, String description, Supplier<Detector> factory) {}

  private static final List<Entry> ALL =
      List.of(
          new Entry(
              ZScoreRulesDetector.NAME,
              "the DriftWatch z-score rules (the service's default)",
              () -> new ZScoreRulesDetector(ZScoreRules.DEFAULTS)),
          new Entry(
              RobustZDetector.NAME,
              "robust z-score against a moving median and IQR",
              RobustZDetector::new),
          new Entry(
              CusumDetector.NAME,
              "two-sided CUSUM on robust z-scores, for shifts and slow drift",
              CusumDetector::new),
          new Entry(
              EnsembleDetector.NAME,
              "seasonal + robust baseline + CUSUM, likelihood-calibrated, one alert per change",
              EnsembleDetector::new),
          new Entry(
              SeasonalDetector.NAME,
              "robust z of the change since one period earlier (period found automatically)",
              SeasonalDetector::new));

  private Detectors() {}

  public static Optional<Detector> byName(String name) {
    String n = name.strip().toLowerCase(Locale.ROOT);
    return ALL.stream().filter(e -> e.name.equals(n)).findFirst().map(e -> e.factory.get());
  }

  public static List<String> names() {
    return ALL.stream().map(Entry::name).toList();
  }

  public static String describe(String name) {
    return ALL.stream()
        .filter(e -> e.name.equals(name))
        .findFirst()
        .map(Entry::description)
        .orElseThrow(() -> new IllegalArgumentException("no detector " + name));
  }
}
