package io.driftline.detect;

/**
 * Thresholds of the DriftWatch rules (seeds/003, "How it works"). The defaults are the seed's and
 * need no configuration.
 *
 * @param warmup samples that form the first baseline (100)
 * @param severeZ |z| above which a sample counts towards the SEVERE rule (3.0)
 * @param severeCount consecutive such samples that fire SEVERE (5)
 * @param moderateZ |z| above which a sample counts towards the MODERATE rule (2.5)
 * @param moderateCount that many in the last {@code moderateWindow} fire MODERATE (10 of 20)
 * @param moderateWindow window of the MODERATE rule (20)
 * @param recoveryZ |z| at or below which a sample counts as normal (2.0)
 * @param recoveryCount consecutive normal samples that end a drift (50)
 * @param baselineWindow effective memory of the baseline once learned, in samples (1000)
 */
public record ZScoreRules(
    int warmup,
    double severeZ,
    int severeCount,
    double moderateZ,
    int moderateCount,
    int moderateWindow,
    double recoveryZ,
    int recoveryCount,
    int baselineWindow) {

  public static final ZScoreRules DEFAULTS =
      new ZScoreRules(100, 3.0, 5, 2.5, 10, 20, 2.0, 50, 1000);

  public ZScoreRules {
    if (warmup < 2) throw new IllegalArgumentException("warmup must be >= 2 but was " + warmup);
    positive("severe_count", severeCount);
    positive("moderate_count", moderateCount);
    positive("moderate_window", moderateWindow);
    positive("recovery_count", recoveryCount);
    positive("baseline_window", baselineWindow);
    if (moderateCount > moderateWindow) {
      throw new IllegalArgumentException(
          "moderate_count must be <= moderate_window but was "
              + moderateCount
              + " > "
              + moderateWindow);
    }
    if (!(severeZ > 0 && moderateZ > 0 && recoveryZ > 0)) {
      throw new IllegalArgumentException(
          "z thresholds must be > 0 but were recovery_z "
              + recoveryZ
              + ", moderate_z "
              + moderateZ
              + ", severe_z "
              + severeZ);
    }
    if (recoveryZ > moderateZ || moderateZ > severeZ) {
      throw new IllegalArgumentException(
          "thresholds must satisfy recovery_z <= moderate_z <= severe_z but were "
              + recoveryZ
              + ", "
              + moderateZ
              + ", "
              + severeZ);
    }
  }

  private static void positive(String name, int value) {
    if (value <= 0) throw new IllegalArgumentException(name + " is too small: " + value);
  }
}
