package io.driftline.storage.contract;

import static io.driftline.storage.contract.ContractData.LATENCY;
import static io.driftline.storage.contract.ContractData.PAYLOAD;
import static io.driftline.storage.contract.ContractData.key;
import static io.driftline.storage.contract.ContractData.sample;
import static io.driftline.storage.contract.ContractData.samples;
import static io.driftline.storage.contract.StorageContract.scanAfter;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.storage.StorageComponent;
import io.driftline.telemetry.SeriesKey;
import io.driftline.telemetry.StoredSample;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link io.driftline.storage.SampleStore} behaviour; run by {@link StorageContract}. */
abstract class SampleContract {
  abstract StorageComponent storage();

  @Test
  void rangeIncludesFromAndExcludesTo() {
    storage()
        .write(
            samples(
                sample(1, LATENCY, 999, 1), sample(2, LATENCY, 1_000, 2),
                sample(3, LATENCY, 1_999, 3), sample(4, LATENCY, 2_000, 4)));

    assertThat(storage().samples().range(LATENCY, 1_000, 2_000, 10))
        .extracting(StoredSample::seq)
        .containsExactly(2L, 3L);
  }

  @Test
  void rangeIsOldestFirstThenBySeq() {
    storage()
        .write(
            samples(
                sample(1, LATENCY, 3_000, 1), sample(2, LATENCY, 1_000, 2),
                sample(3, LATENCY, 2_000, 3), sample(4, LATENCY, 1_000, 4)));

    assertThat(storage().samples().range(LATENCY, 0, 5_000, 10))
        .extracting(StoredSample::seq)
        .containsExactly(2L, 4L, 3L, 1L);
  }

  @Test
  void rangeStopsAtLimitKeepingTheOldest() {
    storage()
        .write(
            samples(
                sample(1, LATENCY, 1_000, 1),
                sample(2, LATENCY, 2_000, 2),
                sample(3, LATENCY, 3_000, 3)));

    assertThat(storage().samples().range(LATENCY, 0, 5_000, 2))
        .extracting(StoredSample::seq)
        .containsExactly(1L, 2L);
  }

  @Test
  void rangeOfAnUnknownSeriesIsEmpty() {
    storage().write(samples(sample(1, LATENCY, 1_000, 1)));

    assertThat(storage().samples().range(key("billing", "latency_ms"), 0, 5_000, 10)).isEmpty();
  }

  @Test
  void labelSetsMakeDistinctSeries() {
    var eu = key("checkout", "latency_ms", Map.of("region", "eu"));
    var us = key("checkout", "latency_ms", Map.of("region", "us"));
    var euCanary = key("checkout", "latency_ms", Map.of("region", "eu", "track", "canary"));
    storage()
        .write(
            samples(
                sample(1, LATENCY, 1_000, 1), sample(2, eu, 1_000, 2),
                sample(3, us, 1_000, 3), sample(4, euCanary, 1_000, 4)));

    assertThat(storage().samples().range(LATENCY, 0, 5_000, 10))
        .extracting(StoredSample::seq)
        .containsExactly(1L);
    assertThat(storage().samples().range(eu, 0, 5_000, 10))
        .extracting(StoredSample::seq)
        .containsExactly(2L);
    assertThat(storage().samples().range(us, 0, 5_000, 10))
        .extracting(StoredSample::seq)
        .containsExactly(3L);
    assertThat(storage().samples().range(euCanary, 0, 5_000, 10))
        .extracting(StoredSample::seq)
        .containsExactly(4L);
  }

  @Test
  void labelsAndValuesRoundTripExactly() {
    var key =
        key(
            "zahlungs-dienst ✓",
            "latency_ms",
            Map.of("region", "東京", "team", "équipe, a=b", "emoji", "🚀"));
    var stored = sample(1, key, 1_700_000_000_123L, 0.1 + 0.2);
    var tiny = sample(2, key, 1_700_000_000_124L, Double.MIN_VALUE);
    var huge = sample(3, key, 1_700_000_000_125L, Double.MAX_VALUE);
    storage().write(samples(stored, tiny, huge));

    assertThat(storage().samples().range(key, 0, Long.MAX_VALUE, 10))
        .containsExactly(stored, tiny, huge);
    assertThat(storage().samples().series("zahlungs-dienst ✓")).containsExactly(key);
  }

  @Test
  void scanAfterVisitsLaterSamplesAscendingAndExcludesTheGivenSeq() {
    storage().write(samples(sample(1, LATENCY, 5_000, 1), sample(2, PAYLOAD, 4_000, 2)));
    storage().write(samples(sample(3, LATENCY, 3_000, 3), sample(4, PAYLOAD, 2_000, 4)));

    assertThat(scanAfter(storage(), 2)).extracting(StoredSample::seq).containsExactly(3L, 4L);
    assertThat(scanAfter(storage(), 0))
        .extracting(StoredSample::seq)
        .containsExactly(1L, 2L, 3L, 4L);
    assertThat(scanAfter(storage(), 4)).isEmpty();
  }

  @Test
  void scanAfterHandsOverWholeSamples() {
    var labelled = key("checkout", "latency_ms", Map.of("pod", "a-1"));
    var stored = sample(7, labelled, 1_234, 56.75);
    storage().write(samples(stored));

    assertThat(scanAfter(storage(), 0)).containsExactly(stored);
  }

  @Test
  void maxSeqIsZeroWhenEmptyAndTheHighestStoredOtherwise() {
    assertThat(storage().samples().maxSeq()).isZero();

    storage().write(samples(sample(5, LATENCY, 9_000, 1), sample(9, PAYLOAD, 1_000, 2)));

    assertThat(storage().samples().maxSeq()).isEqualTo(9);
  }

  @Test
  void countCountsEverySampleOfEverySeries() {
    assertThat(storage().samples().count()).isZero();

    storage().write(samples(sample(1, LATENCY, 1, 1), sample(2, PAYLOAD, 1, 2)));
    storage().write(samples(sample(3, key("billing", "latency_ms"), 1, 3)));

    assertThat(storage().samples().count()).isEqualTo(3);
  }

  @Test
  void seriesListsEachSeriesOfTheServiceOnce() {
    var labelled = key("checkout", "latency_ms", Map.of("region", "eu"));
    storage()
        .write(
            samples(
                sample(1, LATENCY, 1, 1),
                sample(2, LATENCY, 2, 1),
                sample(3, PAYLOAD, 1, 2),
                sample(4, labelled, 1, 3),
                sample(5, key("billing", "latency_ms"), 1, 4)));

    assertThat(storage().samples().series("checkout"))
        .containsExactlyInAnyOrder(LATENCY, PAYLOAD, labelled);
    assertThat(storage().samples().series("unknown")).isEmpty();
  }

  @Test
  void deleteBeforeRemovesOnlyOlderSamplesAndCountsThem() {
    storage()
        .write(
            samples(
                sample(1, LATENCY, 1_000, 1), sample(2, PAYLOAD, 1_500, 2),
                sample(3, LATENCY, 2_000, 3), sample(4, PAYLOAD, 2_500, 4)));

    assertThat(storage().samples().deleteBefore(2_000)).isEqualTo(2);

    assertThat(scanAfter(storage(), 0)).extracting(StoredSample::seq).containsExactly(3L, 4L);
    assertThat(storage().samples().count()).isEqualTo(2);
    assertThat(storage().samples().deleteBefore(2_000)).isZero();
  }

  @Test
  void seriesWithoutSamplesLeftIsNoLongerListed() {
    SeriesKey old = key("checkout", "queue_depth");
    storage().write(samples(sample(1, old, 1_000, 1), sample(2, LATENCY, 3_000, 2)));

    storage().samples().deleteBefore(2_000);

    assertThat(storage().samples().series("checkout")).containsExactly(LATENCY);
  }
}
