package io.driftline.detect;

import io.driftline.health.HealthState;
import java.util.Optional;
import java.util.Random;

/**
 * Isolation Forest over a sliding window of several golden signals of one workload (latency, error
 * rate, throughput, ...), one row of values at a time: the multivariate detector of seeds/001. A
 * combination none of the signals shows alone, such as latency up while throughput is down, is
 * isolated quickly by random axis-parallel cuts and scores high.
 *
 * <p>Streaming as in iForestASD (Ding and Fei 2013, "An anomaly detection approach based on
 * isolation forest algorithm for streaming data using sliding window"): the forest is grown on the
 * last {@code window} rows and regrown every {@code refit} rows; each row is scored by the forest
 * grown before it arrived (no look-ahead), then joins the window. Draws come from a {@link Random}
 * seeded with {@code seed}, so a replay scores every row the same way.
 *
 * <p>Score: the mean isolation score of the last {@code smooth} rows. A single row can score as
 * high as an outage: a point beyond the window's range follows the branch of its most extreme
 * points and is isolated no sooner than they are, so the score saturates near 0.75 (with three
 * signals, 20,000 ordinary rows reached 0.74 and a 60-sigma outage 0.73-0.77 across five seeds).
 * What sets a drift apart is that it lasts: the mean of 5 rows of ordinary traffic stays near 0.45,
 * of an outage near 0.75. State: DRIFT_DETECTED when the smoothed score reaches {@code alarm},
 * STABLE after {@code refit} rows below 0.55. The state per workload is the window ({@code 8 *
 * window * columns} bytes) plus the forest (about {@code 80 * subsample * trees} bytes: 2 MB with
 * the defaults). Not yet run by the live service: it needs several series of a service at once and
 * a checkpoint format; {@code driftline detect --columns a,b,c} runs it on recorded data.
 *
 * <p>{@code var state = new IsolationForestDetector(Settings.DEFAULTS, 3).create(); Verdict v =
 * state.update(t, new double[] {latency, errorRate, throughput}); }
 */
public final class IsolationForestDetector {
  public static final String NAME = "isolation-forest";

  /**
   * @param window rows the forest is grown from (512)
   * @param trees trees per forest (100, the paper's default)
   * @param subsample rows per tree (256, the paper's default)
   * @param refit rows between two regrowths of the forest (128)
   * @param smooth rows whose scores are averaged (5, as the five-in-a-row rule of DriftWatch)
   * @param alarm smoothed score that raises an alarm (0.65)
   * @param seed seed of the random draws (1)
   */
  public record Settings(
      int window, int trees, int subsample, int refit, int smooth, double alarm, long seed) {
    public static final Settings DEFAULTS = new Settings(512, 100, 256, 128, 5, 0.65, 1);

    public Settings {
      if (subsample < 16) {
        throw new IllegalArgumentException("subsample must be >= 16 but was " + subsample);
      }
      if (window < subsample) {
        throw new IllegalArgumentException(
            "window must be >= subsample " + subsample + " but was " + window);
      }
      if (trees < 1) throw new IllegalArgumentException("trees must be >= 1 but was " + trees);
      if (smooth < 1) throw new IllegalArgumentException("smooth must be >= 1 but was " + smooth);
      if (refit < 1) throw new IllegalArgumentException("refit must be >= 1 but was " + refit);
      if (!(alarm > 0.55 && alarm < 1)) {
        throw new IllegalArgumentException("alarm must be in (0.55, 1) but was " + alarm);
      }
    }
  }

  private final Settings settings;
  private final int columns;

  public IsolationForestDetector(Settings settings, int columns) {
    if (columns < 1) throw new IllegalArgumentException("columns must be >= 1 but was " + columns);
    this.settings = settings;
    this.columns = columns;
  }

  public State create() {
    return new State(settings, columns);
  }

  /** The detection state of one workload. Not thread-safe. */
  public static final class State {
    private final Settings s;
    private final int columns;
    private final double[][] window;
    private final Random random;
    private final ScoreAlarm alarm;
    private final double[] recent;
    private IsolationForest forest;
    private long scored;
    private int head;
    private int filled;
    private int sinceFit;

    State(Settings s, int columns) {
      this.s = s;
      this.columns = columns;
      this.window = new double[s.window()][];
      this.random = new Random(s.seed());
      this.alarm = new ScoreAlarm(NAME, s.alarm(), 0.55, s.refit());
      this.recent = new double[s.smooth()];
    }

    /** Scores one row (one value per column, all finite) and advances the state. */
    public Verdict update(long epochMillis, double[] row) {
      if (row.length != columns) {
        throw new IllegalArgumentException(
            "row must have " + columns + " values but had " + row.length);
      }
      double score = forest == null ? 0 : smoothed(forest.score(row));
      Optional<Verdict.Change> change = forest == null ? Optional.empty() : alarm.observe(score, 0);
      window[head] = row.clone();
      head = (head + 1) % window.length;
      if (filled < window.length) filled++;
      if (++sinceFit >= s.refit() && filled >= s.subsample()) {
        forest = IsolationForest.fit(rows(), s.trees(), s.subsample(), random);
        sinceFit = 0;
        if (alarm.state() == HealthState.INSUFFICIENT_DATA) change = alarm.ready();
      }
      return new Verdict(alarm.state(), score, 0, change);
    }

    /** Mean of the last {@code smooth} scores (of fewer right after warm-up). */
    private double smoothed(double score) {
      recent[(int) (scored++ % recent.length)] = score;
      int n = (int) Math.min(scored, recent.length);
      double sum = 0;
      for (int i = 0; i < n; i++) sum += recent[i];
      return sum / n;
    }

    private double[][] rows() {
      return filled == window.length ? window : java.util.Arrays.copyOf(window, filled);
    }
  }
}
