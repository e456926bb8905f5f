package io.driftline.bench.telemetry;

import io.driftline.telemetry.SeriesKey;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Building a {@link SeriesKey}: validating service, metric and labels, and sorting the labels.
 * Every decoded sample builds one, so this is paid per sample on the request thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SeriesKeyBenchmark {
  private final String service = "payment-authorization-prod";
  private final Map<String, String> labels =
      Map.of("region", "eu-west-1", "pod", "payments-7f9c-x2");

  @Benchmark
  public SeriesKey withoutLabels() {
    return new SeriesKey(service, "latency_ms", Map.of());
  }

  @Benchmark
  public SeriesKey withTwoLabels() {
    return new SeriesKey(service, "latency_ms", labels);
  }

  /** Hashing is what map lookups of the key (series ids, detector state) pay. */
  @Benchmark
  public int hashOfFreshKey() {
    return new SeriesKey(service, "latency_ms", labels).hashCode();
  }
}
