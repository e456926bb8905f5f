package io.driftline.sources.otlp;

import io.driftline.telemetry.InvalidTelemetryException;
import io.driftline.telemetry.Sample;
import io.driftline.telemetry.SeriesKey;
import io.driftline.telemetry.TelemetryLimits;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Pattern;

/**
 * Turns OTLP metrics into Driftline samples, one series per metric and attribute set:
 *
 * <ul>
 *   <li>gauges and non-monotonic sums: the value as sent;
 *   <li>monotonic sums: a rate per second. A cumulative point is compared with the previous point
 *       of its stream (a lower value or a new start time is a reset, and then the rate runs from
 *       the start time); a delta point is divided by its own interval;
 *   <li>explicit-bucket histograms and summaries: {@code <name>.p50}, {@code .p95} and {@code
 *       .p99}, for cumulative histograms over the bucket counts added since the previous point;
 * </ul>
 *
 * <p>A point that cannot become a sample (a bad name, a negative or non-finite value, a time too
 * far ahead, an exponential histogram) is rejected alone and counted, as OTLP's partial success
 * reports it; the rest of the request is kept. Safe for concurrent callers (one lock around the
 * stream state).
 */
public final class OtlpMetricsConverter {
  static final double[] QUANTILES = {0.5, 0.95, 0.99};
  private static final String[] QUANTILE_SUFFIXES = {".p50", ".p95", ".p99"};
  private static final Pattern INVALID_METRIC_CHARS = Pattern.compile("[^a-zA-Z0-9_:.]");
  private static final int MAX_ERRORS = 5;

  private final OtlpSettings settings;
  private final Clock clock;
  private final CumulativeStreams streams;

  public OtlpMetricsConverter(OtlpSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    this.streams = new CumulativeStreams(settings.maxStreams());
  }

  /** Converts a whole request; never throws for bad points, which are counted in the result. */
  public synchronized OtlpConversion convert(ExportMetricsServiceRequest request) {
    var out = new Collector(clock.millis() + settings.maxFutureSkew().toMillis());
    for (ResourceMetrics rm : request.getResourceMetricsList()) {
      OtlpResource resource =
          OtlpResource.of(rm.getResource().getAttributesList(), settings.serviceAttribute());
      for (ScopeMetrics sm : rm.getScopeMetricsList()) {
        for (Metric metric : sm.getMetricsList()) convert(resource, metric, out);
      }
    }
    return new OtlpConversion(out.samples, out.rejected, out.errors);
  }

  private void convert(OtlpResource resource, Metric metric, Collector out) {
    String name = metricName(metric.getName());
    switch (metric.getDataCase()) {
      case GAUGE -> {
        for (NumberDataPoint p : metric.getGauge().getDataPointsList()) {
          out.add(resource, name, p.getAttributesList(), p.getTimeUnixNano(), number(p));
        }
      }
      case SUM -> sum(resource, name, metric.getSum(), out);
      case HISTOGRAM -> {
        boolean cumulative =
            metric.getHistogram().getAggregationTemporality()
                == AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE;
        for (HistogramDataPoint p : metric.getHistogram().getDataPointsList()) {
          histogram(resource, name, p, cumulative, out);
        }
      }
      case SUMMARY -> {
        for (SummaryDataPoint p : metric.getSummary().getDataPointsList())
          summary(resource, name, p, out);
      }
      case EXPONENTIAL_HISTOGRAM ->
          out.reject(
              metric.getExponentialHistogram().getDataPointsCount(),
              name
                  + ": exponential histograms are not supported; export explicit-bucket"
                  + " histograms (the SDK's default aggregation)");
      default -> out.reject(0, name + ": metric has no data");
    }
  }

  private void sum(OtlpResource resource, String name, Sum sum, Collector out) {
    boolean cumulative =
        sum.getAggregationTemporality()
            == AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE;
    for (NumberDataPoint p : sum.getDataPointsList()) {
      if (!sum.getIsMonotonic()) {
        out.add(resource, name, p.getAttributesList(), p.getTimeUnixNano(), number(p));
      } else if (!cumulative) {
        double seconds = seconds(p.getStartTimeUnixNano(), p.getTimeUnixNano());
        double value = seconds > 0 ? number(p) / seconds : number(p);
        out.add(resource, name, p.getAttributesList(), p.getTimeUnixNano(), value);
      } else {
        cumulativeSum(resource, name, p, out);
      }
    }
  }

  private void cumulativeSum(OtlpResource resource, String name, NumberDataPoint p, Collector out) {
    SeriesKey series = out.key(resource, name, p.getAttributesList());
    if (series == null) return;
    var key = new CumulativeStreams.Key(resource.instance(), series);
    double value = number(p);
    long time = p.getTimeUnixNano();
    var previous = streams.previous(key);
    if (previous.isPresent() && time <= previous.get().timeNanos()) {
      out.reject(1, name + ": point is not later than the previous point of its stream");
      return;
    }
    streams.remember(
        key,
        new CumulativeStreams.Point(p.getStartTimeUnixNano(), time, value, List.of(), List.of()));
    boolean continues =
        previous.isPresent()
            && previous.get().startNanos() == p.getStartTimeUnixNano()
            && value >= previous.get().value();
    if (continues) {
      out.add(
          series,
          time,
          (value - previous.get().value()) / seconds(previous.get().timeNanos(), time));
    } else if (seconds(p.getStartTimeUnixNano(), time) > 0) {
      out.add(series, time, value / seconds(p.getStartTimeUnixNano(), time));
    }
    // else: the first point of a stream without a start time only sets the baseline
  }

  private void histogram(
      OtlpResource resource, String name, HistogramDataPoint p, boolean cumulative, Collector out) {
    List<Long> counts = p.getBucketCountsList();
    List<Double> bounds = p.getExplicitBoundsList();
    if (counts.isEmpty()) return; // a point with only count and sum has no distribution
    if (counts.size() != bounds.size() + 1) {
      out.reject(
          1,
          name
              + ": histogram has "
              + bounds.size()
              + " bounds but "
              + counts.size()
              + " bucket counts");
      return;
    }
    OptionalDouble min = p.hasMin() ? OptionalDouble.of(p.getMin()) : OptionalDouble.empty();
    OptionalDouble max = p.hasMax() ? OptionalDouble.of(p.getMax()) : OptionalDouble.empty();
    if (cumulative) {
      SeriesKey series = out.key(resource, name, p.getAttributesList());
      if (series == null) return;
      var key = new CumulativeStreams.Key(resource.instance(), series);
      var previous = streams.previous(key);
      streams.remember(
          key,
          new CumulativeStreams.Point(
              p.getStartTimeUnixNano(), p.getTimeUnixNano(), 0, bounds, counts));
      if (previous.isPresent() && continues(previous.get(), p)) {
        counts = minus(counts, previous.get().counts());
        // min and max cover the whole cumulative interval, not the increment
        min = OptionalDouble.empty();
        max = OptionalDouble.empty();
      }
    }
    for (int i = 0; i < QUANTILES.length; i++) {
      OptionalDouble q = HistogramQuantiles.quantile(bounds, counts, QUANTILES[i], min, max);
      if (q.isPresent()) {
        out.add(
            resource,
            name + QUANTILE_SUFFIXES[i],
            p.getAttributesList(),
            p.getTimeUnixNano(),
            q.getAsDouble());
      }
    }
  }

  private static boolean continues(CumulativeStreams.Point previous, HistogramDataPoint p) {
    if (previous.startNanos() != p.getStartTimeUnixNano()) return false;
    if (!previous.bounds().equals(p.getExplicitBoundsList())) return false;
    if (p.getTimeUnixNano() <= previous.timeNanos()) return false;
    for (int i = 0; i < p.getBucketCountsCount(); i++) {
      if (p.getBucketCounts(i) < previous.counts().get(i)) return false;
    }
    return true;
  }

  private static List<Long> minus(List<Long> now, List<Long> before) {
    List<Long> diff = new ArrayList<>(now.size());
    for (int i = 0; i < now.size(); i++) diff.add(now.get(i) - before.get(i));
    return diff;
  }

  private void summary(OtlpResource resource, String name, SummaryDataPoint p, Collector out) {
    for (SummaryDataPoint.ValueAtQuantile v : p.getQuantileValuesList()) {
      for (int i = 0; i < QUANTILES.length; i++) {
        if (Math.abs(v.getQuantile() - QUANTILES[i]) < 1e-9) {
          out.add(
              resource,
              name + QUANTILE_SUFFIXES[i],
              p.getAttributesList(),
              p.getTimeUnixNano(),
              v.getValue());
        }
      }
    }
  }

  private static double number(NumberDataPoint p) {
    return p.getValueCase() == NumberDataPoint.ValueCase.AS_INT ? p.getAsInt() : p.getAsDouble();
  }

  private static double seconds(long fromNanos, long toNanos) {
    return fromNanos <= 0 || toNanos <= fromNanos ? 0 : (toNanos - fromNanos) / 1e9;
  }

  /** An OTLP instrument name ({@code [a-zA-Z][a-zA-Z0-9_.\-/]*}) as a Driftline metric name. */
  static String metricName(String name) {
    return INVALID_METRIC_CHARS.matcher(name).replaceAll("_");
  }

  /** Gathers samples and rejections of one request. */
  private static final class Collector {
    final List<Sample> samples = new ArrayList<>();
    final List<String> errors = new ArrayList<>();
    final long latestMillis;
    long rejected;

    Collector(long latestMillis) {
      this.latestMillis = latestMillis;
    }

    /** The series of a point, or null (and the point rejected) when it cannot be one. */
    SeriesKey key(OtlpResource resource, String metric, List<KeyValue> attributes) {
      Map<String, String> labels = new LinkedHashMap<>();
      for (KeyValue kv : attributes) {
        String value = OtlpResource.text(kv.getValue());
        if (!value.isEmpty()) labels.put(OtlpResource.labelName(kv.getKey()), value);
      }
      labels.putAll(resource.labels());
      try {
        return new SeriesKey(
            TelemetryLimits.normalizeId("service.name", resource.service()), metric, labels);
      } catch (InvalidTelemetryException e) {
        reject(1, metric + ": " + e.getMessage());
        return null;
      }
    }

    void add(
        OtlpResource resource,
        String metric,
        List<KeyValue> attributes,
        long timeNanos,
        double value) {
      SeriesKey key = key(resource, metric, attributes);
      if (key != null) add(key, timeNanos, value);
    }

    void add(SeriesKey key, long timeNanos, double value) {
      if (timeNanos <= 0) {
        reject(1, key.metric() + ": time_unix_nano is required");
        return;
      }
      long millis = timeNanos / 1_000_000;
      if (millis > latestMillis) {
        reject(
            1,
            key.metric() + ": point time is too far ahead of server time (ingest.max_future_skew)");
        return;
      }
      try {
        samples.add(new Sample(key, millis, TelemetryLimits.checkValue("value", value)));
      } catch (InvalidTelemetryException e) {
        reject(1, key.metric() + ": " + e.getMessage());
      }
    }

    void reject(long points, String message) {
      rejected += points;
      if (errors.size() < MAX_ERRORS && !errors.contains(message)) errors.add(message);
    }
  }
}
