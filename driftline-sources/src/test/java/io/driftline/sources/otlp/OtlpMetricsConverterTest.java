package io.driftline.sources.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.driftline.telemetry.Sample;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OtlpMetricsConverterTest {
  static final Instant NOW = Instant.parse("2026-01-12T10:00:00Z");
  static final long T0 = NOW.minusSeconds(60).toEpochMilli() * 1_000_000;
  static final long SECOND = 1_000_000_000L;

  final OtlpMetricsConverter converter =
      new OtlpMetricsConverter(OtlpSettings.DEFAULT, Clock.fixed(NOW, ZoneOffset.UTC));

  static KeyValue attr(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }

  static ExportMetricsServiceRequest request(Metric... metrics) {
    Resource resource =
        Resource.newBuilder()
            .addAttributes(attr("service.name", "checkout"))
            .addAttributes(attr("service.instance.id", "i-1"))
            .addAttributes(attr("k8s.cluster.name", "prod-eu"))
            .addAttributes(attr("k8s.namespace.name", "shop"))
            .addAttributes(attr("k8s.pod.name", "checkout-7d9f-abcde"))
            .addAttributes(attr("k8s.deployment.name", "checkout"))
            .build();
    return ExportMetricsServiceRequest.newBuilder()
        .addResourceMetrics(
            ResourceMetrics.newBuilder()
                .setResource(resource)
                .addScopeMetrics(ScopeMetrics.newBuilder().addAllMetrics(List.of(metrics))))
        .build();
  }

  static NumberDataPoint point(long start, long time, double value) {
    return NumberDataPoint.newBuilder()
        .setStartTimeUnixNano(start)
        .setTimeUnixNano(time)
        .setAsDouble(value)
        .addAttributes(attr("http.route", "/pay"))
        .build();
  }

  static Metric counter(AggregationTemporality temporality, NumberDataPoint... points) {
    return Metric.newBuilder()
        .setName("http.requests")
        .setSum(
            Sum.newBuilder()
                .setIsMonotonic(true)
                .setAggregationTemporality(temporality)
                .addAllDataPoints(List.of(points)))
        .build();
  }

  static Metric gauge(double value) {
    return Metric.newBuilder()
        .setName("queue-depth/current")
        .setGauge(Gauge.newBuilder().addDataPoints(point(0, T0, value)))
        .build();
  }

  static List<Double> values(OtlpConversion c) {
    return c.samples().stream().map(Sample::value).toList();
  }

  @Test
  void aGaugeKeepsItsValueAndTheResourceBecomesServiceAndLabels() {
    OtlpConversion c = converter.convert(request(gauge(42.5)));

    assertThat(c.rejected()).isZero();
    Sample s = c.samples().getFirst();
    assertThat(s.value()).isEqualTo(42.5);
    assertThat(s.epochMillis()).isEqualTo(T0 / 1_000_000);
    assertThat(s.key().service()).isEqualTo("checkout");
    assertThat(s.key().metric()).isEqualTo("queue_depth_current");
    assertThat(s.key().labels())
        .isEqualTo(
            Map.of(
                "cluster", "prod-eu",
                "namespace", "shop",
                "pod", "checkout-7d9f-abcde",
                "workload", "checkout",
                "http_route", "/pay"));
    assertThat(c.response().hasPartialSuccess()).isFalse();
  }

  @Test
  void aCumulativeCounterBecomesARatePerSecondAgainstThePreviousPoint() {
    var cumulative = AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE;
    var first = converter.convert(request(counter(cumulative, point(T0, T0 + 10 * SECOND, 50))));
    var second = converter.convert(request(counter(cumulative, point(T0, T0 + 20 * SECOND, 80))));

    assertThat(values(first)).containsExactly(5.0); // 50 since the start, 10 s ago
    assertThat(values(second)).containsExactly(3.0); // 30 more in 10 s
  }

  @Test
  void aLowerCumulativeValueIsAResetCountedFromItsNewStart() {
    var cumulative = AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE;
    converter.convert(request(counter(cumulative, point(T0, T0 + 10 * SECOND, 500))));
    long restart = T0 + 15 * SECOND;
    var afterRestart =
        converter.convert(request(counter(cumulative, point(restart, T0 + 20 * SECOND, 20))));

    assertThat(values(afterRestart)).containsExactly(4.0); // 20 in the 5 s since the restart
  }

  @Test
  void aRepeatedCumulativePointIsRejectedNotCountedTwice() {
    var cumulative = AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE;
    converter.convert(request(counter(cumulative, point(T0, T0 + 10 * SECOND, 50))));
    var again = converter.convert(request(counter(cumulative, point(T0, T0 + 10 * SECOND, 50))));

    assertThat(again.samples()).isEmpty();
    assertThat(again.rejected()).isEqualTo(1);
    assertThat(again.response().getPartialSuccess().getErrorMessage())
        .contains("not later than the previous point");
  }

  @Test
  void aDeltaCounterIsDividedByItsOwnInterval() {
    var delta = AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA;
    var c = converter.convert(request(counter(delta, point(T0, T0 + 4 * SECOND, 10))));

    assertThat(values(c)).containsExactly(2.5);
  }

  static Metric histogram(AggregationTemporality temporality, long time, List<Long> counts) {
    return Metric.newBuilder()
        .setName("http.server.duration")
        .setHistogram(
            Histogram.newBuilder()
                .setAggregationTemporality(temporality)
                .addDataPoints(
                    HistogramDataPoint.newBuilder()
                        .setStartTimeUnixNano(T0)
                        .setTimeUnixNano(time)
                        .addAllExplicitBounds(List.of(10.0, 20.0, 50.0, 100.0))
                        .addAllBucketCounts(counts)
                        .setCount(counts.stream().mapToLong(Long::longValue).sum())))
        .build();
  }

  @Test
  void aHistogramBecomesThreePercentileSeries() {
    var c =
        converter.convert(
            request(
                histogram(
                    AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA,
                    T0 + SECOND,
                    List.of(10L, 10L, 30L, 50L, 0L))));

    assertThat(c.samples())
        .extracting(s -> s.key().metric())
        .containsExactly(
            "http.server.duration.p50", "http.server.duration.p95", "http.server.duration.p99");
    assertThat(values(c).get(0)).isCloseTo(50.0, within(1e-9));
    assertThat(values(c).get(1)).isCloseTo(95.0, within(1e-9));
    assertThat(values(c).get(2)).isCloseTo(99.0, within(1e-9));
  }

  @Test
  void aCumulativeHistogramTakesPercentilesOfWhatWasAddedSinceThePreviousPoint() {
    var cumulative = AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE;
    converter.convert(request(histogram(cumulative, T0 + SECOND, List.of(100L, 0L, 0L, 0L, 0L))));
    // the next interval only adds slow requests, all in (50, 100]
    var c =
        converter.convert(
            request(histogram(cumulative, T0 + 2 * SECOND, List.of(100L, 0L, 0L, 10L, 0L))));

    assertThat(values(c).get(0)).isCloseTo(75.0, within(1e-9));
  }

  @Test
  void badPointsAreRejectedAloneAndTheRestIsKept() {
    Metric exponential =
        Metric.newBuilder()
            .setName("latency")
            .setExponentialHistogram(
                ExponentialHistogram.newBuilder()
                    .addDataPoints(ExponentialHistogramDataPoint.newBuilder().setTimeUnixNano(T0)))
            .build();
    long future = NOW.plus(Duration.ofHours(1)).toEpochMilli() * 1_000_000;
    Metric future1 =
        Metric.newBuilder()
            .setName("temperature")
            .setGauge(Gauge.newBuilder().addDataPoints(point(0, future, 3)))
            .build();

    var c = converter.convert(request(gauge(-1), gauge(7), exponential, future1));

    assertThat(values(c)).containsExactly(7.0);
    assertThat(c.rejected()).isEqualTo(3);
    String message = c.response().getPartialSuccess().getErrorMessage();
    assertThat(message)
        .contains("must be >= 0")
        .contains("exponential histograms are not supported")
        .contains("too far ahead");
    assertThat(c.response().getPartialSuccess().getRejectedDataPoints()).isEqualTo(3);
  }

  @Test
  void aResourceWithoutServiceNameIsTheUnknownService() {
    var req =
        ExportMetricsServiceRequest.newBuilder()
            .addResourceMetrics(
                ResourceMetrics.newBuilder()
                    .addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(gauge(1))))
            .build();

    assertThat(converter.convert(req).samples().getFirst().key().service())
        .isEqualTo("unknown_service");
  }
}
