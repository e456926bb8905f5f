package io.driftline.detect;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Optional;

/**
 * A seasonal baseline found without configuration: {@link SeasonalPeriod} looks for a daily or
 * weekly period in the series' own history, and once there is one each sample is compared with the
 * sample one period earlier, scoring the difference's robust standard score against the recent
 * differences. A daily swing is therefore not an anomaly but a day that does not swing is. Without
 * a period (or until one is found) it scores the sample against the series' median and spread, so a
 * non-seasonal series behaves like {@link RobustZDetector}.
 *
 * <p>Both baselines are {@link StreamingRobustScale} estimates (about 100 bytes each) and the
 * period history is byte-quantised, about 1 KB per series with the defaults. Score: the two-sided
 * normal tail of the z. State: DRIFT_DETECTED at |z| >= 4, STABLE after 64 samples below |z| 2. It
 * reports every anomalous sample (no one-alert-per-change suppression; the {@code ensemble} adds
 * that, the change detector and the calibration on top of the same seasonal baseline).
 */
public final class SeasonalDetector implements Detector {
  public static final String NAME = "seasonal";
  private static final int FORMAT = 1;
  private static final int WINDOW = 256;
  private static final int RECOVERY = WINDOW / 4;
  private final int history;

  public SeasonalDetector() {
    this(EnsembleDetector.Settings.DEFAULTS.seasonHistory());
  }

  /**
   * @param history samples searched for a period; periods up to a third of it are found
   */
  public SeasonalDetector(int history) {
    if (history < 12)
      throw new IllegalArgumentException("history must be >= 12 but was " + history);
    this.history = history;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public SeriesDetector create() {
    return new State(history);
  }

  @Override
  public SeriesDetector restore(DataInput in) throws IOException {
    State s = new State(history);
    s.readFrom(in);
    return s;
  }

  static final class State implements SeriesDetector {
    private final StreamingRobustScale values = new StreamingRobustScale(1.0 / WINDOW);
    private final StreamingRobustScale residuals = new StreamingRobustScale(1.0 / WINDOW);
    private final SeasonalPeriod season;
    private final ScoreAlarm alarm =
        new ScoreAlarm(
            "seasonal_z", RobustScale.normalScore(4), RobustScale.normalScore(2), RECOVERY);
    private long samples;
    private double lastZ;

    State(int history) {
      this.season = new SeasonalPeriod(history, 256);
    }

    @Override
    public Verdict update(long epochMillis, double value) {
      if (!Double.isFinite(value)) return new Verdict(alarm.state(), 0, 0, Optional.empty());
      samples++;
      if (!values.ready()) {
        values.add(value);
        var change = values.ready() ? alarm.ready() : Optional.<Verdict.Change>empty();
        return new Verdict(alarm.state(), 0, 0, change);
      }
      if (season.add(value, values.median(), values.spread())) residuals.reset();
      double z = values.z(value);
      values.add(value);
      int period = season.period();
      if (season.hasLag(period)) {
        double residual = value - season.lagged(period); // see EnsembleDetector.deseason
        if (residuals.ready()) z = residuals.z(residual, season.resolution());
        residuals.add(residual);
      }
      lastZ = z;
      double score = RobustScale.normalScore(z);
      Optional<Verdict.Change> change = alarm.observe(score, z);
      return new Verdict(alarm.state(), score, z, change);
    }

    /** The seasonal period in use, 0 for none. */
    int period() {
      return season.period();
    }

    @Override
    public BaselineSnapshot snapshot() {
      boolean ready = values.ready();
      return new BaselineSnapshot(
          alarm.state(),
          samples,
          Math.min(samples, WINDOW),
          ready ? values.median() : 0,
          ready ? values.spread() : 0,
          alarm.state() == io.driftline.health.HealthState.DRIFT_DETECTED ? 1 : 0,
          lastZ,
          AnomalySeverity.ofZ(lastZ));
    }

    @Override
    public void writeTo(DataOutput out) throws IOException {
      out.writeInt(FORMAT);
      out.writeLong(samples);
      out.writeDouble(lastZ);
      values.writeTo(out);
      residuals.writeTo(out);
      season.writeTo(out);
      alarm.writeTo(out);
    }

    void readFrom(DataInput in) throws IOException {
      int format = in.readInt();
      if (format != FORMAT) throw new IOException("unknown seasonal checkpoint format " + format);
      samples = in.readLong();
      lastZ = in.readDouble();
      values.readFrom(in);
      residuals.readFrom(in);
      season.readFrom(in);
      alarm.readFrom(in);
    }
  }
}
