package io.driftline.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftline.detect.AnomalySeverity;
import io.driftline.health.HealthState;
import io.driftline.health.Transition;
import io.driftline.storage.DriftEventQuery;
import io.driftline.storage.InMemoryStorage;
import io.driftline.telemetry.SeriesKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DriftTrackerTest {
  static final String APP = "prod-us-east-1/production/checkout";
  static final long T0 = Instant.parse("2026-01-12T10:00:00Z").toEpochMilli();
  static final long MINUTE = 60_000;

  final InMemoryStorage storage = new InMemoryStorage();
  final DriftTracker tracker =
      new DriftTracker(
          storage,
          DriftSettings.DEFAULTS,
          Clock.fixed(Instant.ofEpochMilli(T0 + 90 * MINUTE), ZoneOffset.UTC));

  static Transition drift(String service, String metric, long seq, long at, double z) {
    return new Transition(
        SeriesKey.of(service, metric),
        seq,
        at,
        HealthState.STABLE,
        HealthState.DRIFT_DETECTED,
        "severe",
        List.of(z, z, z, z, z));
  }

  static Transition recovery(String metric, long seq, long at) {
    return new Transition(
        SeriesKey.of(APP, metric),
        seq,
        at,
        HealthState.DRIFT_DETECTED,
        HealthState.STABLE,
        "recovery",
        List.of(0.1));
  }

  List<DriftEvent> events() {
    return storage.driftEvents().find(DriftEventQuery.all(100));
  }

  @Test
  void replayedTransitionsNeitherDuplicateNorReopenEvents() {
    var enter = drift(APP, "latency_p95_ms", 10, T0, 5);
    var leave = recovery("latency_p95_ms", 20, T0 + MINUTE);
    tracker.committed(List.of(enter));
    tracker.committed(List.of(enter));
    assertThat(events()).hasSize(1);

    tracker.committed(List.of(leave));
    tracker.committed(List.of(enter, leave)); // a restart replays both

    assertThat(events())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.status()).isEqualTo(DriftStatus.RESOLVED);
              assertThat(e.endMillis()).hasValue(T0 + MINUTE);
            });
  }

  @Test
  void signalsOfOneCategoryShareOneEventThatResolvesWhenTheLastRecovers() {
    tracker.committed(
        List.of(
            drift(APP, "latency_p95_ms", 1, T0, 3.5),
            drift(APP, "latency_p99_ms", 2, T0 + MINUTE, 3.5),
            drift(APP, "cpu_cores", 3, T0 + MINUTE, 3.5)));
    tracker.committed(List.of(recovery("latency_p95_ms", 4, T0 + 2 * MINUTE)));

    var latency =
        storage
            .driftEvents()
            .open("prod-us-east-1", "production", "checkout", DriftCategory.LATENCY_DRIFT)
            .orElseThrow();
    assertThat(latency.signals()).containsExactly("latency_p99_ms");
    assertThat(events())
        .extracting(DriftEvent::category)
        .containsExactlyInAnyOrder(DriftCategory.LATENCY_DRIFT, DriftCategory.CPU_MEMORY_DRIFT);

    tracker.committed(List.of(recovery("latency_p99_ms", 5, T0 + 3 * MINUTE)));
    assertThat(storage.driftEvents().get(latency.driftId()).orElseThrow().status())
        .isEqualTo(DriftStatus.RESOLVED);
  }

  @Test
  void severityGrowsWithDistanceAndWithTimeOpen() {
    tracker.committed(
        List.of(
            drift(APP, "latency_p95_ms", 1, T0, 3.5),
            drift(APP, "error_rate", 2, T0, 4.5),
            drift(APP, "throughput_rps", 3, T0, 7)));
    assertThat(events())
        .extracting(e -> e.category() + "=" + e.severity())
        .containsExactlyInAnyOrder(
            "LATENCY_DRIFT=MINOR", "ERROR_RATE_DRIFT=MAJOR", "THROUGHPUT_DRIFT=CRITICAL");

    tracker.committed(List.of(recovery("latency_p95_ms", 4, T0 + 20 * MINUTE)));

    assertThat(
            storage.driftEvents().find(DriftEventQuery.all(10)).stream()
                .filter(e -> e.category() == DriftCategory.LATENCY_DRIFT)
                .findFirst()
                .orElseThrow()
                .severity())
        .isEqualTo(Severity.MAJOR);
  }

  /** An ensemble alarm: one modest z, the severity of the calibrated score. */
  static Transition alarm(String metric, long seq, long at, double z, AnomalySeverity evidence) {
    return new Transition(
        SeriesKey.of(APP, metric),
        seq,
        at,
        HealthState.STABLE,
        HealthState.DRIFT_DETECTED,
        "ensemble",
        List.of(z),
        Optional.of(evidence));
  }

  @Test
  void severityFollowsTheDetectorsEvidenceWhenItsZIsModest() {
    tracker.committed(
        List.of(
            alarm("latency_p95_ms", 1, T0, 2.5, AnomalySeverity.EMERGENCY),
            alarm("error_rate", 2, T0, 2.5, AnomalySeverity.CRITICAL),
            alarm("throughput_rps", 3, T0, 2.5, AnomalySeverity.WARNING),
            alarm("cpu_usage", 4, T0, 7, AnomalySeverity.INFO)));

    assertThat(events())
        .extracting(e -> e.category() + "=" + e.severity() + " " + e.detectionMethod())
        .containsExactlyInAnyOrder(
            "LATENCY_DRIFT=CRITICAL ensemble",
            "ERROR_RATE_DRIFT=MAJOR ensemble",
            "THROUGHPUT_DRIFT=MINOR ensemble",
            "CPU_MEMORY_DRIFT=CRITICAL ensemble"); // |z| 7 still counts: the larger wins
  }

  @Test
  void evidenceSeverityOfAJoiningSignalRaisesTheOpenEventAndDurationStillEscalates() {
    var checkout = io.driftline.workload.WorkloadId.parse(APP).orElseThrow();
    tracker.committed(List.of(alarm("latency_p95_ms", 1, T0, 2, AnomalySeverity.WARNING)));
    assertThat(events().get(0).severity()).isEqualTo(Severity.MINOR);

    tracker.committed(
        List.of(alarm("latency_p99_ms", 2, T0 + MINUTE, 2, AnomalySeverity.CRITICAL)));
    assertThat(events()).singleElement().extracting(DriftEvent::severity).isEqualTo(Severity.MAJOR);

    tracker.progressed(java.util.Map.of(checkout, T0 + 60 * MINUTE));
    assertThat(events().get(0).severity()).isEqualTo(Severity.CRITICAL);
  }

  @Test
  void evidenceMapsInfoAndWarningToMinorCriticalToMajorEmergencyToCritical() {
    assertThat(
            java.util.Arrays.stream(AnomalySeverity.values())
                .map(DriftSettings::severityOfEvidence))
        .containsExactly(Severity.MINOR, Severity.MINOR, Severity.MAJOR, Severity.CRITICAL);
  }

  @Test
  void aChangeShortlyBeforeTheStartIsTheProbableCauseEvenWhenReportedLate() {
    var early =
        new io.driftline.change.ConfigChange(
            "c0",
            "prod-us-east-1",
            "production",
            "checkout",
            "image",
            T0 - 3 * 60 * MINUTE,
            "ci",
            "1",
            "2");
    var change =
        new io.driftline.change.ConfigChange(
            "c1",
            "prod-us-east-1",
            "production",
            "checkout",
            "image",
            T0 - 10 * MINUTE,
            "ci",
            "{\"image\":\"a:1\"}",
            "{\"image\":\"a:2\"}");
    tracker.changeRecorded(early);
    tracker.committed(List.of(drift(APP, "latency_p95_ms", 1, T0, 5)));
    assertThat(events().get(0).probableCause()).isEmpty();

    tracker.changeRecorded(change);

    var event = events().get(0);
    assertThat(event.probableCause()).contains("c1");
    assertThat(storage.recommendations().forDrift(event.driftId()))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.recommendationType()).isEqualTo("rollback");
              assertThat(r.recommendationJson()).contains("\"restore\": {\"image\":\"a:1\"}");
            });
  }

  @Test
  void anOpenEventEscalatesWithTheSampleTimeItHasBeenOpen() {
    var checkout = io.driftline.workload.WorkloadId.parse(APP).orElseThrow();
    tracker.committed(List.of(drift(APP, "latency_p95_ms", 1, T0, 3.5)));
    assertThat(events().get(0).severity()).isEqualTo(Severity.MINOR);

    tracker.progressed(java.util.Map.of(checkout, T0 + 14 * MINUTE));
    assertThat(events().get(0).severity()).isEqualTo(Severity.MINOR);
    tracker.progressed(java.util.Map.of(checkout, T0 + 15 * MINUTE));
    assertThat(events().get(0).severity()).isEqualTo(Severity.MAJOR);

    // a tracker started afresh (a restart) finds the open event in storage
    var restarted = new DriftTracker(storage, DriftSettings.DEFAULTS, Clock.systemUTC());
    restarted.progressed(java.util.Map.of(checkout, T0 + 60 * MINUTE));
    assertThat(events().get(0).severity()).isEqualTo(Severity.CRITICAL);
  }

  @Test
  void otherServicesAndUnmappedMetricsMakeNoEvents() {
    tracker.committed(
        List.of(
            drift("payment-authorization-prod", "latency_ms", 1, T0, 9),
            drift(APP, "queue_depth", 2, T0, 9)));

    assertThat(events()).isEmpty();
  }

  @Test
  void statusChangesFollowTheLifeOfAnEvent() {
    tracker.committed(List.of(drift(APP, "latency_p95_ms", 1, T0, 5)));
    String id = events().get(0).driftId();

    assertThat(
            tracker
                .changeStatus(id, DriftStatus.ACKNOWLEDGED, "alice")
                .orElseThrow()
                .acknowledgedBy())
        .contains("alice");
    assertThatThrownBy(() -> tracker.changeStatus(id, DriftStatus.OPEN, "bob"))
        .isInstanceOf(IllegalStateException.class);
    assertThat(tracker.changeStatus(id, DriftStatus.RESOLVED, "bob").orElseThrow().endMillis())
        .hasValue(T0 + 90 * MINUTE);
    assertThat(tracker.changeStatus("nope", DriftStatus.RESOLVED, "bob")).isEmpty();
  }

  @Test
  void confidenceIsTheNormalProbabilityWithinTheMedianZ() {
    assertThat(DriftTracker.confidence(List.of(3.0, -3.0, 3.0))).isEqualTo(0.9973);
    assertThat(DriftTracker.confidence(List.of(1.0))).isEqualTo(0.6827);
    assertThat(DriftTracker.confidence(List.of())).isZero();
  }

  @Test
  void categoryMappingTakesTheLongestPrefix() {
    var settings =
        new DriftSettings(
            "prod",
            DriftSettings.parseCategories("latency_=LATENCY_DRIFT, latency_p99=IO_DRIFT"),
            4,
            6,
            java.time.Duration.ofMinutes(1),
            java.time.Duration.ofMinutes(2),
            java.time.Duration.ofHours(1));

    assertThat(settings.category("latency_p99_ms")).contains(DriftCategory.IO_DRIFT);
    assertThat(settings.category("latency_p50_ms")).contains(DriftCategory.LATENCY_DRIFT);
    assertThat(settings.category("cpu_cores")).isEmpty();
    assertThatThrownBy(() -> DriftSettings.parseCategories("cpu_=COST_DRIFT"))
        .hasMessageContaining("COST_DRIFT");
  }
}
