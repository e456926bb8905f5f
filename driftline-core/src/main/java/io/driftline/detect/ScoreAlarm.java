package io.driftline.detect;

import io.driftline.health.HealthState;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Turns a stream of anomaly scores into the health state machine shared by the score-based
 * detectors: DRIFT_DETECTED when a score reaches {@code alarm}, STABLE again after {@code
 * recoveryCount} consecutive scores below {@code clear}. Two levels (hysteresis) keep a score
 * hovering at the alarm level from flapping.
 */
final class ScoreAlarm {
  private final String rule;
  private final double alarm;
  private final double clear;
  private final int recoveryCount;
  private HealthState state = HealthState.INSUFFICIENT_DATA;
  private int calmRun;

  ScoreAlarm(String rule, double alarm, double clear, int recoveryCount) {
    if (!(clear <= alarm)) {
      throw new IllegalArgumentException("clear must be <= alarm but was " + clear + " > " + alarm);
    }
    this.rule = rule;
    this.alarm = alarm;
    this.clear = clear;
    this.recoveryCount = recoveryCount;
  }

  HealthState state() {
    return state;
  }

  /** The baseline became usable: INSUFFICIENT_DATA to STABLE. */
  Optional<Verdict.Change> ready() {
    if (state != HealthState.INSUFFICIENT_DATA) return Optional.empty();
    state = HealthState.STABLE;
    return Optional.of(
        new Verdict.Change(HealthState.INSUFFICIENT_DATA, "baseline_ready", List.of()));
  }

  /** Feeds one score (and its standard score, kept as evidence); reports a state change. */
  Optional<Verdict.Change> observe(double score, double z) {
    if (state == HealthState.STABLE && score >= alarm) {
      state = HealthState.DRIFT_DETECTED;
      calmRun = 0;
      return Optional.of(new Verdict.Change(HealthState.STABLE, rule, List.of(z)));
    }
    if (state == HealthState.DRIFT_DETECTED) {
      calmRun = score < clear ? calmRun + 1 : 0;
      if (calmRun >= recoveryCount) {
        state = HealthState.STABLE;
        calmRun = 0;
        return Optional.of(new Verdict.Change(HealthState.DRIFT_DETECTED, "recovery", List.of(z)));
      }
    }
    return Optional.empty();
  }

  void writeTo(DataOutput out) throws IOException {
    out.writeByte(state.ordinal());
    out.writeInt(calmRun);
  }

  void readFrom(DataInput in) throws IOException {
    state = HealthState.values()[in.readByte()];
    calmRun = in.readInt();
  }
}
