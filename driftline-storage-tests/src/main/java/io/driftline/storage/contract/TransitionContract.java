package io.driftline.storage.contract;

import static io.driftline.storage.contract.ContractData.LATENCY;
import static io.driftline.storage.contract.ContractData.PAYLOAD;
import static io.driftline.storage.contract.ContractData.key;
import static io.driftline.storage.contract.ContractData.transition;
import static io.driftline.storage.contract.ContractData.transitions;
import static io.driftline.storage.contract.StorageContract.audit;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.detect.AnomalySeverity;
import io.driftline.health.HealthState;
import io.driftline.health.Transition;
import io.driftline.storage.StorageComponent;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link io.driftline.storage.TransitionStore} behaviour; run by {@link StorageContract}. */
abstract class TransitionContract {
  abstract StorageComponent storage();

  @Test
  void newestBySeqComesFirst() {
    storage()
        .write(
            transitions(
                transition(LATENCY, 20, 1_000, "severe"),
                transition(PAYLOAD, 30, 500, "moderate")));
    storage().write(transitions(transition(LATENCY, 10, 3_000, "baseline_ready")));

    assertThat(audit(storage(), "checkout"))
        .extracting(Transition::seq)
        .containsExactly(30L, 20L, 10L);
  }

  @Test
  void limitKeepsTheNewest() {
    storage()
        .write(
            transitions(
                transition(LATENCY, 1, 1_000, "a"),
                transition(LATENCY, 2, 2_000, "b"),
                transition(LATENCY, 3, 3_000, "c")));

    assertThat(storage().transitions().forService("checkout", 2))
        .extracting(Transition::seq)
        .containsExactly(3L, 2L);
  }

  @Test
  void otherServicesAreNotIncluded() {
    storage()
        .write(
            transitions(
                transition(LATENCY, 1, 1_000, "severe"),
                transition(key("billing", "latency_ms"), 2, 1_000, "severe")));

    assertThat(audit(storage(), "checkout")).extracting(Transition::seq).containsExactly(1L);
    assertThat(audit(storage(), "unknown")).isEmpty();
  }

  @Test
  void rewritingTheSameSeriesAndSeqKeepsTheFirstRecord() {
    var first = transition(LATENCY, 7, 1_000, "severe");
    var replayed =
        new Transition(
            LATENCY,
            7,
            1_001,
            HealthState.INSUFFICIENT_DATA,
            HealthState.STABLE,
            "baseline_ready",
            List.of(0.0));
    storage().write(transitions(first));

    storage().write(transitions(replayed));
    storage().write(transitions(first, replayed));

    assertThat(audit(storage(), "checkout")).containsExactly(first);
  }

  @Test
  void sameSeqInSeriesThatDifferOnlyInLabelsIsKeptForEach() {
    // label values may hold ", " and "=": a key built from the map's text form would merge these
    var one = key("checkout", "latency_ms", Map.of("a", "x, b=y"));
    var two = key("checkout", "latency_ms", Map.of("a", "x", "b", "y"));
    storage().write(transitions(transition(one, 5, 1_000, "severe")));
    storage().write(transitions(transition(two, 5, 1_000, "moderate")));

    assertThat(audit(storage(), "checkout"))
        .extracting(Transition::series)
        .containsExactlyInAnyOrder(one, two);
  }

  @Test
  void everyFieldRoundTripsIncludingZScores() {
    var labelled = key("checkout", "latency_ms", Map.of("region", "東京"));
    var drift =
        new Transition(
            labelled,
            3,
            1_700_000_000_000L,
            HealthState.STABLE,
            HealthState.DRIFT_DETECTED,
            "severe",
            List.of(3.2, -4.000000000000001, 1e9, -0.0),
            Optional.of(AnomalySeverity.EMERGENCY));
    var empty =
        new Transition(
            labelled,
            4,
            1_700_000_000_001L,
            HealthState.INSUFFICIENT_DATA,
            HealthState.STABLE,
            "baseline_ready",
            List.of());
    storage().write(transitions(drift, empty));

    assertThat(audit(storage(), "checkout")).containsExactly(empty, drift);
  }

  @Test
  void everySeverityRoundTripsAndAnAbsentOneStaysAbsent() {
    List<Transition> written = new java.util.ArrayList<>();
    for (AnomalySeverity severity : AnomalySeverity.values()) {
      written.add(withSeverity(10 + severity.ordinal(), Optional.of(severity)));
    }
    written.add(withSeverity(20, Optional.empty()));
    storage().write(transitions(written.toArray(Transition[]::new)));

    assertThat(audit(storage(), "checkout"))
        .extracting(Transition::seq, Transition::severity)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(20L, Optional.empty()),
            org.assertj.core.groups.Tuple.tuple(13L, Optional.of(AnomalySeverity.EMERGENCY)),
            org.assertj.core.groups.Tuple.tuple(12L, Optional.of(AnomalySeverity.CRITICAL)),
            org.assertj.core.groups.Tuple.tuple(11L, Optional.of(AnomalySeverity.WARNING)),
            org.assertj.core.groups.Tuple.tuple(10L, Optional.of(AnomalySeverity.INFO)));
  }

  private static Transition withSeverity(long seq, Optional<AnomalySeverity> severity) {
    return new Transition(
        LATENCY,
        seq,
        1_000 * seq,
        HealthState.STABLE,
        HealthState.DRIFT_DETECTED,
        "ensemble",
        List.of(5.0),
        severity);
  }

  @Test
  void deleteBeforeRemovesOnlyOlderTransitionsAndCountsThem() {
    storage()
        .write(
            transitions(
                transition(LATENCY, 1, 1_000, "a"),
                transition(PAYLOAD, 2, 1_999, "b"),
                transition(LATENCY, 3, 2_000, "c")));

    assertThat(storage().transitions().deleteBefore(2_000)).isEqualTo(2);

    assertThat(audit(storage(), "checkout")).extracting(Transition::seq).containsExactly(3L);
    assertThat(storage().transitions().deleteBefore(2_000)).isZero();
  }
}
