package io.driftline.bench.detect;

import io.driftline.detect.IsolationForestDetector;
import io.driftline.detect.SeriesDetector;
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
 * What the golden signals detector ({@code detection.multivariate}) costs per row of three signals,
 * regrowths included (1,024 rows per invocation: 8 regrowths of 100 trees), against the reference
 * of the same run: the DriftWatch rules updating the three series of that row one by one, which the
 * service runs anyway. Both report time per row.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class IsolationForestUpdateBenchmark {
  static final int ROWS = 1024;

  private final double[][] rows = new double[ROWS][];
  private IsolationForestDetector.State forest;
  private final SeriesDetector[] univariate = new SeriesDetector[3];

  @Setup
  public void setUp() {
    var random = new SplittableRandom(42);
    for (int i = 0; i < ROWS; i++) {
      double load = 100 + 10 * DetectorUpdateBenchmark.gaussian(random);
      rows[i] =
          new double[] {
            50 + load / 2 + DetectorUpdateBenchmark.gaussian(random), load, 0.01 + load / 1e4
          };
    }
    forest = new IsolationForestDetector(IsolationForestDetector.Settings.DEFAULTS, 3).create();
    for (int c = 0; c < 3; c++)
      univariate[c] = new ZScoreRulesDetector(ZScoreRules.DEFAULTS).create();
    for (int round = 0; round < 2; round++) { // past warm-up and the first regrowths
      for (int i = 0; i < ROWS; i++) {
        forest.update(i, rows[i]);
        for (int c = 0; c < 3; c++) univariate[c].update(i, rows[i][c]);
      }
    }
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public void isolationForestRow(Blackhole bh) {
    for (int i = 0; i < ROWS; i++) bh.consume(forest.update(i, rows[i]));
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public void zScoreRulesThreeSeriesReference(Blackhole bh) {
    for (int i = 0; i < ROWS; i++) {
      for (int c = 0; c < 3; c++) bh.consume(univariate[c].update(i, rows[i][c]));
    }
  }
}
