package io.driftline.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RunningBaselineTest {

  @Test
  void warmupStatisticsEqualTwoPassSampleMeanAndStddev() {
    Random random = new Random(42);
    double[] xs = new double[100];
    for (int i = 0; i < xs.length; i++) xs[i] = 150 + 25 * random.nextGaussian();
    RunningBaseline baseline = new RunningBaseline(100, 1000);

    for (int i = 0; i < 99; i++) baseline.update(xs[i]);
    assertThat(baseline.isReady()).isFalse();
    baseline.update(xs[99]);

    double mean = 0;
    for (double x : xs) mean += x;
    mean /= xs.length;
    double squares = 0;
    for (double x : xs) squares += (x - mean) * (x - mean);
    double sampleStddev = Math.sqrt(squares / (xs.length - 1));
    assertThat(baseline.isReady()).isTrue();
    assertThat(baseline.count()).isEqualTo(100);
    assertThat(baseline.mean()).isCloseTo(mean, within(1e-9));
    assertThat(baseline.stddev()).isCloseTo(sampleStddev, within(1e-9));
  }

  @Test
  void stddevDuringWarmupIsTheSampleStddevSoFar() {
    RunningBaseline baseline = new RunningBaseline(10, 100);
    baseline.update(2);
    assertThat(baseline.stddev()).isZero();
    baseline.update(4);
    baseline.update(6);
    // mean 4, squared deviations 4 + 0 + 4 over n - 1 = 2
    assertThat(baseline.mean()).isCloseTo(4, within(1e-12));
    assertThat(baseline.variance()).isCloseTo(4, within(1e-12));
  }

  @Test
  void warmBaselineFollowsALevelChangeSlowly() {
    RunningBaseline baseline = new RunningBaseline(100, 1000);
    Random random = new Random(7);
    for (int i = 0; i < 100; i++) baseline.update(100 + random.nextGaussian());
    double before = baseline.mean();
    assertThat(before).isCloseTo(100, within(0.5));

    for (int i = 0; i < 100; i++) baseline.update(200);

    // alpha = 2 / 1001: after 100 samples the mean has moved 1 - (1 - alpha)^100 = 18% of the way
    double expected = 200 - (200 - before) * Math.pow(1 - 2.0 / 1001, 100);
    assertThat(baseline.mean()).isCloseTo(expected, within(1e-6));
    assertThat(baseline.mean()).isBetween(115.0, 125.0);
    assertThat(baseline.count()).isEqualTo(200);
  }

  @Test
  void exponentialUpdateMatchesIncrementalWeightedFormula() {
    RunningBaseline baseline = new RunningBaseline(2, 3); // mean alpha 0.5, variance alpha 2/31
    baseline.update(0);
    baseline.update(2); // mean 1, variance 2
    baseline.update(5);
    // diff 4, mean 1 + 0.5 * 4 = 3, variance (1 - a) * 2 + a * 4 * (5 - 3) with a = 2/31
    double a = 2.0 / 31;
    assertThat(baseline.mean()).isCloseTo(3, within(1e-12));
    assertThat(baseline.variance()).isCloseTo((1 - a) * 2 + a * 8, within(1e-12));
  }

  @Test
  void aCreepMovesTheMeanButBarelyWidensTheSpread() {
    RunningBaseline baseline = new RunningBaseline(100, 1000);
    java.util.Random random = new java.util.Random(5);
    for (int i = 0; i < 100; i++) baseline.update(150 + 25 * random.nextGaussian());
    double spread = baseline.stddev();
    for (int i = 0; i < 300; i++) baseline.update(150 + 0.25 * i + 25 * random.nextGaussian());

    assertThat(baseline.mean()).isGreaterThan(155); // follows the level, with lag
    assertThat(baseline.stddev()).isLessThan(spread * 1.2); // the lag is not learned as spread
  }

  @Test
  void zScoreOfFlatSeriesIsZeroForSameValueAndLargeForAChange() {
    RunningBaseline baseline = new RunningBaseline(100, 1000);
    for (int i = 0; i < 100; i++) baseline.update(150);
    assertThat(baseline.stddev()).isZero();

    assertThat(baseline.zScore(150)).isZero();
    double z = baseline.zScore(151);
    assertThat(z).isFinite().isGreaterThan(1000);
    assertThat(baseline.zScore(149)).isFinite().isLessThan(-1000);
  }

  @Test
  void zScoreOfFlatZeroSeriesIsFinite() {
    RunningBaseline baseline = new RunningBaseline(10, 100);
    for (int i = 0; i < 10; i++) baseline.update(0);
    assertThat(baseline.zScore(0)).isZero();
    assertThat(baseline.zScore(1)).isFinite().isGreaterThan(1e6);
  }

  @Test
  void zScoreIsDistanceInStddevs() {
    RunningBaseline baseline = new RunningBaseline(2, 10);
    baseline.update(10);
    baseline.update(20); // mean 15, stddev sqrt(50)
    assertThat(baseline.zScore(15 + 2 * Math.sqrt(50))).isCloseTo(2, within(1e-12));
  }

  @Test
  void writeToReadFromRoundTripContinuesIdentically() throws IOException {
    Random random = new Random(3);
    RunningBaseline original = new RunningBaseline(100, 1000);
    for (int i = 0; i < 60; i++) original.update(50 + 5 * random.nextGaussian());
    RunningBaseline warming = roundTrip(original, new RunningBaseline(100, 1000));
    assertSame(original, warming);

    for (int i = 0; i < 200; i++) {
      double x = 50 + 5 * random.nextGaussian();
      original.update(x);
      warming.update(x);
      assertSame(original, warming);
    }
    RunningBaseline warm = roundTrip(original, new RunningBaseline(100, 1000));
    for (int i = 0; i < 200; i++) {
      double x = 80 + 5 * random.nextGaussian();
      original.update(x);
      warm.update(x);
      assertSame(original, warm);
      assertThat(warm.zScore(x)).isEqualTo(original.zScore(x));
    }
  }

  @Test
  void constructorRejectsTooSmallWarmupAndWindowNamingTheValue() {
    assertThatThrownBy(() -> new RunningBaseline(1, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("warmup must be >= 2 but was 1");
    assertThatThrownBy(() -> new RunningBaseline(10, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("window must be >= 1 but was 0");
  }

  private static RunningBaseline roundTrip(RunningBaseline from, RunningBaseline into)
      throws IOException {
    var bytes = new ByteArrayOutputStream();
    from.writeTo(new DataOutputStream(bytes));
    into.readFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    return into;
  }

  private static void assertSame(RunningBaseline expected, RunningBaseline actual) {
    assertThat(actual.count()).isEqualTo(expected.count());
    assertThat(actual.isReady()).isEqualTo(expected.isReady());
    assertThat(actual.mean()).isEqualTo(expected.mean());
    assertThat(actual.variance()).isEqualTo(expected.variance());
  }
}
