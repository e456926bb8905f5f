package io.driftline.sources.otlp;

import io.driftline.telemetry.SeriesKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The previous point of each cumulative stream, which turning cumulative values into per-interval
 * ones needs. Bounded: the least recently seen stream is forgotten first (its next point then
 * counts from its start time, which is still correct, only coarser).
 */
final class CumulativeStreams {
  /** A stream: one process ({@code service.instance.id}) and one series. */
  record Key(String instance, SeriesKey series) {}

  /** A previous point: a sum's value, or a histogram's bounds and bucket counts. */
  record Point(
      long startNanos, long timeNanos, double value, List<Double> bounds, List<Long> counts) {}

  private final Map<Key, Point> points;

  CumulativeStreams(int capacity) {
    this.points =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<Key, Point> eldest) {
            return size() > capacity;
          }
        };
  }

  Optional<Point> previous(Key key) {
    return Optional.ofNullable(points.get(key));
  }

  void remember(Key key, Point point) {
    points.put(key, point);
  }

  int size() {
    return points.size();
  }
}
