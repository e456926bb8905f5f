package io.driftline.detect.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * NAB scoring (Numenta Anomaly Benchmark v1.1; Lavin and Ahmad 2015): a row is a detection when its
 * anomaly score is at least the threshold and it is past the probation period. A window earns the
 * value of its earliest detection or costs {@code fnWeight} when missed; each detection outside a
 * window costs its {@link NabFile} value times {@code fpWeight}. The corpus score is normalised so
 * that no detections score 0 and one detection at every window's left edge 100.
 *
 * <p>{@code NabScorer.Result r = NabScorer.optimise(files, scores, NabProfile.STANDARD);
 * r.total().normalized(); // e.g. 61.7 }
 */
public final class NabScorer {
  /** Raw and normalised scores of a group of files at one threshold. */
  public record Totals(
      double raw,
      double nullScore,
      double perfect,
      int files,
      int windowsHit,
      int windowsCounted,
      int fpRows) {
    static final Totals EMPTY = new Totals(0, 0, 0, 0, 0, 0, 0);

    /** 100 * (raw - null) / (perfect - null); NaN when the group has no windows. */
    public double normalized() {
      return perfect == nullScore ? Double.NaN : 100 * (raw - nullScore) / (perfect - nullScore);
    }

    Totals plus(Totals o) {
      return new Totals(
          raw + o.raw,
          nullScore + o.nullScore,
          perfect + o.perfect,
          files + o.files,
          windowsHit + o.windowsHit,
          windowsCounted + o.windowsCounted,
          fpRows + o.fpRows);
    }
  }

  /**
   * The score of a corpus under one profile and threshold, with per-category and per-file parts.
   */
  public record Result(
      NabProfile profile,
      double threshold,
      Totals total,
      Map<String, Totals> perCategory,
      Map<String, Totals> perFile) {}

  private NabScorer() {}

  public static Result score(
      List<NabFile> files, Map<String, double[]> scores, NabProfile p, double threshold) {
    Totals total = Totals.EMPTY;
    Map<String, Totals> perCategory = new TreeMap<>();
    Map<String, Totals> perFile = new LinkedHashMap<>();
    for (NabFile f : files) {
      Totals t = scoreFile(f, scores.get(f.path()), p, threshold);
      perFile.put(f.path(), t);
      perCategory.merge(f.category(), t, Totals::plus);
      total = total.plus(t);
    }
    return new Result(p, threshold, total, perCategory, perFile);
  }

  /** Scores at the threshold that maximises the corpus's raw score (NAB's "optimize" step). */
  public static Result optimise(List<NabFile> files, Map<String, double[]> scores, NabProfile p) {
    return score(files, scores, p, optimalThreshold(files, scores, p));
  }

  static Totals scoreFile(NabFile f, double[] a, NabProfile p, double threshold) {
    double[] best = new double[f.labelledWindows];
    boolean[] hit = new boolean[f.labelledWindows];
    double fp = 0;
    int fpRows = 0;
    for (int i = f.probation; i < f.rows; i++) {
      if (!(a[i] >= threshold)) continue;
      int w = f.windowOf[i];
      if (w < 0) {
        fp += p.fpWeight() * f.fpValue[i];
        fpRows++;
      } else if (!hit[w] || f.tpValue[i] > best[w]) {
        hit[w] = true;
        best[w] = Math.max(best[w], f.tpValue[i]);
      }
    }
    double windows = 0;
    int hits = 0;
    int firstCounted = f.labelledWindows - f.countedWindows; // uncounted windows end in probation
    for (int k = firstCounted; k < f.labelledWindows; k++) {
      if (hit[k]) {
        windows += p.tpWeight() * best[k];
        hits++;
      } else {
        windows -= p.fnWeight();
      }
    }
    return new Totals(
        fp + windows,
        nullScore(f, p),
        p.tpWeight() * f.labelledWindows,
        1,
        hits,
        f.countedWindows,
        fpRows);
  }

  static double nullScore(NabFile f, NabProfile p) {
    return -p.fnWeight() * f.countedWindows;
  }

  /**
   * The threshold with the best corpus raw score. Every scorable row, taken in decreasing score,
   * either adds its false-positive cost or raises its window's best reward; the running total after
   * each distinct score is the corpus score at that threshold. Ties go to the highest threshold.
   */
  public static double optimalThreshold(
      List<NabFile> files, Map<String, double[]> scores, NabProfile p) {
    List<double[]> rows = new ArrayList<>(); // {score, delta}
    double base = 0;
    for (NabFile f : files) {
      double[] a = scores.get(f.path());
      base += nullScore(f, p);
      List<List<Integer>> byWindow = new ArrayList<>();
      for (int k = 0; k < f.labelledWindows; k++) byWindow.add(new ArrayList<>());
      for (int i = f.probation; i < f.rows; i++) {
        int w = f.windowOf[i];
        if (w < 0) rows.add(new double[] {a[i], p.fpWeight() * f.fpValue[i]});
        else byWindow.get(w).add(i);
      }
      for (List<Integer> window : byWindow) {
        if (window.isEmpty()) continue;
        window.sort((x, y) -> Double.compare(a[y], a[x])); // stable: earlier rows first on ties
        double running = -p.fnWeight();
        for (int i : window) {
          double next = Math.max(running, p.tpWeight() * f.tpValue[i]);
          rows.add(new double[] {a[i], next - running});
          running = next;
        }
      }
    }
    return sweep(rows, base);
  }

  private static double sweep(List<double[]> rows, double base) {
    double[][] sorted = rows.toArray(new double[0][]);
    Arrays.sort(sorted, (x, y) -> Double.compare(y[0], x[0]));
    double bestThreshold = Double.POSITIVE_INFINITY;
    double bestScore = base;
    double total = base;
    for (int i = 0; i < sorted.length; i++) {
      total += sorted[i][1];
      boolean lastOfGroup = i + 1 == sorted.length || sorted[i + 1][0] != sorted[i][0];
      if (lastOfGroup && total > bestScore) {
        bestScore = total;
        bestThreshold = sorted[i][0];
      }
    }
    return bestThreshold;
  }
}
