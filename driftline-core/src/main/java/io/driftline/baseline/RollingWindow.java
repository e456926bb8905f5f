package io.driftline.baseline;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * The last {@code capacity} values of a series, kept both in arrival order and sorted, so that
 * quantiles (median, quartiles) cost O(1) and an update O(capacity) with no allocation.
 *
 * <p>A sorted array beats a pair of heaps or a skip list at the window sizes detectors use (a few
 * hundred): one binary search and one {@link System#arraycopy} per insert and removal, all in
 * cache. State is bounded: two {@code double[capacity]}.
 */
public final class RollingWindow {
  private final double[] ring;
  private final double[] sorted;
  private int head; // next write position in ring
  private int size;

  public RollingWindow(int capacity) {
    if (capacity < 1)
      throw new IllegalArgumentException("capacity must be >= 1 but was " + capacity);
    this.ring = new double[capacity];
    this.sorted = new double[capacity];
  }

  /** Adds a finite value, evicting the oldest once full. */
  public void add(double x) {
    if (!Double.isFinite(x))
      throw new IllegalArgumentException("value must be finite but was " + x);
    if (size == ring.length) remove(ring[head]);
    else size++;
    ring[head] = x;
    head = (head + 1) % ring.length;
    insert(x, size - 1);
  }

  private void remove(double x) {
    int i = Arrays.binarySearch(sorted, 0, size, x);
    System.arraycopy(sorted, i + 1, sorted, i, size - i - 1);
  }

  /** Inserts into sorted[0..n) which has room for one more. */
  private void insert(double x, int n) {
    int i = Arrays.binarySearch(sorted, 0, n, x);
    if (i < 0) i = -i - 1;
    System.arraycopy(sorted, i, sorted, i + 1, n - i);
    sorted[i] = x;
  }

  /** Forgets every value. */
  public void clear() {
    head = 0;
    size = 0;
  }

  public int size() {
    return size;
  }

  public int capacity() {
    return ring.length;
  }

  public boolean isFull() {
    return size == ring.length;
  }

  /** Quantile {@code p} in [0, 1] by linear interpolation between order statistics (type 7). */
  public double quantile(double p) {
    if (size == 0) return Double.NaN;
    double pos = p * (size - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(lo + 1, size - 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }

  public double median() {
    return quantile(0.5);
  }

  /** The value added {@code back} samples ago (0 = the latest). */
  public double recent(int back) {
    if (back < 0 || back >= size) {
      throw new IllegalArgumentException("back must be in [0, " + size + ") but was " + back);
    }
    return ring[Math.floorMod(head - 1 - back, ring.length)];
  }

  public void writeTo(DataOutput out) throws IOException {
    out.writeInt(ring.length);
    out.writeInt(size);
    for (int i = size - 1; i >= 0; i--) out.writeDouble(recent(i));
  }

  /** Reads what {@link #writeTo} wrote into an empty window of the same capacity. */
  public void readFrom(DataInput in) throws IOException {
    int capacity = in.readInt();
    if (capacity != ring.length) {
      throw new IOException("checkpoint window " + capacity + " does not match " + ring.length);
    }
    int n = in.readInt();
    clear();
    for (int i = 0; i < n; i++) add(in.readDouble());
  }
}
