package io.driftline.sources.otlp;

import java.util.List;
import java.util.OptionalDouble;

/**
 * Quantiles of an explicit-bucket histogram by linear interpolation inside the bucket that holds
 * the rank, as Prometheus' {@code histogram_quantile} does. OTLP buckets are {@code (-inf, b0],
 * (b0, b1], ..., (b_last, +inf)}; the open ends are closed with the point's min and max when it has
 * them, otherwise the lowest bucket starts at 0 (when its bound is positive) and a rank in the
 * overflow bucket answers the highest bound.
 */
public final class HistogramQuantiles {
  private HistogramQuantiles() {}

  /**
   * @param bounds the explicit bounds, ascending
   * @param counts one more count than bounds
   * @param q the quantile in [0, 1]
   */
  public static OptionalDouble quantile(
      List<Double> bounds, List<Long> counts, double q, OptionalDouble min, OptionalDouble max) {
    if (counts.size() != bounds.size() + 1) {
      throw new IllegalArgumentException(
          "a histogram with "
              + bounds.size()
              + " bounds needs "
              + (bounds.size() + 1)
              + " bucket counts but has "
              + counts.size());
    }
    long total = 0;
    for (long c : counts) total += c;
    if (total == 0) return OptionalDouble.empty();
    double rank = q * total;
    long before = 0;
    for (int i = 0; i < counts.size(); i++) {
      long count = counts.get(i);
      if (count > 0 && before + count >= rank) {
        double lower = lower(bounds, i, min);
        double upper = upper(bounds, i, max, lower);
        double within = count == 0 ? 0 : (rank - before) / count;
        return OptionalDouble.of(lower + (upper - lower) * Math.max(0, Math.min(1, within)));
      }
      before += count;
    }
    return OptionalDouble.of(upper(bounds, counts.size() - 1, max, 0));
  }

  private static double lower(List<Double> bounds, int bucket, OptionalDouble min) {
    if (bucket > 0) {
      double lower = bounds.get(bucket - 1);
      return min.isPresent() ? Math.max(lower, min.getAsDouble()) : lower;
    }
    if (min.isPresent()) return min.getAsDouble();
    return bounds.isEmpty() ? 0 : Math.min(0, bounds.get(0));
  }

  private static double upper(List<Double> bounds, int bucket, OptionalDouble max, double lower) {
    if (bucket < bounds.size()) {
      double upper = bounds.get(bucket);
      return max.isPresent() ? Math.min(upper, max.getAsDouble()) : upper;
    }
    if (max.isPresent()) return max.getAsDouble();
    return bounds.isEmpty() ? lower : bounds.get(bounds.size() - 1);
  }
}
