package io.driftline.storage.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SampleBatchTest {
  record Entry(long seq, long seriesId, long epochMillis, double value) {}

  private static List<Entry> roundTrip(SampleBatch.Builder builder) {
    List<Entry> out = new ArrayList<>();
    SampleBatch.decode(builder.bytes(), (s, id, t, v) -> out.add(new Entry(s, id, t, v)));
    return out;
  }

  @Test
  void roundTripsSamplesInAnyOrderWithExtremeValues() {
    List<Entry> in =
        List.of(
            new Entry(7, 3, 1_700_000_000_000L, 1.5),
            new Entry(5, 0, 1_699_999_999_000L, -0.0),
            new Entry(900, Long.MAX_VALUE, 1_700_000_500_000L, Double.MAX_VALUE),
            new Entry(901, 12, 0L, -Double.MIN_VALUE),
            new Entry(Long.MAX_VALUE / 2, 1, Long.MAX_VALUE / 4, Double.NaN),
            new Entry(1, 2, -86_400_000L, 42));
    SampleBatch.Builder builder = new SampleBatch.Builder(in.size());
    in.forEach(e -> builder.add(e.seq(), e.seriesId(), e.epochMillis(), e.value()));

    assertThat(roundTrip(builder)).isEqualTo(in);
    assertThat(builder.minSeq()).isEqualTo(1);
    assertThat(builder.maxSeq()).isEqualTo(Long.MAX_VALUE / 2);
    assertThat(builder.minTs()).isEqualTo(-86_400_000L);
    assertThat(builder.maxTs()).isEqualTo(Long.MAX_VALUE / 4);
    assertThat(builder.count()).isEqualTo(6);
  }

  @Test
  void aCommitOfSamplesOverAThousandSeriesCostsAboutFourteenBytesEach() {
    SplittableRandom random = new SplittableRandom(5);
    SampleBatch.Builder builder = new SampleBatch.Builder(1000);
    for (int i = 0; i < 1000; i++) {
      builder.add(
          1_000_000 + i,
          1 + random.nextInt(1000),
          1_700_000_000_000L + random.nextInt(60_000),
          random.nextDouble());
    }
    assertThat(builder.bytes().length).isBetween(13_000, 15_000);
    assertThat(roundTrip(builder)).hasSize(1000);
  }

  @Test
  void anEmptyBlobHoldsNoSamples() {
    assertThat(roundTrip(new SampleBatch.Builder(0))).isEmpty();
  }

  @Test
  void refusesANegativeSeriesId() {
    SampleBatch.Builder builder = new SampleBatch.Builder(1);
    assertThatThrownBy(() -> builder.add(1, -1, 1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("series id");
  }

  @Test
  void aTruncatedBlobFailsInsteadOfInventingSamples() {
    SampleBatch.Builder builder = new SampleBatch.Builder(1);
    builder.add(1, 1, 1_000, 1.0);
    byte[] whole = builder.bytes();
    byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 3);
    assertThatThrownBy(() -> SampleBatch.decode(cut, (s, id, t, v) -> {}))
        .isInstanceOf(RuntimeException.class);
  }
}
