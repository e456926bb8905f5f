package io.driftline.detect;

import io.driftline.baseline.RollingWindow;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Optional;

/**
 * A moving robust baseline: the standard score of each sample against the median and IQR of the
 * previous {@code window} samples (a Hampel filter run online; Hampel 1974, "The influence curve
 * and its role in robust estimation"). Outliers neither move the median nor widen the spread, so a
 * spike does not mask the next one, and a level shift is absorbed after half a window.
 *
 * <p>Score: the two-sided normal tail of the robust z. State: DRIFT_DETECTED at |z| >= 4 (score
 * 0.99994), STABLE after {@code window / 4} samples below |z| 2.
 */
public final class RobustZDetector implements Detector {
  public static final String NAME = "robust-z";
  public static final int DEFAULT_WINDOW = 256;
  private static final int MIN_SAMPLES = RobustScale.MIN_SAMPLES;
  private final int window;

  public RobustZDetector() {
    this(DEFAULT_WINDOW);
  }

  public RobustZDetector(int window) {
    if (window < MIN_SAMPLES) {
      throw new IllegalArgumentException("window must be >= " + MIN_SAMPLES + " but was " + window);
    }
    this.window = window;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public SeriesDetector create() {
    return new State(window);
  }

  @Override
  public SeriesDetector restore(DataInput in) throws IOException {
    State s = new State(window);
    s.readFrom(in);
    return s;
  }

  static final class State implements SeriesDetector {
    private final RollingWindow values;
    private final ScoreAlarm alarm;
    private long samples;
    private double lastZ;

    State(int window) {
      this.values = new RollingWindow(window);
      this.alarm =
          new ScoreAlarm(
              "robust_z", RobustScale.normalScore(4), RobustScale.normalScore(2), window / 4);
    }

    @Override
    public Verdict update(long epochMillis, double value) {
      samples++;
      if (values.size() < MIN_SAMPLES) {
        values.add(value);
        var change =
            values.size() == MIN_SAMPLES ? alarm.ready() : Optional.<Verdict.Change>empty();
        return new Verdict(alarm.state(), 0, 0, change);
      }
      double z = RobustScale.z(values, value);
      values.add(value);
      lastZ = z;
      double score = RobustScale.normalScore(z);
      Optional<Verdict.Change> change = alarm.observe(score, z);
      return new Verdict(alarm.state(), score, z, change);
    }

    @Override
    public BaselineSnapshot snapshot() {
      return RobustScale.snapshot(alarm, samples, values, lastZ);
    }

    @Override
    public void writeTo(DataOutput out) throws IOException {
      out.writeLong(samples);
      out.writeDouble(lastZ);
      values.writeTo(out);
      alarm.writeTo(out);
    }

    void readFrom(DataInput in) throws IOException {
      samples = in.readLong();
      lastZ = in.readDouble();
      values.readFrom(in);
      alarm.readFrom(in);
    }
  }
}
