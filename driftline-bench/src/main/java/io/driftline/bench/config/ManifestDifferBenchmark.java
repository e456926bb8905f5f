package io.driftline.bench.config;

import io.driftline.config.DiffOptions;
import io.driftline.config.DiffResult;
import io.driftline.config.ManifestDiffer;
import io.driftline.config.SecretMasker;
import java.util.List;
import java.util.Map;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link ManifestDiffer} on realistic Deployment pairs ({@link DeploymentPairs}: server defaults,
 * managedFields and status on the live side, drift in one pair of ten), one pair per operation,
 * cycling over 1024 pairs so caches see a working set. One thread: the figure is pairs per second
 * per core (issue 6's target is 10,000). The reference in the same run deep-copies both trees of
 * the pair: one full walk of each, the least any differ that normalises must do.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Threads(1)
@Fork(1)
public class ManifestDifferBenchmark {
  private List<DeploymentPairs.Pair> pairs;
  private ManifestDiffer differ;
  private int next;

  @Setup
  public void setUp() {
    pairs = DeploymentPairs.generate(1024, 42);
    differ =
        new ManifestDiffer(
            DiffOptions.defaults().withManager("argocd-controller"),
            new SecretMasker(new byte[16]));
  }

  private DeploymentPairs.Pair pair() {
    DeploymentPairs.Pair p = pairs.get(next);
    next = (next + 1) & 1023;
    return p;
  }

  @Benchmark
  public DiffResult diffPair() {
    DeploymentPairs.Pair p = pair();
    return differ.diff(p.desired(), p.live());
  }

  @Benchmark
  public int deepCopyPairReference() {
    DeploymentPairs.Pair p = pair();
    Map<String, Object> a = DeploymentPairs.deepCopy(p.desired());
    Map<String, Object> b = DeploymentPairs.deepCopy(p.live());
    return a.size() + b.size();
  }
}
