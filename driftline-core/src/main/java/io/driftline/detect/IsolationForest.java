package io.driftline.detect;

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
 * <p>Each tree is stored as flat arrays (attribute, split value, children, leaf size), about 40
 * bytes per node and at most {@code 2 * subsample} nodes per tree.
 */
final class IsolationForest {
  private static final double EULER = 0.5772156649015329;
  private final Tree[] trees;
  private final double normaliser;

  private IsolationForest(Tree[] trees, int subsample) {
    this.trees = trees;
    this.normaliser = averagePathLength(subsample);
  }

  /** Grows a forest on {@code points} (rows of equal length); draws come from {@code random}. */
  static IsolationForest fit(double[][] points, int trees, int subsample, Random random) {
    if (points.length < 2) {
      throw new IllegalArgumentException("need >= 2 points but had " + points.length);
    }
    int psi = Math.min(subsample, points.length);
    int heightLimit = (int) Math.ceil(Math.log(psi) / Math.log(2));
    Tree[] forest = new Tree[trees];
    int[] index = new int[points.length];
    for (int t = 0; t < trees; t++) {
      for (int i = 0; i < index.length; i++) index[i] = i;
      for (int i = 0; i < psi; i++) { // partial Fisher-Yates: the first psi are the sample
        int j = i + random.nextInt(index.length - i);
        int swap = index[i];
        index[i] = index[j];
        index[j] = swap;
      }
      forest[t] = Tree.grow(points, java.util.Arrays.copyOf(index, psi), heightLimit, random);
    }
    return new IsolationForest(forest, psi);
  }

  /** Anomaly score in (0, 1]: near 1 isolated at once, 0.5 as deep as average, lower deeper. */
  double score(double[] x) {
    double total = 0;
    for (Tree tree : trees) total += tree.pathLength(x);
    return Math.pow(2, -(total / trees.length) / normaliser);
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

  /** One isolation tree as parallel arrays; node 0 is the root, a leaf has attribute -1. */
  private static final class Tree {
    private int[] attribute = new int[16];
    private double[] split = new double[16];
    private int[] left = new int[16];
    private int[] right = new int[16];
    private int[] size = new int[16];
    private int nodes;

    static Tree grow(double[][] points, int[] sample, int heightLimit, Random random) {
      Tree tree = new Tree();
      tree.build(points, sample, 0, sample.length, 0, heightLimit, random);
      return tree;
    }

    /** Builds the node for {@code sample[from, to)}, partitioning it in place; returns its id. */
    private int build(
        double[][] points, int[] sample, int from, int to, int depth, int limit, Random random) {
      int node = add();
      size[node] = to - from;
      attribute[node] = -1;
      if (to - from <= 1 || depth >= limit) return node;
      int dims = points[sample[from]].length;
      int a = random.nextInt(dims);
      double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
      for (int i = from; i < to; i++) {
        double v = points[sample[i]][a];
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
      if (!(max > min)) return node; // all equal on this attribute: a leaf, as in the paper's iTree
      double p = min + random.nextDouble() * (max - min);
      int mid = from;
      for (int i = from; i < to; i++) {
        if (points[sample[i]][a] < p) {
          int swap = sample[i];
          sample[i] = sample[mid];
          sample[mid++] = swap;
        }
      }
      attribute[node] = a;
      split[node] = p;
      int l = build(points, sample, from, mid, depth + 1, limit, random);
      int r = build(points, sample, mid, to, depth + 1, limit, random);
      left[node] = l;
      right[node] = r;
      return node;
    }

    private int add() {
      if (nodes == attribute.length) {
        int n = nodes * 2;
        attribute = java.util.Arrays.copyOf(attribute, n);
        split = java.util.Arrays.copyOf(split, n);
        left = java.util.Arrays.copyOf(left, n);
        right = java.util.Arrays.copyOf(right, n);
        size = java.util.Arrays.copyOf(size, n);
      }
      return nodes++;
    }

    double pathLength(double[] x) {
      int node = 0;
      int depth = 0;
      while (attribute[node] >= 0) {
        node = x[attribute[node]] < split[node] ? left[node] : right[node];
        depth++;
      }
      return depth + averagePathLength(size[node]);
    }
  }
}
