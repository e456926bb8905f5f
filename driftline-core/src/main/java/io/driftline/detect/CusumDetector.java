package io.driftline.detect;

import io.driftline.baseline.RollingWindow;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Optional;

/**
 * Two-sided CUSUM for small, persistent shifts and slow drifts that no single sample reveals (Page
 * 1954, "Continuous inspection schemes", Biometrika 41). Each sample is standardised against a
 * robust baseline of the previous {@code window} samples and clipped to |z| <= 4, so one spike
 * cannot fire it alone; the sums {@code S+ = max(0, S+ + z - k)} and {@code S- = max(0, S- - z -
 * k)} accumulate evidence of a shift larger than {@code k} standard deviations.
 *
 * <p>An alarm fires when a sum reaches {@code h}; the sums then restart at zero, so a lasting drift
 * raises a fresh alarm every few samples while it lasts instead of one score pinned at 1. The
 * textbook k = 0.5, h = 5 alarms on pure noise every 465 samples or so (Montgomery, Introduction to
 * Statistical Quality Control, table 9.3), far too often for a service watching thousands of
 * series. The baseline here is itself estimated from a moving window, which makes false alarms more
 * frequent than the known-parameter tables say, so the default is h = 10 (in theory 140,000 samples
 * between false alarms by Siegmund's approximation {@code (e^{2k h'} - 2k h' - 1) / 2k^2}, h' = h +
 * 1.166) after a warm-up of half a window; a one-sigma shift is still found in about 22 samples, a
 * three-sigma one in 5.
 *
 * <p>Score: {@code 1 - exp(-2k S)}, the approximate probability that an in-control CUSUM stays
 * below its current sum (Siegmund 1985, Sequential Analysis, ch. 2): 0.9997 at the alarm level.
 */
public final class CusumDetector implements Detector {
  public static final String NAME = "cusum";
  private static final int MIN_SAMPLES = RobustScale.MIN_SAMPLES;
  private final int warmup;
  private static final double CLIP = 4;
  private final int window;
  private final double k;
  private final double h;

  public CusumDetector() {
    this(RobustZDetector.DEFAULT_WINDOW, 0.5, 10);
  }

  public CusumDetector(int window, double k, double h) {
    if (window < MIN_SAMPLES) {
      throw new IllegalArgumentException("window must be >= " + MIN_SAMPLES + " but was " + window);
    }
    if (!(k > 0)) throw new IllegalArgumentException("k must be > 0 but was " + k);
    if (!(h > 0)) throw new IllegalArgumentException("h must be > 0 but was " + h);
    this.window = window;
    this.warmup = Math.max(MIN_SAMPLES, window / 2);
    this.k = k;
    this.h = h;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public SeriesDetector create() {
    return new State(this);
  }

  @Override
  public SeriesDetector restore(DataInput in) throws IOException {
    State s = new State(this);
    s.readFrom(in);
    return s;
  }

  static final class State implements SeriesDetector {
    private final CusumDetector config;
    private final RollingWindow values;
    private final ScoreAlarm alarm;
    private long samples;
    private double up;
    private double down;
    private double lastZ;

    State(CusumDetector config) {
      this.config = config;
      this.values = new RollingWindow(config.window);
      double alarmScore = score(config.h, config.k);
      this.alarm =
          new ScoreAlarm("cusum", alarmScore, score(config.h / 2, config.k), config.window / 4);
    }

    private static double score(double sum, double k) {
      return 1 - Math.exp(-2 * k * sum);
    }

    @Override
    public Verdict update(long epochMillis, double value) {
      samples++;
      if (values.size() < config.warmup) {
        values.add(value);
        var change =
            values.size() == config.warmup ? alarm.ready() : Optional.<Verdict.Change>empty();
        return new Verdict(alarm.state(), 0, 0, change);
      }
      double z = RobustScale.z(values, value);
      values.add(value);
      lastZ = z;
      double c = Math.max(-CLIP, Math.min(CLIP, z));
      up = Math.max(0, up + c - config.k);
      down = Math.max(0, down - c - config.k);
      double sum = Math.max(up, down);
      double score = score(sum, config.k);
      if (sum >= config.h) {
        up = 0;
        down = 0;
      }
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
      out.writeDouble(up);
      out.writeDouble(down);
      out.writeDouble(lastZ);
      values.writeTo(out);
      alarm.writeTo(out);
    }

    void readFrom(DataInput in) throws IOException {
      samples = in.readLong();
      up = in.readDouble();
      down = in.readDouble();
      lastZ = in.readDouble();
      values.readFrom(in);
      alarm.readFrom(in);
    }
  }
}
