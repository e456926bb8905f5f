package io.driftline.detect;

import io.driftline.health.HealthState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Synthetic series with known anomalies, and a runner that records what a detector said. */
final class Series {
  static final long STEP_MILLIS = 60_000;

  private Series() {}

  static double[] noise(int n, double mean, double sd, long seed) {
    Random r = new Random(seed);
    double[] x = new double[n];
    for (int i = 0; i < n; i++) x[i] = mean + sd * r.nextGaussian();
    return x;
  }

  static double[] seasonal(int n, int period, double amplitude, double sd, long seed) {
    double[] x = noise(n, 100, sd, seed);
    for (int i = 0; i < n; i++) x[i] += amplitude * Math.sin(2 * Math.PI * i / period);
    return x;
  }

  /** Verdicts of a fresh series detector over {@code x}. */
  static List<Verdict> run(Detector d, double[] x) {
    SeriesDetector s = d.create();
    List<Verdict> out = new ArrayList<>(x.length);
    for (int i = 0; i < x.length; i++) out.add(s.update(i * STEP_MILLIS, x[i]));
    return out;
  }

  /** Indices where the series entered DRIFT_DETECTED. */
  static List<Integer> alerts(List<Verdict> verdicts) {
    List<Integer> at = new ArrayList<>();
    for (int i = 0; i < verdicts.size(); i++) {
      var c = verdicts.get(i).change();
      if (c.isPresent() && verdicts.get(i).state() == HealthState.DRIFT_DETECTED) at.add(i);
    }
    return at;
  }

  /**
   * Indices whose score reaches {@code alarm}: the ensemble's alerts in the score column, which
   * differ from its state changes (a single outlier is scored but does not change the state).
   */
  static List<Integer> scoreAlerts(List<Verdict> verdicts, double alarm) {
    List<Integer> at = new ArrayList<>();
    for (int i = 0; i < verdicts.size(); i++) if (verdicts.get(i).score() >= alarm) at.add(i);
    return at;
  }

  static SeriesDetector roundTrip(Detector d, SeriesDetector s) throws IOException {
    var bytes = new ByteArrayOutputStream();
    s.writeTo(new DataOutputStream(bytes));
    return d.restore(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
  }
}
