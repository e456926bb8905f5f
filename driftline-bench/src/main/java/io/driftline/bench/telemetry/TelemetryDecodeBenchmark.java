package io.driftline.bench.telemetry;

import io.driftline.server.telemetry.TelemetryDecoder;
import io.driftline.server.telemetry.TelemetryRecord;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JSON body to validated records, as {@code POST /v1/telemetry} and {@code /v1/telemetry/batch} do
 * it: one DriftWatch object, and a batch of 1000 as a JSON array and as NDJSON.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TelemetryDecodeBenchmark {
  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  static final int BATCH = 1000;

  private TelemetryDecoder decoder;
  private byte[] one;
  private byte[] array;
  private byte[] ndjson;

  @Setup
  public void setUp() {
    decoder =
        new TelemetryDecoder(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(5), 100_000);
    var random = new SplittableRandom(42);
    one = object(random, 0).getBytes(StandardCharsets.UTF_8);
    StringBuilder a = new StringBuilder("[");
    StringBuilder n = new StringBuilder();
    for (int i = 0; i < BATCH; i++) {
      String o = object(random, i);
      a.append(i == 0 ? "" : ",").append(o);
      n.append(o).append('\n');
    }
    array = a.append(']').toString().getBytes(StandardCharsets.UTF_8);
    ndjson = n.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The seed's example shape, spread over 100 services. */
  static String object(SplittableRandom random, int i) {
    return "{\"service_id\": \"payment-service-"
        + (i % 100)
        + "\", \"latency_ms\": "
        + (100 + random.nextInt(10_000) / 100.0)
        + ", \"payload_kb\": "
        + (2 + random.nextInt(100) / 100.0)
        + ", \"timestamp\": \""
        + NOW.minusMillis(1000 - i)
        + "\"}";
  }

  @Benchmark
  public TelemetryRecord decodeOne() {
    return decoder.decodeOne(one);
  }

  @Benchmark
  public List<TelemetryRecord> decodeArrayOf1000() {
    return decoder.decodeArray(array);
  }

  @Benchmark
  public List<TelemetryRecord> decodeNdjsonOf1000() {
    return decoder.decodeNdjson(ndjson);
  }
}
