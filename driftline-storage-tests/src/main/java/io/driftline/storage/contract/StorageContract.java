package io.driftline.storage.contract;

import static io.driftline.storage.contract.ContractData.LATENCY;
import static io.driftline.storage.contract.ContractData.PAYLOAD;
import static io.driftline.storage.contract.ContractData.checkpoint;
import static io.driftline.storage.contract.ContractData.checkpoints;
import static io.driftline.storage.contract.ContractData.key;
import static io.driftline.storage.contract.ContractData.sample;
import static io.driftline.storage.contract.ContractData.samples;
import static io.driftline.storage.contract.ContractData.transition;
import static io.driftline.storage.contract.ContractData.transitions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.driftline.health.Transition;
import io.driftline.storage.ServiceCheckpoint;
import io.driftline.storage.StorageComponent;
import io.driftline.storage.WriteBatch;
import io.driftline.telemetry.StoredSample;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link StorageComponent} must show. A backend's test extends this class and
 * supplies {@link #newStorage()}; a backend that persists also overrides {@link #reopen} so the
 * durability tests run instead of being skipped.
 *
 * <p>Modelled on Zipkin's {@code ITStorage}: one published suite, run against real backends, so a
 * new backend is done when this passes. Sample and transition reads live in {@link SampleContract}
 * and {@link TransitionContract}, which this class runs as nested groups.
 */
public abstract class StorageContract {
  /** The storage under test; replaced by the reopened one in durability tests. */
  protected StorageComponent storage;

  /** A fresh, empty backend. Called once per test. */
  protected abstract StorageComponent newStorage();

  /**
   * The same data opened again after {@code closed} was closed, or null when the backend keeps
   * nothing across a close (the durability tests are then skipped).
   */
  protected StorageComponent reopen(StorageComponent closed) {
    return null;
  }

  @BeforeEach
  void openStorage() {
    storage = newStorage();
  }

  @AfterEach
  void closeStorage() {
    storage.close();
  }

  /** Closes the storage and continues with the reopened one, or skips the test. */
  protected void closeAndReopen() {
    storage.close();
    StorageComponent again = reopen(storage);
    assumeTrue(again != null, "backend does not persist across close");
    storage = again;
  }

  @Nested
  class Samples extends SampleContract {
    @Override
    StorageComponent storage() {
      return storage;
    }
  }

  @Nested
  class Transitions extends TransitionContract {
    @Override
    StorageComponent storage() {
      return storage;
    }
  }

  @Nested
  class PodMetrics extends FleetContract.PodMetrics {
    @Override
    StorageComponent storage() {
      return storage;
    }
  }

  @Nested
  class Capacity extends FleetContract.Capacity {
    @Override
    StorageComponent storage() {
      return storage;
    }
  }

  @Nested
  class ConfigHistory extends FleetContract.ConfigHistory {
    @Override
    StorageComponent storage() {
      return storage;
    }
  }

  @Nested
  class DriftEvents extends FleetContract.DriftEvents {
    @Override
    StorageComponent storage() {
      return storage;
    }
  }

  @Nested
  class Recommendations extends FleetContract.Recommendations {
    @Override
    StorageComponent storage() {
      return storage;
    }
  }

  @Nested
  class DesiredState extends ConfigDriftContract.DesiredState {
    @Override
    StorageComponent storage() {
      return storage;
    }
  }

  @Nested
  class Remediations extends ConfigDriftContract.Remediations {
    @Override
    StorageComponent storage() {
      return storage;
    }
  }

  @Nested
  class AtomicWrite {
    @Test
    void oneWriteStoresSamplesTransitionsCheckpointsAndReplayFrom() {
      var stored = sample(1, LATENCY, 1_000, 12.5);
      var audit = transition(LATENCY, 1, 1_000, "severe");
      var state = checkpoint("checkout", 1, (byte) 7);

      storage.write(
          new WriteBatch(List.of(stored), List.of(audit), List.of(state), OptionalLong.of(1)));

      assertThat(storage.samples().range(LATENCY, 0, 2_000, 10)).containsExactly(stored);
      assertThat(storage.transitions().forService("checkout", 10)).containsExactly(audit);
      assertCheckpoints(storage.checkpoints().loadAll(), state);
      assertThat(storage.checkpoints().replayFrom()).isEqualTo(1);
    }

    @Test
    void emptyBatchChangesNothing() {
      storage.write(samples());

      assertThat(storage.samples().count()).isZero();
      assertThat(storage.checkpoints().replayFrom()).isZero();
    }

    @Test
    void writeAfterCloseThrows() {
      storage.close();

      assertThatThrownBy(() -> storage.write(samples(sample(1, LATENCY, 1, 1))))
          .isInstanceOf(RuntimeException.class);
    }

    @Test
    void readAfterCloseThrows() {
      storage.close();

      assertThatThrownBy(() -> storage.samples().count()).isInstanceOf(RuntimeException.class);
    }
  }

  @Nested
  class Checkpoints {
    @Test
    void freshStorageHasNoCheckpointsAndReplaysFromZero() {
      assertThat(storage.checkpoints().loadAll()).isEmpty();
      assertThat(storage.checkpoints().replayFrom()).isZero();
    }

    @Test
    void latestCheckpointOfAServiceWins() {
      storage.write(
          checkpoints(
              OptionalLong.empty(),
              checkpoint("checkout", 5, (byte) 1),
              checkpoint("billing", 6, (byte) 2)));
      storage.write(checkpoints(OptionalLong.empty(), checkpoint("checkout", 9, (byte) 3)));

      assertCheckpoints(
          storage.checkpoints().loadAll(),
          checkpoint("checkout", 9, (byte) 3),
          checkpoint("billing", 6, (byte) 2));
    }

    @Test
    void stateBytesRoundTripExactly() {
      byte[] every = new byte[256];
      for (int i = 0; i < every.length; i++) every[i] = (byte) i;
      storage.write(
          checkpoints(
              OptionalLong.empty(), checkpoint("checkout", 1, every), checkpoint("billing", 2)));

      assertCheckpoints(
          storage.checkpoints().loadAll(),
          checkpoint("checkout", 1, every),
          checkpoint("billing", 2));
    }

    @Test
    void replayFromChangesOnlyWhenABatchCarriesIt() {
      storage.write(checkpoints(OptionalLong.of(40)));
      storage.write(samples(sample(41, LATENCY, 1, 1)));
      assertThat(storage.checkpoints().replayFrom()).isEqualTo(40);

      storage.write(checkpoints(OptionalLong.of(41)));
      assertThat(storage.checkpoints().replayFrom()).isEqualTo(41);
    }
  }

  @Nested
  class Lifecycle {
    @Test
    void checkIsOkWhenOpen() {
      assertThat(storage.check().ok()).isTrue();
      assertThat(storage.check().error()).isEmpty();
    }

    @Test
    void checkAfterCloseReportsAFailureInsteadOfThrowing() {
      storage.close();

      assertThat(storage.check().ok()).isFalse();
    }

    @Test
    void sizeIsNeverNegative() {
      assertThat(storage.sizeBytes()).isNotNegative();
      storage.write(samples(sample(1, LATENCY, 1, 1)));
      assertThat(storage.sizeBytes()).isNotNegative();
    }

    @Test
    void closingTwiceIsHarmless() {
      storage.close();
      storage.close();
    }
  }

  @Nested
  class Durability {
    @Test
    void everythingWrittenSurvivesReopen() {
      var labelled = key("checkout", "latency_ms", Map.of("region", "eu-west", "zone", "ß-東京"));
      var first = sample(1, labelled, 1_000, 0.1 + 0.2);
      var second = sample(2, PAYLOAD, 1_001, 4.0);
      var audit = transition(labelled, 1, 1_000, "severe");
      storage.write(
          new WriteBatch(
              List.of(first, second),
              List.of(audit),
              List.of(checkpoint("checkout", 2, (byte) 0, (byte) -1)),
              OptionalLong.of(2)));

      closeAndReopen();

      assertThat(storage.samples().range(labelled, 0, 5_000, 10)).containsExactly(first);
      assertThat(storage.samples().maxSeq()).isEqualTo(2);
      assertThat(storage.samples().series("checkout")).containsExactlyInAnyOrder(labelled, PAYLOAD);
      assertThat(storage.transitions().forService("checkout", 10)).containsExactly(audit);
      assertCheckpoints(
          storage.checkpoints().loadAll(), checkpoint("checkout", 2, (byte) 0, (byte) -1));
      assertThat(storage.checkpoints().replayFrom()).isEqualTo(2);
    }

    @Test
    void fleetDataSurvivesReopen() {
      var pod = FleetData.pod("app-1", "app", FleetData.T0, 120);
      storage.write(FleetData.pods(pod));
      var snapshot = FleetData.snapshot(FleetData.CLUSTER, FleetData.T0, FleetData.group("g", 2));
      storage.capacity().write(snapshot);
      var change = FleetData.change("c1", "app", FleetData.T0);
      storage.configHistory().write(change);
      var event =
          FleetData.event(
              "d1",
              "app",
              io.driftline.drift.DriftCategory.IO_DRIFT,
              FleetData.T0,
              io.driftline.drift.DriftStatus.OPEN);
      storage.driftEvents().write(event);
      var rec = FleetData.recommendation("r1", "d1", FleetData.T0);
      storage.recommendations().write(rec);

      closeAndReopen();

      assertThat(
              storage
                  .podMetrics()
                  .find(
                      io.driftline.storage.PodMetricQuery.pod(
                          FleetData.CLUSTER, "production", "app-1", 0, Long.MAX_VALUE, 10, 0)))
          .containsExactly(pod);
      assertThat(storage.capacity().latest(FleetData.CLUSTER)).contains(snapshot);
      assertThat(storage.configHistory().get("c1")).contains(change);
      assertThat(storage.driftEvents().get("d1")).contains(event);
      assertThat(storage.recommendations().get("r1")).contains(rec);
    }

    @Test
    void configDriftStateSurvivesReopen() {
      var object =
          ConfigDriftContract.object(
              "Service team-platform/db", "deploy-1", "{\"kind\":\"Service\"}");
      storage.desiredState().put(object);
      var provision = ConfigDriftContract.provision("deploy-1", "team-platform", "db");
      storage.desiredState().put(provision);
      var audit = ConfigDriftContract.remediation("r1", object.key(), "applied", 5_000);
      storage.remediations().write(audit);

      closeAndReopen();

      assertThat(storage.desiredState().all()).containsExactly(object);
      assertThat(storage.desiredState().provision("deploy-1")).contains(provision);
      assertThat(storage.remediations().get("r1")).contains(audit);
    }

    @Test
    void writesAfterReopenExtendTheSameSeries() {
      storage.write(samples(sample(1, LATENCY, 1_000, 1)));
      closeAndReopen();

      storage.write(samples(sample(2, LATENCY, 2_000, 2), sample(3, PAYLOAD, 2_000, 3)));

      assertThat(storage.samples().range(LATENCY, 0, 5_000, 10))
          .extracting(StoredSample::seq)
          .containsExactly(1L, 2L);
      assertThat(storage.samples().range(PAYLOAD, 0, 5_000, 10))
          .extracting(StoredSample::seq)
          .containsExactly(3L);
    }

    @Test
    void writeRefusedAfterCloseLeavesNothingBehind() {
      storage.write(samples(sample(1, LATENCY, 1_000, 1)));
      storage.close();
      assertThatThrownBy(
              () ->
                  storage.write(
                      new WriteBatch(
                          List.of(sample(2, LATENCY, 2_000, 2)),
                              List.of(transition(LATENCY, 2, 2_000, "severe")),
                          List.of(checkpoint("checkout", 2)), OptionalLong.of(2))))
          .isInstanceOf(RuntimeException.class);

      closeAndReopen();

      assertThat(storage.samples().count()).isEqualTo(1);
      assertThat(storage.transitions().forService("checkout", 10)).isEmpty();
      assertThat(storage.checkpoints().loadAll()).isEmpty();
      assertThat(storage.checkpoints().replayFrom()).isZero();
    }

    @Test
    void deletionsSurviveReopen() {
      storage.write(samples(sample(1, LATENCY, 1_000, 1), sample(2, LATENCY, 3_000, 2)));
      storage.write(transitions(transition(LATENCY, 1, 1_000, "severe")));
      storage.samples().deleteBefore(2_000);
      storage.transitions().deleteBefore(2_000);

      closeAndReopen();

      assertThat(scanAfter(storage, 0)).extracting(StoredSample::seq).containsExactly(2L);
      assertThat(storage.transitions().forService("checkout", 10)).isEmpty();
    }
  }

  /**
   * Checkpoints compared by content: the record's own equals compares the byte array by identity.
   */
  static void assertCheckpoints(List<ServiceCheckpoint> actual, ServiceCheckpoint... expected) {
    assertThat(actual)
        .usingRecursiveFieldByFieldElementComparator()
        .containsExactlyInAnyOrder(expected);
  }

  static List<StoredSample> scanAfter(StorageComponent storage, long seq) {
    List<StoredSample> seen = new ArrayList<>();
    storage.samples().scanAfter(seq, seen::add);
    return seen;
  }

  static List<Transition> audit(StorageComponent storage, String service) {
    return storage.transitions().forService(service, Integer.MAX_VALUE);
  }
}
