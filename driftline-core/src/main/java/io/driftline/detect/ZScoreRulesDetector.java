package io.driftline.detect;

import io.driftline.baseline.RunningBaseline;
import io.driftline.health.HealthState;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The DriftWatch rules: a z-score against a learned baseline, SEVERE when {@code severeCount}
 * consecutive samples exceed {@code severeZ}, MODERATE when {@code moderateCount} of the last
 * {@code moderateWindow} exceed {@code moderateZ}, recovery after {@code recoveryCount} consecutive
 * samples within {@code recoveryZ}.
 *
 * <p>Keeping drift out of the baseline: once warm, the baseline learns only from samples taken
 * while the series is STABLE and whose |z| is at most {@code severeZ}. A drift period therefore
 * never teaches the baseline that drift is normal, and single outliers do not widen it. A cut at
 * {@code severeZ} rather than {@code recoveryZ} matters: truncating a normal distribution at 2σ
 * keeps only 77% of its variance, and the shrinking spread would feed on itself; at 3σ the estimate
 * settles within 2% of the true spread.
 */
public final class ZScoreRulesDetector implements Detector {
  public static final String NAME = "zscore-rules";
  private final ZScoreRules rules;

  public ZScoreRulesDetector(ZScoreRules rules) {
    this.rules = rules;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public SeriesDetector create() {
    return new State(rules);
  }

  @Override
  public SeriesDetector restore(DataInput in) throws IOException {
    State state = new State(rules);
    state.readFrom(in);
    return state;
  }

  static final class State implements SeriesDetector {
    private final ZScoreRules rules;
    private final RunningBaseline baseline;
    private final double[] window; // last z-scores, ring buffer of moderateWindow
    private HealthState state = HealthState.INSUFFICIENT_DATA;
    private long samples;
    private int head; // next write position in window
    private int filled;
    private int severeRun;
    private int normalRun;
    private double lastZ;

    State(ZScoreRules rules) {
      this.rules = rules;
      this.baseline = new RunningBaseline(rules.warmup(), rules.baselineWindow());
      this.window = new double[Math.max(rules.moderateWindow(), rules.severeCount())];
    }

    @Override
    public Verdict update(long epochMillis, double value) {
      samples++;
      if (!baseline.isReady()) {
        baseline.update(value);
        if (!baseline.isReady()) {
          return new Verdict(state, 0, 0, Optional.empty());
        }
        state = HealthState.STABLE;
        return new Verdict(state, 0, 0, change(HealthState.INSUFFICIENT_DATA, "baseline_ready", 0));
      }
      double z = baseline.zScore(value);
      double absZ = Math.abs(z);
      lastZ = z;
      push(z);
      severeRun = absZ > rules.severeZ() ? severeRun + 1 : 0;
      Optional<Verdict.Change> change = Optional.empty();
      if (state == HealthState.STABLE) {
        if (severeRun >= rules.severeCount()) {
          change = enterDrift("severe", rules.severeCount());
        } else if (countAbove(rules.moderateZ(), rules.moderateWindow()) >= rules.moderateCount()) {
          change = enterDrift("moderate", rules.moderateWindow());
        } else if (absZ <= rules.severeZ()) {
          baseline.update(value);
        }
      } else {
        normalRun = absZ <= rules.recoveryZ() ? normalRun + 1 : 0;
        if (normalRun >= rules.recoveryCount()) {
          state = HealthState.STABLE;
          change = recover();
        }
      }
      return new Verdict(state, score(absZ), z, change);
    }

    private Optional<Verdict.Change> enterDrift(String rule, int evidence) {
      state = HealthState.DRIFT_DETECTED;
      normalRun = 0;
      return change(HealthState.STABLE, rule, evidence);
    }

    private Optional<Verdict.Change> recover() {
      Optional<Verdict.Change> change =
          change(HealthState.DRIFT_DETECTED, "recovery", Math.min(filled, window.length));
      severeRun = 0;
      normalRun = 0;
      filled = 0; // the drift's z-scores must not count towards the next MODERATE decision
      return change;
    }

    private Optional<Verdict.Change> change(HealthState from, String rule, int evidence) {
      return Optional.of(new Verdict.Change(from, rule, lastZs(evidence)));
    }

    private void push(double z) {
      window[head] = z;
      head = (head + 1) % window.length;
      if (filled < window.length) filled++;
    }

    private List<Double> lastZs(int n) {
      int k = Math.min(n, filled);
      List<Double> zs = new ArrayList<>(k);
      for (int i = k; i > 0; i--) zs.add(window[Math.floorMod(head - i, window.length)]);
      return zs;
    }

    private int countAbove(double threshold, int n) {
      int k = Math.min(n, filled);
      int count = 0;
      for (int i = 1; i <= k; i++) {
        if (Math.abs(window[Math.floorMod(head - i, window.length)]) > threshold) count++;
      }
      return count;
    }

    /** Two-sided normal tail: 0 at z = 0, 0.9973 at |z| = 3. */
    private static double score(double absZ) {
      return Erf.erf(absZ / Math.sqrt(2));
    }

    @Override
    public BaselineSnapshot snapshot() {
      return new BaselineSnapshot(
          state,
          samples,
          baseline.count(),
          baseline.mean(),
          baseline.stddev(),
          countAbove(rules.moderateZ(), rules.moderateWindow()),
          lastZ,
          AnomalySeverity.ofZ(lastZ));
    }

    @Override
    public void writeTo(DataOutput out) throws IOException {
      out.writeByte(state.ordinal());
      out.writeLong(samples);
      baseline.writeTo(out);
      out.writeInt(window.length);
      for (double z : window) out.writeDouble(z);
      out.writeInt(head);
      out.writeInt(filled);
      out.writeInt(severeRun);
      out.writeInt(normalRun);
      out.writeDouble(lastZ);
    }

    void readFrom(DataInput in) throws IOException {
      state = HealthState.values()[in.readByte()];
      samples = in.readLong();
      baseline.readFrom(in);
      int length = in.readInt();
      if (length != window.length) {
        throw new IOException(
            "checkpoint window " + length + " does not match configured window " + window.length);
      }
      for (int i = 0; i < length; i++) window[i] = in.readDouble();
      head = in.readInt();
      filled = in.readInt();
      severeRun = in.readInt();
      normalRun = in.readInt();
      lastZ = in.readDouble();
    }
  }
}
