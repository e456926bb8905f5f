package io.driftline.detect;

import io.driftline.health.HealthState;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
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
 * grown before it arrived (no look-ahead), then joins the window. Each regrowth draws from a {@link
 * Random} seeded with {@code seed} and the regrowth's number, so a replay scores every row the same
 * way and the state of the draws is one counter.
 *
 * <p>Score: the mean isolation score of the last {@code smooth} rows. A single row can score as
 * high as an outage: a point beyond the window's range follows the branch of its most extreme
 * points and is isolated no sooner than they are, so the score saturates near 0.75 (with three
 * signals, 20,000 ordinary rows reached 0.74 and a 60-sigma outage 0.73-0.77 across five seeds).
 * What sets a drift apart is that it lasts: the mean of 5 rows of ordinary traffic stays near 0.45,
 * of an outage near 0.75. State: DRIFT_DETECTED when the smoothed score reaches {@code alarm},
 * STABLE after {@code refit} rows below 0.55.
 *
 * <p>The live service runs it per service on the rows of its golden signals ({@link
 * io.driftline.health.GoldenSignals}), the CLI on recorded data ({@code driftline detect --columns
 * a,b,c}): the same code. The state per workload is the window ({@code 4 * (window + refit) *
 * columns} bytes as floats) plus the forest (8 bytes per node, about 120 KB with the defaults);
 * {@code io.driftline.bench.detect.HeapPerWorkload} measures it. A checkpoint stores the window and
 * counters only (about 6 KB) and regrows the forest on restore.
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
      if (subsample < 16 || subsample > 4096) {
        throw new IllegalArgumentException("subsample must be in [16, 4096] but was " + subsample);
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

  private static final int STATE_FORMAT = 1;
  private final Settings settings;
  private final int columns;

  public IsolationForestDetector(Settings settings, int columns) {
    if (columns < 1) throw new IllegalArgumentException("columns must be >= 1 but was " + columns);
    this.settings = settings;
    this.columns = columns;
  }

  public Settings settings() {
    return settings;
  }

  public int columns() {
    return columns;
  }

  public State create() {
    return new State(settings, columns);
  }

  /**
   * State written by {@link State#writeTo}: the window and the counters; the forest is regrown from
   * the rows it was grown on and the draws of that regrowth, so it is the same forest.
   *
   * @throws IOException when the state is unreadable or was written with other settings or columns
   */
  public State restore(DataInput in) throws IOException {
    if (in.readInt() != STATE_FORMAT) throw new IOException("unknown isolation forest state");
    Settings saved =
        new Settings(
            in.readInt(),
            in.readInt(),
            in.readInt(),
            in.readInt(),
            in.readInt(),
            in.readDouble(),
            in.readLong());
    int savedColumns = in.readInt();
    if (!saved.equals(settings) || savedColumns != columns) {
      throw new IOException(
          "isolation forest state of "
              + saved
              + " over "
              + savedColumns
              + " columns, configured "
              + settings
              + " over "
              + columns);
    }
    State state = new State(settings, columns);
    state.readFrom(in);
    return state;
  }

  /**
   * The detection state of one workload. Not thread-safe. The window is a ring of {@code window +
   * refit} rows stored as floats: the rows the current forest was grown on stay in it until the
   * next regrowth, so a checkpoint can regrow that same forest.
   */
  public static final class State {
    private final Settings s;
    private final int columns;
    private final int capacity;
    private final float[] ring;
    private final ScoreAlarm alarm;
    private final double[] recent;
    private IsolationForest forest;
    private long rows;
    private long scored;
    private long fits;
    private int head;
    private int filled;
    private int sinceFit;
    private double lastScore;

    State(Settings s, int columns) {
      this.s = s;
      this.columns = columns;
      this.capacity = s.window() + s.refit();
      this.ring = new float[capacity * columns];
      this.alarm = new ScoreAlarm(NAME, s.alarm(), 0.55, s.refit());
      this.recent = new double[s.smooth()];
    }

    /** Scores one row (one value per column, all finite) and advances the state. */
    public Verdict update(long epochMillis, double[] row) {
      if (row.length != columns) {
        throw new IllegalArgumentException(
            "row must have " + columns + " values but had " + row.length);
      }
      rows++;
      double score = forest == null ? 0 : smoothed(forest.score(row));
      lastScore = score;
      Optional<Verdict.Change> change = forest == null ? Optional.empty() : alarm.observe(score, 0);
      for (int c = 0; c < columns; c++) ring[head * columns + c] = (float) row[c];
      head = (head + 1) % capacity;
      if (filled < capacity) filled++;
      if (++sinceFit >= s.refit() && filled >= s.subsample()) {
        forest = grow(0);
        fits++;
        sinceFit = 0;
        if (alarm.state() == HealthState.INSUFFICIENT_DATA) change = alarm.ready();
      }
      return new Verdict(alarm.state(), score, 0, change);
    }

    /**
     * A forest on the last {@code window} rows before the newest {@code skip} ones, with the draws
     * of regrowth number {@link #fits}: each regrowth seeds its own generator, so the state of the
     * draws is one counter.
     */
    private IsolationForest grow(int skip) {
      int n = Math.min(filled - skip, s.window());
      int[] idx = new int[n];
      int end = head - skip;
      for (int i = 0; i < n; i++) idx[i] = Math.floorMod(end - n + i, capacity);
      var random = new Random(s.seed() + 0x9E3779B97F4A7C15L * fits);
      return IsolationForest.fit(ring, columns, idx, s.trees(), s.subsample(), random);
    }

    /** Mean of the last {@code smooth} scores (of fewer right after warm-up). */
    private double smoothed(double score) {
      recent[(int) (scored++ % recent.length)] = score;
      int n = (int) Math.min(scored, recent.length);
      double sum = 0;
      for (int i = 0; i < n; i++) sum += recent[i];
      return sum / n;
    }

    public HealthState state() {
      return alarm.state();
    }

    /** The smoothed score of the latest row; 0 before the first forest. */
    public double score() {
      return lastScore;
    }

    /** Rows seen. */
    public long rows() {
      return rows;
    }

    /** Rows the next forest is grown from. */
    public int windowRows() {
      return Math.min(filled, s.window());
    }

    /** Of the last {@code smooth} rows, those whose own score reached the alarm level. */
    public int recentAnomalies() {
      int n = (int) Math.min(scored, recent.length);
      int count = 0;
      for (int i = 0; i < n; i++) if (recent[i] >= s.alarm()) count++;
      return count;
    }

    /**
     * Everything needed to continue exactly: the settings (a restore under others is refused), the
     * counters, and the rows that the current forest was grown on or that the next one will be.
     */
    public void writeTo(DataOutput out) throws IOException {
      out.writeInt(STATE_FORMAT);
      out.writeInt(s.window());
      out.writeInt(s.trees());
      out.writeInt(s.subsample());
      out.writeInt(s.refit());
      out.writeInt(s.smooth());
      out.writeDouble(s.alarm());
      out.writeLong(s.seed());
      out.writeInt(columns);
      out.writeLong(rows);
      out.writeLong(scored);
      out.writeLong(fits);
      out.writeInt(sinceFit);
      out.writeDouble(lastScore);
      for (double r : recent) out.writeDouble(r);
      alarm.writeTo(out);
      int keep = Math.min(filled, s.window() + sinceFit);
      out.writeInt(keep);
      for (int i = 0; i < keep; i++) {
        int r = Math.floorMod(head - keep + i, capacity);
        for (int c = 0; c < columns; c++) out.writeFloat(ring[r * columns + c]);
      }
    }

    private void readFrom(DataInput in) throws IOException {
      rows = in.readLong();
      scored = in.readLong();
      fits = in.readLong();
      sinceFit = in.readInt();
      lastScore = in.readDouble();
      for (int i = 0; i < recent.length; i++) recent[i] = in.readDouble();
      alarm.readFrom(in);
      int keep = in.readInt();
      if (keep < 0 || keep > capacity || sinceFit < 0) {
        throw new IOException("isolation forest state holds " + keep + " rows");
      }
      for (int i = 0; i < keep * columns; i++) ring[i] = in.readFloat();
      filled = keep;
      head = keep % capacity;
      if (fits > 0) {
        fits--; // regrow with the draws of the last regrowth
        forest = grow(sinceFit);
        fits++;
      }
    }
  }
}
