package io.driftline.health;

import io.driftline.detect.AnomalySeverity;
import io.driftline.detect.BaselineSnapshot;
import io.driftline.detect.IsolationForestDetector;
import io.driftline.detect.Verdict;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Optional;

/**
 * The {@value GoldenSignals#METRIC} series of one service and label set: assembles rows from the
 * single-metric samples as they arrive and scores each complete row with the Isolation Forest.
 *
 * <p>A row is the values of one timestamp. It is scored as soon as its last missing position
 * arrives (one DriftWatch record or one pod-metrics request carries them all, so no wait). A row
 * still missing a position when a sample of another timestamp arrives is dropped: neither scored
 * nor imputed, because a guessed value would itself look anomalous or hide an anomaly. The forest
 * state is made with the first complete row, so a service that never sends all the signals costs a
 * pending row, not a forest, and shows no {@value GoldenSignals#METRIC} series. Owned by the
 * service's shard thread, like {@link ServiceHealth}.
 */
final class GoldenSignalsSeries {
  private final GoldenSignals config;
  private IsolationForestDetector.State forest;
  private final double[] pending;
  private long pendingMillis;
  private long present;
  private long dropped;

  GoldenSignalsSeries(GoldenSignals config) {
    this(config, null);
  }

  private GoldenSignalsSeries(GoldenSignals config, IsolationForestDetector.State forest) {
    this.config = config;
    this.forest = forest;
    this.pending = new double[config.columns()];
  }

  /** Takes the value of position {@code column}; a verdict when it completed a row. */
  Optional<Verdict> accept(int column, long epochMillis, double value) {
    if (present != 0 && epochMillis != pendingMillis) {
      present = 0;
      dropped++;
    }
    long bit = 1L << column;
    if ((present & bit) != 0) return Optional.empty(); // the first alternative to arrive fills it
    pendingMillis = epochMillis;
    pending[column] = value;
    present |= bit;
    if (present != (1L << pending.length) - 1) return Optional.empty();
    present = 0;
    if (forest == null) forest = config.detector().create();
    return Optional.of(forest.update(epochMillis, pending));
  }

  /** Whether a complete row has arrived, so that the series exists for readers. */
  boolean started() {
    return forest != null;
  }

  HealthState state() {
    return started() ? forest.state() : HealthState.INSUFFICIENT_DATA;
  }

  /**
   * For the API: the score is the smoothed isolation score; mean, stddev and z are 0 because a
   * forest has no single baseline; the sample counts are rows scored and rows in the window.
   */
  BaselineSnapshot snapshot() {
    return new BaselineSnapshot(
        forest.state(),
        forest.rows(),
        forest.windowRows(),
        0,
        0,
        forest.recentAnomalies(),
        0,
        severity(forest.score()),
        forest.score());
  }

  /**
   * The isolation score is not on the ensemble's calibrated scale: ordinary traffic averages about
   * 0.45 and an outage saturates near 0.75 ({@link IsolationForestDetector}). Below the recovery
   * level 0.55 info, up to the alarm warning, from the alarm critical, from 0.75 (the level of an
   * outage) emergency.
   */
  private AnomalySeverity severity(double score) {
    if (score >= 0.75) return AnomalySeverity.EMERGENCY;
    if (score >= config.detector().settings().alarm()) return AnomalySeverity.CRITICAL;
    if (score >= 0.55) return AnomalySeverity.WARNING;
    return AnomalySeverity.INFO;
  }

  /** Rows dropped because a position was missing. */
  long dropped() {
    return dropped;
  }

  void writeTo(DataOutput out) throws IOException {
    out.writeUTF(config.spec());
    out.writeLong(pendingMillis);
    out.writeLong(present);
    out.writeLong(dropped);
    for (double v : pending) out.writeDouble(v);
    out.writeBoolean(started());
    if (started()) forest.writeTo(out);
  }

  /**
   * @throws IOException when unreadable or written for other metrics or settings
   */
  static GoldenSignalsSeries restore(GoldenSignals config, DataInput in) throws IOException {
    String spec = in.readUTF();
    if (!spec.equals(config.spec())) {
      throw new IOException("checkpoint of golden signals " + spec + ", configured " + config);
    }
    long millis = in.readLong();
    long present = in.readLong();
    long dropped = in.readLong();
    double[] pending = new double[config.columns()];
    for (int i = 0; i < pending.length; i++) pending[i] = in.readDouble();
    var series =
        new GoldenSignalsSeries(config, in.readBoolean() ? config.detector().restore(in) : null);
    System.arraycopy(pending, 0, series.pending, 0, pending.length);
    series.pendingMillis = millis;
    series.present = present;
    series.dropped = dropped;
    return series;
  }
}
