package io.driftline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.health.HealthState;
import io.driftline.health.Transition;
import io.driftline.storage.InMemoryStorage;
import io.driftline.storage.WriteBatch;
import io.driftline.telemetry.Sample;
import io.driftline.telemetry.SeriesKey;
import io.driftline.telemetry.StoredSample;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class RetentionJobTest {
  private static final long NOW = 1_700_000_000_000L;
  private static final long HOUR = Duration.ofHours(1).toMillis();
  private static final SeriesKey KEY = SeriesKey.of("checkout", "latency_ms");

  private final InMemoryStorage storage = new InMemoryStorage();
  private final Clock clock = Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC);

  @Test
  void deletesSamplesOlderThanTheAgeAndKeepsTransitionsByDefault() {
    storage.write(
        new WriteBatch(
            List.of(
                sample(1, NOW - 3 * HOUR),
                sample(2, NOW - HOUR - 1),
                sample(3, NOW - HOUR),
                sample(4, NOW - 1)),
            List.of(transition(1, NOW - 3 * HOUR), transition(4, NOW - 1)),
            List.of(),
            OptionalLong.empty()));

    new RetentionJob(storage, clock, Duration.ofHours(1), Optional.empty()).run();

    assertThat(storage.samples().range(KEY, 0, Long.MAX_VALUE, 10))
        .extracting(StoredSample::seq)
        .containsExactly(3L, 4L);
    assertThat(storage.transitions().forService("checkout", 10))
        .extracting(Transition::seq)
        .containsExactly(4L, 1L);
  }

  @Test
  void deletesTransitionsOlderThanTheirOwnAgeWhenSet() {
    storage.write(
        new WriteBatch(
            List.of(sample(1, NOW - 3 * HOUR)),
            List.of(transition(1, NOW - 3 * HOUR), transition(2, NOW - 2 * HOUR + 1)),
            List.of(),
            OptionalLong.empty()));

    new RetentionJob(storage, clock, Duration.ofDays(1), Optional.of(Duration.ofHours(2))).run();

    assertThat(storage.samples().count()).isEqualTo(1);
    assertThat(storage.transitions().forService("checkout", 10))
        .extracting(Transition::seq)
        .containsExactly(2L);
  }

  @Test
  void aFailingPassDoesNotThrow() {
    storage.close();
    new RetentionJob(storage, clock, Duration.ofHours(1), Optional.empty()).run();
  }

  private static StoredSample sample(long seq, long epochMillis) {
    return new StoredSample(seq, new Sample(KEY, epochMillis, 100));
  }

  private static Transition transition(long seq, long epochMillis) {
    return new Transition(
        KEY,
        seq,
        epochMillis,
        HealthState.STABLE,
        HealthState.DRIFT_DETECTED,
        "severe",
        List.of(3.5, 3.6, 3.7, 3.8, 3.9));
  }
}
