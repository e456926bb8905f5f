package io.driftline.storage.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SampleChunkTest {

  @Test
  void roundTripsSamplesOutOfTimeOrderWithExtremeValues() {
    List<SampleChunk.Entry> in =
        List.of(
            new SampleChunk.Entry(5, 1_700_000_000_000L, 1.5),
            new SampleChunk.Entry(6, 1_699_999_999_000L, -0.0),
            new SampleChunk.Entry(900, 1_700_000_500_000L, Double.MAX_VALUE),
            new SampleChunk.Entry(901, 0L, -Double.MIN_VALUE),
            new SampleChunk.Entry(Long.MAX_VALUE / 2, Long.MAX_VALUE / 4, 42));
    SampleChunk.Builder builder = new SampleChunk.Builder();
    in.forEach(e -> builder.add(e.seq(), e.epochMillis(), e.value()));

    List<SampleChunk.Entry> out = new ArrayList<>();
    SampleChunk.decode(builder.bytes(), (s, t, v) -> out.add(new SampleChunk.Entry(s, t, v)));

    assertThat(out).isEqualTo(in);
    assertThat(builder.minSeq()).isEqualTo(5);
    assertThat(builder.maxSeq()).isEqualTo(Long.MAX_VALUE / 2);
    assertThat(builder.minTs()).isZero();
    assertThat(builder.maxTs()).isEqualTo(Long.MAX_VALUE / 4);
    assertThat(builder.count()).isEqualTo(5);
  }

  @Test
  void regularSamplesCostAboutThirteenBytes() {
    SplittableRandom random = new SplittableRandom(3);
    SampleChunk.Builder builder = new SampleChunk.Builder();
    long seq = 1_000_000;
    for (int i = 0; i < 1000; i++) {
      seq += 1 + random.nextInt(1000);
      builder.add(seq, 1_700_000_000_000L + 15_000L * i, random.nextDouble());
    }
    assertThat(builder.bytes().length).isBetween(12_500, 13_500);
  }

  @Test
  void refusesDescendingSequenceNumbers() {
    SampleChunk.Builder builder = new SampleChunk.Builder();
    builder.add(10, 1, 1);
    assertThatThrownBy(() -> builder.add(10, 2, 2)).isInstanceOf(IllegalArgumentException.class);
  }
}
