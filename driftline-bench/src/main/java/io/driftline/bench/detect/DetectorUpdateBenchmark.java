package io.driftline.bench.detect;

import io.driftline.detect.EnsembleDetector;
import io.driftline.detect.SeriesDetector;
import io.driftline.detect.Verdict;
import io.driftline.detect.ZScoreRules;
import io.driftline.detect.ZScoreRulesDetector;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@code SeriesDetector.update} of the DriftWatch rules on a warm, STABLE series, against a plain
 * loop over the same samples that does the least any z-score detector must: an exponentially
 * weighted mean and variance and a z-score per sample. The ratio of the two is what the rules, the
 * verdict objects and the ring buffer cost on top. Both report time per sample.
 *
 * <p>The ensemble (the CLI's default, issue 5's target of 2 million samples per second per core,
 * i.e. at most 500 ns per sample) runs on the same noise and on a noisy daily cycle (period 288,
 * the 5-minute resolution of a day), where it finds the period and scores residuals. Both include
 * the amortised cost of its period search (every 1,024 samples once warm).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DetectorUpdateBenchmark {
  static final int SAMPLES = 1024;
  static final int PERIOD = 288;
  static final int SEASONAL_SAMPLES = 4 * PERIOD;

  private final double[] values = new double[SAMPLES];
  private final double[] seasonal = new double[SEASONAL_SAMPLES];
  private SeriesDetector detector;
  private SeriesDetector ensemble;
  private SeriesDetector seasonalEnsemble;
  private double mean;
  private double variance;

  @Setup
  public void setUp() {
    var random = new SplittableRandom(42);
    for (int i = 0; i < SAMPLES; i++) values[i] = 150 + 15 * gaussian(random);
    detector = new ZScoreRulesDetector(ZScoreRules.DEFAULTS).create();
    for (int round = 0; round < 4; round++) { // past warm-up: the steady-state path
      for (int i = 0; i < SAMPLES; i++) detector.update(i, values[i]);
    }
    for (int i = 0; i < SEASONAL_SAMPLES; i++) {
      seasonal[i] = 150 + 40 * Math.sin(2 * Math.PI * i / PERIOD) + 5 * gaussian(random);
    }
    ensemble = new EnsembleDetector().create();
    seasonalEnsemble = new EnsembleDetector().create();
    for (int round = 0; round < 8; round++) { // past warm-up and the first period searches
      for (int i = 0; i < SAMPLES; i++) ensemble.update(i, values[i]);
      for (int i = 0; i < SEASONAL_SAMPLES; i++) seasonalEnsemble.update(i, seasonal[i]);
    }
    mean = 150;
    variance = 225;
  }

  /** A bounded, roughly normal draw (shared by the detector benchmarks of this package). */
  static double gaussian(SplittableRandom random) {
    double sum = 0;
    for (int i = 0; i < 12; i++) sum += random.nextDouble();
    return sum - 6; // Irwin-Hall: bounded, so the series never drifts
  }

  @Benchmark
  @OperationsPerInvocation(SAMPLES)
  public void zScoreRulesUpdate(Blackhole bh) {
    for (int i = 0; i < SAMPLES; i++) {
      Verdict v = detector.update(i, values[i]);
      bh.consume(v);
    }
  }

  @Benchmark
  @OperationsPerInvocation(SAMPLES)
  public void ensembleUpdate(Blackhole bh) {
    for (int i = 0; i < SAMPLES; i++) bh.consume(ensemble.update(i, values[i]));
  }

  @Benchmark
  @OperationsPerInvocation(SEASONAL_SAMPLES)
  public void ensembleUpdateSeasonal(Blackhole bh) {
    for (int i = 0; i < SEASONAL_SAMPLES; i++) bh.consume(seasonalEnsemble.update(i, seasonal[i]));
  }

  @Benchmark
  @OperationsPerInvocation(SAMPLES)
  public void plainLoopReference(Blackhole bh) {
    double alpha = 1.0 / 1000;
    for (int i = 0; i < SAMPLES; i++) {
      double x = values[i];
      double z = (x - mean) / Math.sqrt(variance);
      double d = x - mean;
      mean += alpha * d;
      variance = (1 - alpha) * (variance + alpha * d * d);
      bh.consume(z);
    }
  }
}
