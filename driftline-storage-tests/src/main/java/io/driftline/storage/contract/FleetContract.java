package io.driftline.storage.contract;

import static io.driftline.storage.contract.FleetData.CLUSTER;
import static io.driftline.storage.contract.FleetData.HOUR;
import static io.driftline.storage.contract.FleetData.MINUTE;
import static io.driftline.storage.contract.FleetData.T0;
import static io.driftline.storage.contract.FleetData.change;
import static io.driftline.storage.contract.FleetData.event;
import static io.driftline.storage.contract.FleetData.group;
import static io.driftline.storage.contract.FleetData.pod;
import static io.driftline.storage.contract.FleetData.pods;
import static io.driftline.storage.contract.FleetData.recommendation;
import static io.driftline.storage.contract.FleetData.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.capacity.NodeGroup;
import io.driftline.change.ConfigChange;
import io.driftline.drift.DriftCategory;
import io.driftline.drift.DriftEvent;
import io.driftline.drift.DriftStatus;
import io.driftline.drift.Recommendation;
import io.driftline.drift.RecommendationStatus;
import io.driftline.drift.Severity;
import io.driftline.storage.DriftEventQuery;
import io.driftline.storage.PodMetricQuery;
import io.driftline.storage.StorageComponent;
import io.driftline.workload.PodMetric;
import io.driftline.workload.PodSignal;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * Pod metrics, capacity snapshots, config history, drift events and recommendations; run by {@link
 * StorageContract} as nested groups, one per store.
 */
final class FleetContract {
  private FleetContract() {}

  abstract static class PodMetrics {
    abstract StorageComponent storage();

    @Test
    void rowsOfOnePodComeBackOldestFirstWithinTheRange() {
      storage()
          .write(
              pods(
                  pod("app-1", "app", T0 + 2 * MINUTE, 120),
                  pod("app-1", "app", T0, 100),
                  pod("app-2", "app", T0 + MINUTE, 110),
                  pod("app-1", "app", T0 + 3 * HOUR, 90)));

      var found =
          storage()
              .podMetrics()
              .find(PodMetricQuery.pod(CLUSTER, "production", "app-1", T0, T0 + HOUR, 100, 0));

      assertThat(found)
          .containsExactly(pod("app-1", "app", T0, 100), pod("app-1", "app", T0 + 2 * MINUTE, 120));
    }

    @Test
    void workloadQueryCoversItsPodsAcrossHourPartitionsAndPages() {
      storage()
          .write(
              pods(
                  pod("a-1", "a", T0, 1),
                  pod("a-2", "a", T0, 2),
                  pod("a-1", "a", T0 + 90 * MINUTE, 3),
                  pod("b-1", "b", T0, 4)));

      var all =
          storage()
              .podMetrics()
              .find(PodMetricQuery.workload(CLUSTER, "production", "a", T0, T0 + 2 * HOUR, 100, 0));
      var page2 =
          storage()
              .podMetrics()
              .find(PodMetricQuery.workload(CLUSTER, "production", "a", T0, T0 + 2 * HOUR, 2, 2));

      assertThat(all).extracting(PodMetric::podName).containsExactly("a-1", "a-2", "a-1");
      assertThat(page2).containsExactly(pod("a-1", "a", T0 + 90 * MINUTE, 3));
    }

    @Test
    void theSamePodContainerAndTimeWrittenAgainReplacesTheRow() {
      storage().write(pods(pod("app-1", "app", T0, 100)));
      storage().write(pods(pod("app-1", "app", T0, 150)));

      assertThat(
              storage()
                  .podMetrics()
                  .find(PodMetricQuery.pod(CLUSTER, "production", "app-1", T0, T0 + 1, 10, 0)))
          .containsExactly(pod("app-1", "app", T0, 150));
    }

    @Test
    void everySignalContainerAndLabelsRoundTrip() {
      var values = new EnumMap<PodSignal, Double>(PodSignal.class);
      for (PodSignal s : PodSignal.values()) values.put(s, s.ordinal() + 0.25);
      var full =
          new PodMetric(
              CLUSTER,
              "production",
              "app-1",
              "app",
              Optional.of("main"),
              T0,
              Map.of("team", "payments", "zone", "東京"),
              values);
      storage().write(pods(full));

      assertThat(
              storage()
                  .podMetrics()
                  .find(PodMetricQuery.pod(CLUSTER, "production", "app-1", T0, T0 + 1, 10, 0)))
          .containsExactly(full);
    }

    @Test
    void deleteBeforeRemovesOlderRows() {
      storage().write(pods(pod("p", "w", T0, 1), pod("p", "w", T0 + HOUR, 2)));

      assertThat(storage().podMetrics().deleteBefore(T0 + 1)).isEqualTo(1);
      assertThat(
              storage()
                  .podMetrics()
                  .find(PodMetricQuery.pod(CLUSTER, "production", "p", 0, Long.MAX_VALUE, 10, 0)))
          .containsExactly(pod("p", "w", T0 + HOUR, 2));
    }
  }

  abstract static class Capacity {
    abstract StorageComponent storage();

    @Test
    void latestIsTheNewestSnapshotOfTheClusterWithItsGroupsInOrder() {
      storage().capacity().write(snapshot(CLUSTER, T0, group("general", 3)));
      var newest = snapshot(CLUSTER, T0 + HOUR, group("spot", 5), group("general", 4));
      storage().capacity().write(newest);
      storage().capacity().write(snapshot("other", T0 + 2 * HOUR, group("general", 1)));

      assertThat(storage().capacity().latest(CLUSTER)).contains(newest);
      assertThat(storage().capacity().latest("unknown")).isEmpty();
      assertThat(storage().capacity().clusters()).containsExactly("other", CLUSTER);
    }

    @Test
    void rangeIsOldestFirstAcrossDaysAndLimited() {
      for (int day = 0; day < 3; day++) {
        storage().capacity().write(snapshot(CLUSTER, T0 + day * 24 * HOUR, group("g", day + 1)));
      }

      assertThat(storage().capacity().range(CLUSTER, T0, T0 + 72 * HOUR, 2))
          .extracting(s -> s.nodeGroups().get(0).count())
          .containsExactly(1, 2);
      assertThat(storage().capacity().range(CLUSTER, T0 + 1, T0 + 72 * HOUR, 10)).hasSize(2);
    }

    @Test
    void writingTheSameTimeAgainReplacesEveryGroup() {
      storage().capacity().write(snapshot(CLUSTER, T0, group("a", 1), group("b", 2)));
      var again = snapshot(CLUSTER, T0, group("c", 3));
      storage().capacity().write(again);

      assertThat(storage().capacity().range(CLUSTER, T0, T0 + 1, 10)).containsExactly(again);
    }

    @Test
    void unknownPodCountRoundTripsAsEmpty() {
      var group = new NodeGroup("g", "m5.large", 1, 2, 8e9, 1, 4e9, 0.5, 2e9, OptionalLong.empty());
      storage().capacity().write(snapshot(CLUSTER, T0, group));

      assertThat(storage().capacity().latest(CLUSTER).orElseThrow().nodeGroups())
          .containsExactly(group);
    }
  }

  abstract static class ConfigHistory {
    abstract StorageComponent storage();

    @Test
    void changesOfAWorkloadComeNewestFirstWithinTheRange() {
      storage().configHistory().write(change("c1", "app", T0));
      storage().configHistory().write(change("c2", "app", T0 + HOUR));
      storage().configHistory().write(change("c3", "other", T0 + HOUR));
      storage().configHistory().write(change("c4", "app", T0 + 30 * HOUR));

      var found =
          storage()
              .configHistory()
              .find(
                  CLUSTER,
                  Optional.of("production"),
                  Optional.of("app"),
                  T0,
                  T0 + 24 * HOUR,
                  10,
                  0);

      assertThat(found).extracting(ConfigChange::changeId).containsExactly("c2", "c1");
      assertThat(
              storage()
                  .configHistory()
                  .find(CLUSTER, Optional.empty(), Optional.empty(), T0, T0 + 48 * HOUR, 2, 1))
          .extracting(ConfigChange::changeId)
          .containsExactly("c2", "c3");
    }

    @Test
    void getReturnsEveryFieldAndWritingTheSameIdReplaces() {
      storage().configHistory().write(change("c1", "app", T0));
      var replaced =
          new ConfigChange(
              "c1",
              CLUSTER,
              "production",
              "app",
              "replicas",
              T0 + 1,
              "alice",
              "{\"replicas\":3}",
              "{\"replicas\":5}");
      storage().configHistory().write(replaced);

      assertThat(storage().configHistory().get("c1")).contains(replaced);
      assertThat(storage().configHistory().get("nope")).isEmpty();
    }
  }

  abstract static class DriftEvents {
    abstract StorageComponent storage();

    @Test
    void everyFieldRoundTripsAndTheSameIdReplaces() {
      var open =
          event("d1", "app", DriftCategory.LATENCY_DRIFT, T0, DriftStatus.OPEN)
              .withProbableCause("c1");
      storage().driftEvents().write(open);
      var resolved =
          open.acknowledged("bob", T0 + MINUTE)
              .resolved("driftline", T0 + HOUR, T0 + 50 * MINUTE, Severity.CRITICAL, 42);
      storage().driftEvents().write(resolved);

      assertThat(storage().driftEvents().get("d1")).contains(resolved);
      assertThat(storage().driftEvents().get("nope")).isEmpty();
    }

    @Test
    void openFindsTheUnresolvedEventOfTheWorkloadAndCategory() {
      storage()
          .driftEvents()
          .write(event("old", "app", DriftCategory.LATENCY_DRIFT, T0, DriftStatus.RESOLVED));
      storage()
          .driftEvents()
          .write(
              event(
                  "ack", "app", DriftCategory.LATENCY_DRIFT, T0 + HOUR, DriftStatus.ACKNOWLEDGED));
      storage()
          .driftEvents()
          .write(event("cpu", "app", DriftCategory.CPU_MEMORY_DRIFT, T0, DriftStatus.OPEN));

      assertThat(
              storage()
                  .driftEvents()
                  .open(CLUSTER, "production", "app", DriftCategory.LATENCY_DRIFT))
          .map(DriftEvent::driftId)
          .contains("ack");
      assertThat(storage().driftEvents().open(CLUSTER, "production", "app", DriftCategory.IO_DRIFT))
          .isEmpty();
      assertThat(
              storage()
                  .driftEvents()
                  .open(CLUSTER, "staging", "app", DriftCategory.CPU_MEMORY_DRIFT))
          .isEmpty();
    }

    @Test
    void findAppliesEveryFilterAndPagesNewestFirst() {
      storage()
          .driftEvents()
          .write(event("d1", "app", DriftCategory.LATENCY_DRIFT, T0, DriftStatus.OPEN));
      storage()
          .driftEvents()
          .write(
              event(
                  "d2", "app", DriftCategory.LATENCY_DRIFT, T0 + 24 * HOUR, DriftStatus.RESOLVED));
      storage()
          .driftEvents()
          .write(event("d3", "db", DriftCategory.IO_DRIFT, T0 + 48 * HOUR, DriftStatus.OPEN));

      assertThat(ids(DriftEventQuery.all(10))).containsExactly("d3", "d2", "d1");
      assertThat(
              ids(
                  new DriftEventQuery(
                      Optional.of(CLUSTER),
                      Optional.of("prod"),
                      Optional.of(LocalDate.parse("2024-01-16")),
                      Optional.of(LocalDate.parse("2024-01-17")),
                      Optional.empty(),
                      Optional.of(Severity.MAJOR),
                      Optional.empty(),
                      Optional.empty(),
                      Optional.of("production"),
                      10,
                      0)))
          .containsExactly("d3", "d2");
      assertThat(
              ids(
                  new DriftEventQuery(
                      Optional.empty(),
                      Optional.empty(),
                      Optional.empty(),
                      Optional.empty(),
                      Optional.of(DriftCategory.LATENCY_DRIFT),
                      Optional.empty(),
                      Optional.of(DriftStatus.OPEN),
                      Optional.of("app"),
                      Optional.empty(),
                      10,
                      0)))
          .containsExactly("d1");
      assertThat(
              ids(
                  new DriftEventQuery(
                      Optional.empty(),
                      Optional.of("staging"),
                      Optional.empty(),
                      Optional.empty(),
                      Optional.empty(),
                      Optional.empty(),
                      Optional.empty(),
                      Optional.empty(),
                      Optional.empty(),
                      10,
                      0)))
          .isEmpty();
      assertThat(
              ids(
                  new DriftEventQuery(
                      Optional.empty(),
                      Optional.empty(),
                      Optional.empty(),
                      Optional.empty(),
                      Optional.empty(),
                      Optional.empty(),
                      Optional.empty(),
                      Optional.empty(),
                      Optional.empty(),
                      1,
                      1)))
          .containsExactly("d2");
    }

    private List<String> ids(DriftEventQuery query) {
      return storage().driftEvents().find(query).stream().map(DriftEvent::driftId).toList();
    }
  }

  abstract static class Recommendations {
    abstract StorageComponent storage();

    @Test
    void byDriftOldestFirstAndByClusterNewestFirst() {
      storage().recommendations().write(recommendation("r1", "d1", T0));
      storage().recommendations().write(recommendation("r2", "d1", T0 + MINUTE));
      storage().recommendations().write(recommendation("r3", "d2", T0 + 2 * MINUTE));

      assertThat(storage().recommendations().forDrift("d1"))
          .extracting(Recommendation::recId)
          .containsExactly("r1", "r2");
      assertThat(storage().recommendations().forCluster(CLUSTER, 2, 0))
          .extracting(Recommendation::recId)
          .containsExactly("r3", "r2");
      assertThat(storage().recommendations().forCluster(CLUSTER, 10, 2))
          .extracting(Recommendation::recId)
          .containsExactly("r1");
    }

    @Test
    void decisionRoundTripsAndReplacesTheProposal() {
      var proposed = recommendation("r1", "d1", T0);
      storage().recommendations().write(proposed);
      var approved = proposed.decided(RecommendationStatus.APPROVED, "carol", T0 + HOUR);
      storage().recommendations().write(approved);

      assertThat(storage().recommendations().get("r1")).contains(approved);
      assertThat(storage().recommendations().get("nope")).isEmpty();
    }
  }
}
