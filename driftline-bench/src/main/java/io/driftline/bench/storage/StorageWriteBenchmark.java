package io.driftline.bench.storage;

import io.driftline.storage.InMemoryStorage;
import io.driftline.storage.StorageComponent;
import io.driftline.storage.WriteBatch;
import io.driftline.storage.sqlite.SqliteStorage;
import io.driftline.telemetry.Sample;
import io.driftline.telemetry.SeriesKey;
import io.driftline.telemetry.StoredSample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One group commit of 1000 samples over 100 services x 2 metrics, as {@code StorageWriter} issues
 * it: SQLite (WAL, synchronous=FULL: one fsync per commit, so this measures the disk too) and the
 * in-memory backend. The SQLite file goes to {@code -jvmArgsAppend -Ddriftline.bench.dir=DIR}
 * (default: the temp dir); put it on the disk you want to measure. Sequence numbers keep growing
 * across calls, as in the server. The in-memory backend is replaced every 1000 writes so the heap
 * stays bounded; that replacement is part of the measured cost (one call in a thousand). Each write
 * also moves the replay point, as the checkpoint barrier does, so SQLite's compaction of its sample
 * log runs inside the measurement.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class StorageWriteBenchmark {
  static final int BATCH = 1000;

  @Param({"sqlite", "memory"})
  String backend;

  private final List<SeriesKey> keys = new ArrayList<>();
  private final double[] values = new double[BATCH];
  private Path dir;
  private StorageComponent storage;
  private long nextSeq = 1;
  private long writes;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    for (int s = 0; s < 100; s++) {
      keys.add(SeriesKey.of("payment-service-" + s, "latency_ms"));
      keys.add(SeriesKey.of("payment-service-" + s, "payload_kb"));
    }
    var random = new SplittableRandom(42);
    for (int i = 0; i < BATCH; i++) values[i] = 100 + random.nextDouble() * 50;
    dir =
        Files.createTempDirectory(
            Path.of(
                System.getProperty("driftline.bench.dir", System.getProperty("java.io.tmpdir"))),
            "driftline-bench-");
    storage = open();
  }

  private StorageComponent open() {
    return backend.equals("sqlite")
        ? SqliteStorage.create(dir.resolve("bench.db"))
        : new InMemoryStorage();
  }

  @Benchmark
  public void write1000Samples() {
    long now = System.currentTimeMillis();
    List<StoredSample> batch = new ArrayList<>(BATCH);
    for (int i = 0; i < BATCH; i++) {
      batch.add(new StoredSample(nextSeq++, new Sample(keys.get(i % keys.size()), now, values[i])));
    }
    // the checkpoint barrier lags ingest (10 s in the server); here by 50,000 samples, so the
    // SQLite log is compacted into chunks every 100 writes and that cost is part of the average
    long replayFrom = Math.max(0, nextSeq - 1 - 50_000);
    storage.write(
        new WriteBatch(batch, List.of(), List.of(), java.util.OptionalLong.of(replayFrom)));
    if (backend.equals("memory") && ++writes % 1000 == 0) {
      storage.close();
      storage = open();
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    storage.close();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    }
  }
}
