package io.driftline.detect;

import io.driftline.health.HealthState;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The ensemble's health state, kept apart from its score. The score spikes once at the onset of a
 * change and its baseline then adopts the new level (what NAB rewards); an operator needs a state
 * that says "degraded" for as long as the service is degraded, and few false alarms. So:
 *
 * <ul>
 *   <li><b>Confirmed entry.</b> An alarm of the score only opens a pending check: the pre-alarm
 *       baseline is frozen, and the state becomes {@code DRIFT_DETECTED} when {@link
 *       #CONFIRM_COUNT} of the next {@link #CONFIRM_WINDOW} samples also lie {@link #CONFIRM_Z}
 *       frozen spreads off it, on the same side (the alarm's side when the alarmed sample itself
 *       was that far off). A single outlier still shows in the score and the severity but does not
 *       flip the state: the {@code for:} clause of a Prometheus alerting rule, which fires only
 *       once the condition has held for a while
 *       (prometheus.io/docs/prometheus/latest/configuration/alerting_rules/).
 *   <li><b>Frozen baseline while degraded.</b> On entry the baseline of before the change is kept;
 *       the state returns to {@code STABLE} after {@link #RECOVERY_RUN} samples in a row within
 *       {@link #RECOVER_Z} frozen spreads of it (rule {@code recovery}), however much the score's
 *       own baseline has moved meanwhile. A level that lasts {@link #REBASELINE_WINDOWS} windows
 *       becomes the new normal (rule {@code new_baseline}), so a permanent change is not reported
 *       as drift for ever.
 *   <li><b>Slow drift.</b> A long-term reference (a running mean of the short baseline's median and
 *       spread, up to {@link #REFERENCE_WINDOWS} windows of memory) stops learning while the short
 *       median is more than {@link #SHIFT_Z} / 2 reference spreads away from it, and the state
 *       enters {@code DRIFT_DETECTED} (rule {@code ensemble_level_shift}) when the short median is
 *       {@link #SHIFT_Z} spreads off: a creep that the adaptive baseline follows step by step moves
 *       the median away from a reference that no longer follows (the frozen-reference idea of
 *       Page's CUSUM, Page 1954, applied to the median rather than to each sample, so one outlier
 *       cannot trip it).
 * </ul>
 *
 * <p>About 90 bytes per series. Not thread-safe: one per series.
 */
final class EnsembleHealth {
  /** Samples after an alarm in which the confirming samples must come. */
  static final int CONFIRM_WINDOW = 4;

  /** Confirming samples that turn an alarm into a drift. */
  static final int CONFIRM_COUNT = 2;

  /** A confirming sample lies this many frozen spreads off the frozen median. */
  static final double CONFIRM_Z = 3;

  /** A sample within this many frozen spreads of the frozen median counts as recovered. */
  static final double RECOVER_Z = 3;

  /** Recovered samples in a row that end a drift (the DriftWatch rules' recovery count). */
  static final int RECOVERY_RUN = 50;

  /** Windows at a new level after which it becomes the new normal. */
  static final int REBASELINE_WINDOWS = 4;

  /** The long-term reference's memory in windows. */
  static final int REFERENCE_WINDOWS = 8;

  /** Distance of the short median from the reference, in reference spreads, that is a shift. */
  static final double SHIFT_Z = 3;

  private final int window;
  private HealthState state = HealthState.INSUFFICIENT_DATA;
  private int pending; // samples left to confirm an alarm; 0: none
  private int confirmed; // confirming samples so far
  private int side; // +1 / -1: side the confirmation must be on; 0: either
  private int calmRun;
  private int driftAge;
  private boolean frozenSeasonal;
  private double frozenMedian;
  private double frozenSpread;
  private int referenceCount; // short-baseline values averaged into the reference, capped
  private boolean armed = true; // false after a drift until the short median is back
  private double referenceMedian;
  private double referenceSpread;

  EnsembleHealth(int window) {
    this.window = window;
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

  /**
   * Feeds one scored sample.
   *
   * @param value the sample
   * @param x the sample in the domain it was scored in (the value, or its seasonal residual)
   * @param median the median the sample was scored against, in that domain
   * @param spread the spread it was scored against
   * @param seasonal whether the domain is the seasonal residual
   * @param shortMedian the value baseline's median after the sample (the level of the series)
   * @param shortSpread the value baseline's spread after the sample
   * @param alarm whether the calibrated score reached the alarm
   * @param z the sample's standard score, the evidence of a change
   * @return the state change this sample caused, if any
   */
  Optional<Verdict.Change> observe(
      double value,
      double x,
      double median,
      double spread,
      boolean seasonal,
      double shortMedian,
      double shortSpread,
      boolean alarm,
      double z) {
    if (state == HealthState.DRIFT_DETECTED) {
      return whileDrifting(deviation(value, x, seasonal, z), shortMedian);
    }
    learnReference(shortMedian, shortSpread);
    if (pending > 0) {
      double d = deviation(value, x, seasonal, z);
      if (Math.abs(d) >= CONFIRM_Z && (side == 0 || Math.signum(d) == side)) {
        if (side == 0) side = (int) Math.signum(d);
        if (++confirmed >= CONFIRM_COUNT) {
          pending = 0;
          return enter("ensemble", List.of(z));
        }
      }
      pending--;
    }
    if (alarm && pending == 0) {
      // the reference is the normal of before any drift, also while the short baseline still
      // remembers a degraded level (not armed)
      if (!seasonal && referenceReady()) freeze(referenceMedian, referenceSpread, false);
      else freeze(median, spread, seasonal);
      double d = deviation(value, x, seasonal, z);
      side = Math.abs(d) >= CONFIRM_Z ? (int) Math.signum(d) : 0;
      pending = CONFIRM_WINDOW;
      confirmed = 0;
    }
    if (armed && referenceReady()) {
      double shift = (shortMedian - referenceMedian) / referenceSpread;
      if (Math.abs(shift) >= SHIFT_Z) {
        freeze(referenceMedian, referenceSpread, false);
        pending = 0;
        return enter("ensemble_level_shift", List.of(shift));
      }
    }
    return Optional.empty();
  }

  /**
   * The sample's distance from the frozen baseline in frozen spreads: of the value, or of the
   * seasonal residual when the residual's baseline was frozen (its standard score once the season
   * is lost).
   */
  private double deviation(double value, double x, boolean seasonal, double z) {
    if (!frozenSeasonal) return (value - frozenMedian) / frozenSpread;
    return seasonal ? (x - frozenMedian) / frozenSpread : z;
  }

  private Optional<Verdict.Change> whileDrifting(double d, double shortMedian) {
    driftAge++;
    calmRun = Math.abs(d) < RECOVER_Z ? calmRun + 1 : 0;
    if (calmRun >= RECOVERY_RUN) {
      // the short baseline still remembers the degraded level: no level shift until it is back
      armed = referenceCount == 0 || Math.abs(shortMedian - referenceMedian) < shifted();
      return leave("recovery", d);
    }
    if (driftAge >= REBASELINE_WINDOWS * window) {
      referenceCount = 0; // the new level is the new normal
      armed = true;
      return leave("new_baseline", d);
    }
    return Optional.empty();
  }

  private void learnReference(double shortMedian, double shortSpread) {
    if (!armed) {
      if (Math.abs(shortMedian - referenceMedian) < shifted()) armed = true;
      else if (++calmRun >= REBASELINE_WINDOWS * window) referenceCount = 0; // never came back
      if (referenceCount == 0) armed = true;
      if (!armed) return;
      calmRun = 0;
    }
    if (referenceCount > 0 && Math.abs(shortMedian - referenceMedian) >= shifted()) return;
    int memory = REFERENCE_WINDOWS * window;
    if (referenceCount < memory) referenceCount++;
    double gain = 1.0 / referenceCount;
    referenceMedian += gain * (shortMedian - referenceMedian);
    referenceSpread += gain * (shortSpread - referenceSpread);
  }

  private double shifted() {
    return SHIFT_Z / 2 * referenceSpread;
  }

  private boolean referenceReady() {
    return referenceCount >= window;
  }

  private void freeze(double median, double spread, boolean seasonal) {
    frozenMedian = median;
    frozenSpread = spread > 0 ? spread : Double.MIN_NORMAL;
    frozenSeasonal = seasonal;
  }

  private Optional<Verdict.Change> enter(String rule, List<Double> evidence) {
    state = HealthState.DRIFT_DETECTED;
    calmRun = 0;
    driftAge = 0;
    return Optional.of(new Verdict.Change(HealthState.STABLE, rule, evidence));
  }

  private Optional<Verdict.Change> leave(String rule, double d) {
    state = HealthState.STABLE;
    calmRun = 0;
    driftAge = 0;
    pending = 0;
    return Optional.of(new Verdict.Change(HealthState.DRIFT_DETECTED, rule, List.of(d)));
  }

  void writeTo(DataOutput out) throws IOException {
    out.writeByte(state.ordinal());
    out.writeByte(pending);
    out.writeByte(confirmed);
    out.writeByte(side);
    out.writeInt(calmRun);
    out.writeInt(driftAge);
    out.writeBoolean(frozenSeasonal);
    out.writeDouble(frozenMedian);
    out.writeDouble(frozenSpread);
    out.writeInt(referenceCount);
    out.writeBoolean(armed);
    out.writeDouble(referenceMedian);
    out.writeDouble(referenceSpread);
  }

  void readFrom(DataInput in) throws IOException {
    int ordinal = in.readByte();
    if (ordinal < 0 || ordinal >= HealthState.values().length)
      throw new IOException("bad health state " + ordinal);
    state = HealthState.values()[ordinal];
    pending = in.readByte();
    confirmed = in.readByte();
    side = in.readByte();
    calmRun = in.readInt();
    driftAge = in.readInt();
    frozenSeasonal = in.readBoolean();
    frozenMedian = in.readDouble();
    frozenSpread = in.readDouble();
    referenceCount = in.readInt();
    armed = in.readBoolean();
    referenceMedian = in.readDouble();
    referenceSpread = in.readDouble();
  }
}
