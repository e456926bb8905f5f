package io.driftline.detect;

import java.util.Arrays;
import java.util.Random;

/**
 * A fitted isolation forest (Liu, Ting and Zhou 2008, "Isolation Forest", ICDM): {@code trees}
 * random binary trees, each grown on {@code subsample} points drawn without replacement, splitting
 * on a random attribute at a random value between its minimum and maximum until a point is alone or
 * the height limit {@code ceil(log2 subsample)} is reached. Anomalies are few and different, so
 * they are isolated near the root: the score {@code 2^(-E[h(x)] / c(n))} is close to 1 for them,
 * about 0.5 or below for ordinary points. Immutable once fitted; {@link IsolationForestDetector}
 * refits one over a sliding window.
 *
 * <p>Compact, because the live service keeps one forest per workload: all trees share three flat
 * arrays in pre-order (a node's left child is the next node), 8 bytes per node: the split value as
 * a float, the right child as a short offset from the tree's root, and a short that is the split
 * attribute (>= 0) or, for a leaf, {@code -(points + 1)}. The points are floats too, so a split
 * rounded to a float partitions them exactly as scoring later does.
 */
final class IsolationForest {
  private static final double EULER = 0.5772156649015329;

  /** {@link #averagePathLength} of every leaf size up to the largest subsample: no log per tree. */
  private static final double[] LEAF_DEPTH = new double[4097];

  static {
    for (int n = 0; n < LEAF_DEPTH.length; n++) LEAF_DEPTH[n] = averagePathLength(n);
  }

  private final int[] roots;
  private final float[] split;
  private final short[] right;
  private final short[] info;
  private final double normaliser;

  private IsolationForest(Builder b, int subsample) {
    this.roots = b.roots;
    this.split = Arrays.copyOf(b.split, b.nodes);
    this.right = Arrays.copyOf(b.right, b.nodes);
    this.info = Arrays.copyOf(b.info, b.nodes);
    this.normaliser = averagePathLength(subsample);
  }

  /** Grows a forest on {@code points} (rows of equal length); draws come from {@code random}. */
  static IsolationForest fit(double[][] points, int trees, int subsample, Random random) {
    if (points.length < 2) {
      throw new IllegalArgumentException("need >= 2 points but had " + points.length);
    }
    int columns = points[0].length;
    float[] data = new float[points.length * columns];
    int[] rows = new int[points.length];
    for (int i = 0; i < points.length; i++) {
      for (int c = 0; c < columns; c++) data[i * columns + c] = (float) points[i][c];
      rows[i] = i;
    }
    return fit(data, columns, rows, trees, subsample, random);
  }

  /**
   * Grows a forest on the rows {@code rows} of {@code data} (row {@code r} is {@code data[r *
   * columns, (r + 1) * columns)}); the draws depend on the order of {@code rows}, not on where the
   * rows lie in {@code data}.
   */
  static IsolationForest fit(
      float[] data, int columns, int[] rows, int trees, int subsample, Random random) {
    if (rows.length < 2) {
      throw new IllegalArgumentException("need >= 2 points but had " + rows.length);
    }
    int psi = Math.min(subsample, rows.length);
    int heightLimit = (int) Math.ceil(Math.log(psi) / Math.log(2));
    int maxNodes = Math.min(2 * psi, (1 << (heightLimit + 1))) - 1;
    var builder = new Builder(data, columns, trees, trees * maxNodes, heightLimit, random);
    int[] index = new int[rows.length];
    for (int t = 0; t < trees; t++) {
      System.arraycopy(rows, 0, index, 0, rows.length);
      for (int i = 0; i < psi; i++) { // partial Fisher-Yates: the first psi are the sample
        int j = i + random.nextInt(index.length - i);
        int swap = index[i];
        index[i] = index[j];
        index[j] = swap;
      }
      builder.tree(t, Arrays.copyOf(index, psi));
    }
    return new IsolationForest(builder, psi);
  }

  /** Anomaly score in (0, 1]: near 1 isolated at once, 0.5 as deep as average, lower deeper. */
  double score(double[] x) {
    double total = 0;
    for (int root : roots) total += pathLength(root, x);
    return Math.pow(2, -(total / roots.length) / normaliser);
  }

  private double pathLength(int root, double[] x) {
    int node = root;
    int depth = 0;
    while (info[node] >= 0) {
      node = x[info[node]] < split[node] ? node + 1 : root + right[node];
      depth++;
    }
    return depth + LEAF_DEPTH[-info[node] - 1];
  }

  /** Nodes of all trees, for memory accounting in tests and benchmarks. */
  int nodes() {
    return info.length;
  }

  /**
   * {@code c(n)}: the average path length of an unsuccessful search in a binary search tree of n
   * points, {@code 2 H(n - 1) - 2 (n - 1) / n} (Liu et al. 2008, eq. 1), the normaliser of the
   * score and the depth added for a leaf that still holds n points.
   */
  static double averagePathLength(int n) {
    if (n <= 1) return 0;
    if (n == 2) return 1;
    return 2 * (Math.log(n - 1) + EULER) - 2.0 * (n - 1) / n;
  }

  /** Grows the trees one after another into the shared arrays. */
  private static final class Builder {
    private final float[] data;
    private final int columns;
    private final int heightLimit;
    private final Random random;
    private final int[] roots;
    private float[] split;
    private short[] right;
    private short[] info;
    private int nodes;
    private int root;

    Builder(float[] data, int columns, int trees, int capacity, int heightLimit, Random random) {
      this.split = new float[capacity];
      this.right = new short[capacity];
      this.info = new short[capacity];
      this.data = data;
      this.columns = columns;
      this.heightLimit = heightLimit;
      this.random = random;
      this.roots = new int[trees];
    }

    void tree(int t, int[] sample) {
      root = nodes;
      roots[t] = root;
      build(sample, 0, sample.length, 0);
    }

    /** Builds the node for {@code sample[from, to)}, partitioning it in place. */
    private void build(int[] sample, int from, int to, int depth) {
      int node = add();
      info[node] = (short) -(to - from + 1);
      if (to - from <= 1 || depth >= heightLimit) return;
      int a = random.nextInt(columns);
      float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
      for (int i = from; i < to; i++) {
        float v = data[sample[i] * columns + a];
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
      if (!(max > min)) return; // all equal on this attribute: a leaf, as in the paper's iTree
      float p = (float) (min + random.nextDouble() * ((double) max - min));
      int mid = from;
      for (int i = from; i < to; i++) {
        if (data[sample[i] * columns + a] < p) {
          int swap = sample[i];
          sample[i] = sample[mid];
          sample[mid++] = swap;
        }
      }
      info[node] = (short) a;
      split[node] = p;
      build(sample, from, mid, depth + 1);
      right[node] = (short) (nodes - root);
      build(sample, mid, to, depth + 1);
    }

    private int add() {
      if (nodes == info.length) {
        int n = nodes * 2;
        split = Arrays.copyOf(split, n);
        right = Arrays.copyOf(right, n);
        info = Arrays.copyOf(info, n);
      }
      return nodes++;
    }
  }
}
