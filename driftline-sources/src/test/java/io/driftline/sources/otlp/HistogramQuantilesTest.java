package io.driftline.sources.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class HistogramQuantilesTest {
  static final List<Double> BOUNDS = List.of(10.0, 20.0, 50.0, 100.0);
  // the values 1..100: 10 in (.., 10], 10 in (10, 20], 30 in (20, 50], 50 in (50, 100], 0 above
  static final List<Long> COUNTS = List.of(10L, 10L, 30L, 50L, 0L);

  static double q(double q, OptionalDouble min, OptionalDouble max) {
    return HistogramQuantiles.quantile(BOUNDS, COUNTS, q, min, max).orElseThrow();
  }

  @Test
  void interpolatesLinearlyInsideTheBucketThatHoldsTheRank() {
    var none = OptionalDouble.empty();
    assertThat(q(0.5, none, none)).isCloseTo(50.0, within(1e-9));
    assertThat(q(0.95, none, none)).isCloseTo(95.0, within(1e-9));
    assertThat(q(0.99, none, none)).isCloseTo(99.0, within(1e-9));
    assertThat(q(0.05, none, none)).isCloseTo(5.0, within(1e-9));
  }

  @Test
  void minAndMaxCloseTheOpenBuckets() {
    var counts = List.of(4L, 0L, 0L, 0L, 4L);
    assertThat(
            HistogramQuantiles.quantile(
                    BOUNDS, counts, 1.0, OptionalDouble.of(2), OptionalDouble.of(300))
                .orElseThrow())
        .isEqualTo(300.0);
    assertThat(
            HistogramQuantiles.quantile(
                    BOUNDS, counts, 0.25, OptionalDouble.of(2), OptionalDouble.of(300))
                .orElseThrow())
        .isCloseTo(6.0, within(1e-9));
    // without a max, a rank in the overflow bucket answers the highest bound
    assertThat(
            HistogramQuantiles.quantile(
                    BOUNDS, counts, 0.99, OptionalDouble.empty(), OptionalDouble.empty())
                .orElseThrow())
        .isEqualTo(100.0);
  }

  @Test
  void anEmptyHistogramHasNoQuantile() {
    assertThat(
            HistogramQuantiles.quantile(
                BOUNDS,
                List.of(0L, 0L, 0L, 0L, 0L),
                0.5,
                OptionalDouble.empty(),
                OptionalDouble.empty()))
        .isEmpty();
  }

  @Test
  void countsMustMatchTheBounds() {
    assertThatThrownBy(
            () ->
                HistogramQuantiles.quantile(
                    BOUNDS, List.of(1L), 0.5, OptionalDouble.empty(), OptionalDouble.empty()))
        .hasMessageContaining("needs 5 bucket counts but has 1");
  }
}
