package io.driftline.storage.sqlite;

import static io.driftline.storage.contract.ContractData.LATENCY;
import static io.driftline.storage.contract.ContractData.checkpoint;
import static io.driftline.storage.contract.ContractData.key;
import static io.driftline.storage.contract.ContractData.sample;
import static io.driftline.storage.contract.ContractData.samples;
import static io.driftline.storage.contract.ContractData.transition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftline.storage.WriteBatch;
import io.driftline.telemetry.StoredSample;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transaction behaviour the contract cannot provoke generically: failures inside a batch, races.
 */
class SqliteTransactionTest {
  @TempDir Path dir;
  SqliteStorage storage;

  @BeforeEach
  void open() {
    storage = SqliteStorage.create(dir.resolve("driftline.db"));
  }

  @AfterEach
  void close() {
    storage.close();
  }

  @Test
  void batchThatFailsHalfwayLeavesNothingVisible() {
    storage.write(samples(sample(1, LATENCY, 1_000, 1)));
    var fresh = key("checkout", "queue_depth");
    var failing =
        new WriteBatch(
            List.of(sample(2, fresh, 2_000, 2), sample(1, LATENCY, 3_000, 3)), // seq 1 is taken
            List.of(transition(fresh, 2, 2_000, "severe")),
            List.of(checkpoint("checkout", 2, (byte) 1)),
            OptionalLong.of(2));

    assertThatThrownBy(() -> storage.write(failing)).hasMessageContaining("writing batch");

    assertThat(storage.samples().count()).isEqualTo(1);
    assertThat(storage.samples().series("checkout")).containsExactly(LATENCY);
    assertThat(storage.transitions().forService("checkout", 10)).isEmpty();
    assertThat(storage.checkpoints().loadAll()).isEmpty();
    assertThat(storage.checkpoints().replayFrom()).isZero();
  }

  @Test
  void seriesCreatedByARolledBackBatchCanBeWrittenLater() {
    var fresh = key("checkout", "queue_depth");
    storage.write(samples(sample(1, LATENCY, 1_000, 1)));
    var reusesSeqOne = samples(sample(2, fresh, 1_000, 2), sample(1, LATENCY, 1, 1));
    assertThatThrownBy(() -> storage.write(reusesSeqOne)).isInstanceOf(RuntimeException.class);

    storage.write(samples(sample(3, fresh, 1_000, 3)));

    assertThat(storage.samples().range(fresh, 0, 5_000, 10))
        .containsExactly(sample(3, fresh, 1_000, 3));
  }

  @Test
  void readsSeeTheLastCommitWhileAWriteIsOpen() throws Exception {
    storage.write(samples(sample(1, LATENCY, 1_000, 1)));
    var inside = new CountDownLatch(1);
    var release = new CountDownLatch(1);
    var db = new SqliteDatabase(dir.resolve("driftline.db"));
    var openWrite =
        CompletableFuture.runAsync(
            () ->
                db.write(
                    "holding the write lock",
                    c -> {
                      var second = new SampleBatch.Builder(1);
                      second.add(2, 1, 2000, 2);
                      try (PreparedStatement insert = c.prepareStatement(SampleBatch.INSERT)) {
                        second.bind(insert);
                        insert.executeUpdate();
                      }
                      inside.countDown();
                      await(release);
                      return null;
                    }));
    try {
      assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();

      assertThat(storage.samples().count()).isEqualTo(1);
      assertThat(storage.samples().range(LATENCY, 0, 5_000, 10)).hasSize(1);
    } finally {
      release.countDown();
      openWrite.get(5, TimeUnit.SECONDS);
      db.close();
    }
    assertThat(storage.samples().count()).isEqualTo(2);
  }

  @Test
  void concurrentWritersAreSerialisedWithoutLosingSamples() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      var writes =
          IntStream.rangeClosed(1, 200)
              .mapToObj(
                  seq ->
                      CompletableFuture.runAsync(
                          () ->
                              storage.write(
                                  samples(
                                      sample(
                                          seq, key("svc-" + (seq % 7), "latency_ms"), seq, seq))),
                          pool))
              .toArray(CompletableFuture[]::new);
      CompletableFuture.allOf(writes).get(60, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }

    assertThat(storage.samples().count()).isEqualTo(200);
    assertThat(storage.samples().series("svc-3")).hasSize(1);
    List<StoredSample> seen = new ArrayList<>();
    storage.samples().scanAfter(0, seen::add);
    assertThat(seen).extracting(StoredSample::seq).isSorted().hasSize(200);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
