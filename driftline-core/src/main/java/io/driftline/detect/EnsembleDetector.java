package io.driftline.detect;

import io.driftline.health.HealthState;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Optional;

/**
 * Driftline's best-measured detector: several streaming views of a series combined into one
 * calibrated score that spikes once at the onset of a change. Per sample:
 *
 * <ol>
 *   <li><b>Seasonal baseline.</b> {@link SeasonalPeriod} finds a daily or weekly period by itself;
 *       when there is one, the sample is compared with the sample one period earlier, so the
 *       pattern itself is never an anomaly.
 *   <li><b>Robust baseline.</b> The (de-seasoned) sample's standard score against a streaming
 *       median and IQR with a memory of about {@code window} samples ({@link
 *       StreamingRobustScale}), as a surprise {@code -log10 p} under a normal tail.
 *   <li><b>Change detector.</b> A two-sided {@link Cusum} over the same standard scores adds the
 *       evidence of small persistent shifts and slow drift; the larger surprise wins.
 *   <li><b>Calibration.</b> {@link AnomalyLikelihood} compares the recent surprise with the series'
 *       own history, so a bursty series needs a burst beyond its usual ones.
 *   <li><b>New extremes.</b> A sample beyond the whole range seen so far by more than 5% of that
 *       range, and at least 4 robust standard deviations off the baseline, is alarmed at once,
 *       whatever the likelihood says (the "spatial anomaly" rule of NAB's HTM detector).
 *   <li><b>One alert per change.</b> After the surprise reaches {@code alarmSurprise} the score is
 *       held at 0 for {@code refractory} samples: a change is reported once, at its onset, instead
 *       of on every sample while the baseline catches up (the suppression NAB's leading detectors
 *       use; Lavin and Ahmad 2015, "Evaluating real-time anomaly detection algorithms").
 * </ol>
 *
 * <p>Score: {@code 1 - 10^(-s / 10)} for the calibrated surprise s, in [0, 1): 0.5 at s = 3 (a
 * one-in-a-thousand recent behaviour), 0.68 at the default alarm s = 5, 0.9 at s = 10. State: kept
 * apart from the score by {@link EnsembleHealth}: DRIFT_DETECTED when the next samples confirm an
 * alarm or when the level has crept away from a long-term reference, held while the series is off
 * its pre-drift baseline, STABLE after 50 samples back within it (or after 4 windows at a new
 * level, which then becomes the baseline).
 *
 * <p>State per series, about 1.1 KB with the defaults (about 1,670 bytes per series on the heap,
 * with the service's per-series bookkeeping): two streaming robust estimates of five quantiles each
 * instead of two sorted 256-sample windows (8 KiB), and the period search's {@code seasonHistory}
 * samples at one byte each instead of floats. This is what lets a million series fit in 2 GB of
 * heap, and the update does no O(window) work (issue 5's 2 million samples per second per core).
 */
public final class EnsembleDetector implements Detector {
  public static final String NAME = "ensemble";
  private static final int MIN_SAMPLES = 30;
  private static final int FORMAT = 6;

  /** Forgetting rate of the streaming baselines times {@code window}. */
  static final double RATE_PER_WINDOW = 1;

  /**
   * A value beyond the range seen so far by this fraction of it is a new extreme (NAB's HTM: 5%).
   */
  static final double RANGE_TOLERANCE = 0.05;

  /** ... and a new extreme must also be this many robust standard deviations off the baseline. */
  static final double EXTREME_Z = 4;

  /**
   * Per-sample surprise fed to the likelihood layer is capped at p = 1e-10: beyond that a single
   * sample says nothing more about a lasting change (new extremes alarm by their own rule), and an
   * uncapped burst would dominate the 10-sample average and the long-run spread of a bursty series
   * for a long time after it. Capping at 10 instead of 50 cut the NAB tweet false positives by a
   * sixth (69.5 -> 71.9 standard, 58.2 -> 62.8 low-FP).
   */
  private static final double MAX_SURPRISE = 10;

  private final Settings settings;

  /**
   * @param window memory of the streaming robust baselines in samples: they forget at rate {@code 1
   *     / window} (256)
   * @param cusumK CUSUM slack in standard deviations (0.5)
   * @param cusumH CUSUM decision interval (5)
   * @param shortWindow samples averaged by the likelihood layer (10)
   * @param longAlpha forgetting rate of the likelihood's history (0.001: about 1000 samples)
   * @param alarmSurprise calibrated surprise that raises an alarm (5)
   * @param refractory samples after an alarm with the score held at 0 (100)
   * @param seasonHistory samples searched for a period, periods up to a third of it (864: a day at
   *     5-minute resolution, 288, and a week at hourly resolution, 168)
   */
  public record Settings(
      int window,
      double cusumK,
      double cusumH,
      int shortWindow,
      double longAlpha,
      double alarmSurprise,
      int refractory,
      int seasonHistory) {
    public static final Settings DEFAULTS = new Settings(256, 0.5, 5, 10, 0.001, 5, 100, 864);

    public Settings {
      if (window < MIN_SAMPLES) {
        throw new IllegalArgumentException(
            "window must be >= " + MIN_SAMPLES + " but was " + window);
      }
      if (!(alarmSurprise > 0)) {
        throw new IllegalArgumentException("alarm_surprise must be > 0 but was " + alarmSurprise);
      }
      if (refractory < 0)
        throw new IllegalArgumentException("refractory must be >= 0 but was " + refractory);
      if (seasonHistory != 0 && seasonHistory < 12) {
        throw new IllegalArgumentException(
            "season_history must be 0 (off) or >= 12 but was " + seasonHistory);
      }
    }
  }

  private final double alarmScore;

  public EnsembleDetector() {
    this(Settings.DEFAULTS);
  }

  public EnsembleDetector(Settings settings) {
    this.settings = settings;
    this.alarmScore = score(settings.alarmSurprise());
  }

  /** The calibrated score of a surprise {@code -log10 p}. */
  static double score(double surprise) {
    return 1 - Math.pow(10, -surprise / 10);
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
    private final EnsembleDetector config;
    private final Settings s;
    private final StreamingRobustScale values;
    private final StreamingRobustScale residuals;
    private final SeasonalPeriod season;
    private final Cusum cusum;
    private final AnomalyLikelihood likelihood;
    private final EnsembleHealth alarm;
    private long samples;
    private double lastZ;
    private double lastScore; // calibrated, before suppression: the severity's evidence
    private int quiet;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;

    State(EnsembleDetector config) {
      this.config = config;
      this.s = config.settings;
      this.values = new StreamingRobustScale(RATE_PER_WINDOW / s.window());
      this.residuals = new StreamingRobustScale(RATE_PER_WINDOW / s.window());
      this.season = s.seasonHistory() > 0 ? new SeasonalPeriod(s.seasonHistory(), 256) : null;
      this.cusum = new Cusum(s.cusumK(), s.cusumH());
      this.likelihood = new AnomalyLikelihood(s.shortWindow(), s.longAlpha());
      this.alarm = new EnsembleHealth(s.window());
    }

    @Override
    public Verdict update(long epochMillis, double value) {
      if (!Double.isFinite(value)) return new Verdict(alarm.state(), 0, 0, Optional.empty());
      samples++;
      boolean extreme = newExtreme(value);
      if (!values.ready()) {
        values.add(value);
        var change = values.ready() ? alarm.ready() : Optional.<Verdict.Change>empty();
        return new Verdict(alarm.state(), 0, 0, change);
      }
      if (season != null && season.add(value, values.median(), values.spread())) residuals.reset();
      double residual = deseason(value);
      double z = values.z(value);
      // the sample in the domain it is scored in, and the baseline it is scored against
      double x = value;
      double median = values.median();
      double spread = values.spread();
      boolean seasonal = false;
      values.add(value);
      if (!Double.isNaN(residual)) {
        if (residuals.ready()) {
          z = residuals.z(residual, season.resolution());
          x = residual;
          median = residuals.median();
          spread = Math.max(residuals.spread(), season.resolution());
          seasonal = true;
        }
        residuals.add(residual);
      }
      lastZ = z;
      double raw = Math.min(MAX_SURPRISE, Tail.surpriseTwoSided(z));
      raw = Math.max(raw, cusum.surprise(cusum.add(z)));
      double surprise = likelihood.add(raw);
      if (extreme && Math.abs(z) >= EXTREME_Z) surprise = Math.max(surprise, 2 * s.alarmSurprise());
      double calibrated = score(surprise);
      lastScore = calibrated;
      Optional<Verdict.Change> change =
          alarm.observe(
              value,
              x,
              median,
              spread,
              seasonal,
              values.median(),
              values.spread(),
              calibrated >= config.alarmScore,
              z);
      return new Verdict(alarm.state(), suppress(calibrated), z, change);
    }

    /**
     * Whether {@code value} lies beyond the range of every earlier sample by more than {@link
     * #RANGE_TOLERANCE} of that range (the "spatial anomaly" of NAB's HTM detector): a level the
     * series has never been near is an anomaly however noisy the series was, and the averaging of
     * the likelihood layer would otherwise delay it. Checked once the baseline is ready; it counts
     * only when the sample is also {@link #EXTREME_Z} robust standard deviations off the baseline,
     * so that the slow growth of a noisy series' range (record values) is not an alarm.
     */
    private boolean newExtreme(double value) {
      double tolerance = (max - min) * RANGE_TOLERANCE;
      boolean extreme =
          samples > MIN_SAMPLES
              && max > min
              && (value > max + tolerance || value < min - tolerance);
      min = Math.min(min, value);
      max = Math.max(max, value);
      return extreme;
    }

    /** The sample minus the one a period earlier, or NaN without a period. */
    private double deseason(double value) {
      if (season == null || !season.hasLag(season.period())) return Double.NaN;
      // the sample itself, not its grid value: a residual on the grid would be discrete (a few
      // steps wide) and its quartiles, hence its spread, would come out a quarter too small
      double residual = value - season.lagged(season.period());
      return Double.isFinite(residual) ? residual : Double.NaN;
    }

    private double suppress(double score) {
      if (quiet > 0) {
        quiet--;
        return 0;
      }
      if (score >= config.alarmScore) quiet = s.refractory();
      return score;
    }

    @Override
    public BaselineSnapshot snapshot() {
      boolean ready = values.ready();
      return new BaselineSnapshot(
          alarm.state(),
          samples,
          Math.min(samples, s.window()),
          ready ? values.median() : 0,
          ready ? values.spread() : 0,
          alarm.state() == HealthState.DRIFT_DETECTED ? 1 : 0,
          lastZ,
          AnomalySeverity.ofScore(lastScore));
    }

    @Override
    public void writeTo(DataOutput out) throws IOException {
      out.writeInt(FORMAT);
      out.writeLong(samples);
      out.writeDouble(lastZ);
      out.writeDouble(lastScore);
      out.writeInt(quiet);
      out.writeDouble(min);
      out.writeDouble(max);
      values.writeTo(out);
      residuals.writeTo(out);
      out.writeBoolean(season != null);
      if (season != null) season.writeTo(out);
      cusum.writeTo(out);
      likelihood.writeTo(out);
      alarm.writeTo(out);
    }

    void readFrom(DataInput in) throws IOException {
      int format = in.readInt();
      if (format != FORMAT) throw new IOException("unknown ensemble checkpoint format " + format);
      samples = in.readLong();
      lastZ = in.readDouble();
      lastScore = in.readDouble();
      quiet = in.readInt();
      min = in.readDouble();
      max = in.readDouble();
      values.readFrom(in);
      residuals.readFrom(in);
      boolean seasonal = in.readBoolean();
      if (seasonal != (season != null))
        throw new IOException("checkpoint seasonality does not match settings");
      if (season != null) season.readFrom(in);
      cusum.readFrom(in);
      likelihood.readFrom(in);
      alarm.readFrom(in);
    }
  }
}
