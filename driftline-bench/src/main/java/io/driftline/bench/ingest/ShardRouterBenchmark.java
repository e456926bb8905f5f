package io.driftline.bench.ingest;

import io.driftline.ingest.ShardRouter;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@link ShardRouter#shardOf} per sample, as the writer does when it hands committed samples to the
 * shards. {@code freshStrings} routes service names decoded anew (hash not yet cached, as after
 * JSON decoding); {@code cached} routes the same String instances again.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ShardRouterBenchmark {
  static final int SERVICES = 1024;

  @Param({"2", "16"})
  int shards;

  private final String[] names = new String[SERVICES];
  private final char[][] raw = new char[SERVICES][];
  private ShardRouter router;

  @Setup
  public void setUp() {
    router = new ShardRouter(shards);
    for (int i = 0; i < SERVICES; i++) {
      names[i] = "payment-service-" + i + "-prod";
      raw[i] = names[i].toCharArray();
    }
  }

  @Benchmark
  @OperationsPerInvocation(SERVICES)
  public void cached(Blackhole bh) {
    for (String name : names) bh.consume(router.shardOf(name));
  }

  @Benchmark
  @OperationsPerInvocation(SERVICES)
  public void freshStrings(Blackhole bh) {
    for (char[] name : raw) bh.consume(router.shardOf(new String(name)));
  }
}
