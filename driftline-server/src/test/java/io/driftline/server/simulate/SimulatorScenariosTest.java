package io.driftline.server.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.detect.Detector;
import io.driftline.detect.EnsembleDetector;
import io.driftline.detect.SeriesDetector;
import io.driftline.detect.WarmupDetector;
import io.driftline.detect.ZScoreRules;
import io.driftline.detect.ZScoreRulesDetector;
import io.driftline.health.HealthState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The simulator's scenarios (seeds/003) over many seeds, through the detectors the service runs,
 * in-process: what {@link AcceptanceTest} checks over HTTP for one seed holds for forty.
 */
class SimulatorScenariosTest {
  static final int SEEDS = 40;

  /** The service's default: the ensemble, held for the default warm-up. */
  static Detector ensemble() {
    return new WarmupDetector(new EnsembleDetector(), 100);
  }

  static Detector rules() {
    return new ZScoreRulesDetector(ZScoreRules.DEFAULTS);
  }

  /** States of the latency series after 300 normal samples and then {@code n} of {@code mode}. */
  static List<HealthState> latencyStates(
      Detector detector, TrafficPattern.Mode mode, int n, long seed) {
    SeriesDetector series = detector.create();
    var normal = new TrafficPattern(TrafficPattern.Mode.NORMAL, 300, seed);
    var pattern = new TrafficPattern(mode, n, seed);
    List<HealthState> states = new ArrayList<>();
    long t = 0;
    for (int i = 0; i < 300; i++) series.update(t++, normal.next(i).latencyMs());
    for (int i = 0; i < n; i++) states.add(series.update(t++, pattern.next(i).latencyMs()).state());
    return states;
  }

  @Test
  void theDefaultDetectorCatchesTheSpikeWithinFiveSamplesAndEndsStableForEverySeed() {
    for (long seed = 1; seed <= SEEDS; seed++) {
      List<HealthState> states = latencyStates(ensemble(), TrafficPattern.Mode.SPIKE, 900, seed);

      int detected = states.subList(300, 900).indexOf(HealthState.DRIFT_DETECTED);
      assertThat(detected).as("seed %d", seed).isBetween(0, 4);
      assertThat(states.get(899)).as("seed %d", seed).isEqualTo(HealthState.STABLE);
    }
  }

  @Test
  void theRulesRaiseNoDriftOnNormalTrafficAndCatchEveryCreep() {
    for (long seed = 1; seed <= SEEDS; seed++) {
      assertThat(latencyStates(rules(), TrafficPattern.Mode.NORMAL, 1200, seed))
          .as("seed %d", seed)
          .doesNotContain(HealthState.DRIFT_DETECTED);
      assertThat(latencyStates(rules(), TrafficPattern.Mode.CREEP, 1200, seed))
          .as("seed %d", seed)
          .contains(HealthState.DRIFT_DETECTED);
    }
  }
}
