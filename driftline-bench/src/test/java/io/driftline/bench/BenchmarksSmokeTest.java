package io.driftline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Calls every benchmark method once, in this JVM, so a benchmark broken by a change of the code it
 * measures fails the build. It measures nothing: the numbers come from {@code benchmarks.jar}.
 */
class BenchmarksSmokeTest {

  @Test
  void everyBenchmarkRunsOnce() throws Exception {
    // a measurement run elsewhere on the machine holds /tmp/jmh.lock; one iteration in-process
    // does not disturb it
    System.setProperty("jmh.ignoreLock", "true");
    var options =
        new OptionsBuilder()
            .include("io\\.driftline\\.bench\\..*")
            .forks(0)
            .mode(Mode.SingleShotTime)
            .warmupIterations(0)
            .measurementIterations(1)
            .measurementBatchSize(1)
            .verbosity(VerboseMode.SILENT)
            .shouldFailOnError(true)
            .build();

    Collection<RunResult> results = new Runner(options).run();

    // 17 methods; ShardRouter and StorageWrite run once per @Param value
    assertThat(results).hasSize(20);
  }
}
