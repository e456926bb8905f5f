package io.driftline.detect.eval;

import java.util.List;
import java.util.Optional;

/**
 * A NAB cost matrix (Lavin and Ahmad 2015, "Evaluating real-time anomaly detection algorithms - the
 * Numenta Anomaly Benchmark"; NAB's config/profiles.json): the reward of a detected window, the
 * cost of a missed one and the cost of a detection outside every window.
 */
public record NabProfile(String name, double tpWeight, double fnWeight, double fpWeight) {
  public static final NabProfile STANDARD = new NabProfile("standard", 1.0, 1.0, 0.11);
  public static final NabProfile REWARD_LOW_FP =
      new NabProfile("reward_low_FP_rate", 1.0, 1.0, 0.22);
  public static final NabProfile REWARD_LOW_FN =
      new NabProfile("reward_low_FN_rate", 1.0, 2.0, 0.11);
  public static final List<NabProfile> ALL = List.of(STANDARD, REWARD_LOW_FP, REWARD_LOW_FN);

  public NabProfile {
    if (!(tpWeight > 0 && fnWeight >= 0 && fpWeight >= 0)) {
      throw new IllegalArgumentException(
          "weights must be tp > 0, fn >= 0, fp >= 0 but were "
              + tpWeight
              + ", "
              + fnWeight
              + ", "
              + fpWeight);
    }
  }

  public static Optional<NabProfile> byName(String name) {
    return ALL.stream().filter(p -> p.name.equalsIgnoreCase(name.strip())).findFirst();
  }
}
