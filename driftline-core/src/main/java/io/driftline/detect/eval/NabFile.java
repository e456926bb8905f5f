package io.driftline.detect.eval;

import java.util.Arrays;

/**
 * The score-independent geometry of one labelled file, as NAB defines it: which rows are in which
 * window, what a detection on each row is worth, and the probationary rows that do not count.
 * Positions are row indices; timestamps only locate the window edges.
 *
 * <ul>
 *   <li>Probation: the first {@code min(floor(0.15 n), 750)} rows are ignored, and a window with no
 *       row after them is not counted.
 *   <li>Inside window [L, R] of width W, row i is worth {@code s(-(R - i + 1) / W) / s(-1)}, so the
 *       left edge earns the full reward and the right edge almost nothing, where {@code s(x) = 2 /
 *       (1 + e^{5x}) - 1} is NAB's scaled sigmoid.
 *   <li>Outside every window a row costs -1 before the first window and {@code s((i - R') / (W' -
 *       1))} after the most recent window [L', R']: a detection just after a window costs little.
 * </ul>
 */
public final class NabFile {
  static final double PROBATION = 0.15;
  static final double MAX_TP = sigmoid(-1.0);
  final String path;
  final int rows;
  final int probation;
  final int labelledWindows;
  final int[] windowOf; // window index per row, -1 outside
  final double[] tpValue; // unweighted reward inside windows
  final double[] fpValue; // unweighted (negative) value outside windows
  final int countedWindows;

  /**
   * @param windows row index pairs [L, R], sorted, not overlapping
   */
  NabFile(String path, int rows, int[][] windows) {
    this.path = path;
    this.rows = rows;
    this.probation = (int) Math.min(Math.floor(PROBATION * rows), PROBATION * 5000);
    this.labelledWindows = windows.length;
    this.windowOf = new int[rows];
    this.tpValue = new double[rows];
    this.fpValue = new double[rows];
    Arrays.fill(windowOf, -1);
    Arrays.fill(fpValue, -1.0);
    int prevRight = -1, prevWidth = 0, cursor = 0, counted = 0;
    for (int k = 0; k < windows.length; k++) {
      int left = windows[k][0], right = windows[k][1], width = right - left + 1;
      if (prevRight >= 0) fillAfter(cursor, left, prevRight, prevWidth);
      for (int i = left; i <= right; i++) {
        windowOf[i] = k;
        tpValue[i] = sigmoid(-(right - i + 1) / (double) width) / MAX_TP;
      }
      if (right >= probation) counted++;
      prevRight = right;
      prevWidth = width;
      cursor = right + 1;
    }
    if (prevRight >= 0) fillAfter(cursor, rows, prevRight, prevWidth);
    this.countedWindows = counted;
  }

  private void fillAfter(int from, int to, int prevRight, int prevWidth) {
    for (int i = from; i < to; i++) {
      fpValue[i] = prevWidth > 1 ? sigmoid((i - prevRight) / (double) (prevWidth - 1)) : -1.0;
    }
  }

  /** NAB's scaled sigmoid; -1 beyond x = 3. */
  static double sigmoid(double x) {
    if (x > 3.0) return -1.0;
    return 2.0 / (1.0 + Math.exp(5.0 * x)) - 1.0;
  }

  public String path() {
    return path;
  }

  public String category() {
    int slash = path.indexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }

  public int rows() {
    return rows;
  }

  boolean scorable(int row) {
    return row >= probation;
  }
}
