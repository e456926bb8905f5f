package io.driftline.sources.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RemoteWriteDecoderTest {
  @Test
  void decodesSeriesWithLabelsAndSamples() throws Exception {
    byte[] body =
        new RemoteWriteEncoder()
            .series(
                Map.of("__name__", "up", "job", "node", "instance", "n1:9100"), 1000, 1, 2000, 0)
            .series(Map.of("__name__", "temp"), 3000, 21.5)
            .snappy();

    List<RemoteWriteDecoder.Series> series = RemoteWriteDecoder.decode(body, 1 << 20);

    assertThat(series).hasSize(2);
    assertThat(series.get(0).labels())
        .containsExactly(
            Map.entry("__name__", "up"),
            Map.entry("instance", "n1:9100"),
            Map.entry("job", "node"));
    assertThat(series.get(0).timestamps()).containsExactly(1000, 2000);
    assertThat(series.get(0).values()).containsExactly(1.0, 0.0);
    assertThat(series.get(1).values()).containsExactly(21.5);
  }

  @Test
  void anEmptyRequestHasNoSeries() throws Exception {
    assertThat(RemoteWriteDecoder.decode(RemoteWriteEncoder.snappy(new byte[0]), 100)).isEmpty();
  }

  @Test
  void anUncompressedBodyIsRefusedNamingSnappy() {
    byte[] raw = new RemoteWriteEncoder().series(Map.of("__name__", "up"), 1, 1).protobuf();
    assertThatThrownBy(() -> RemoteWriteDecoder.decode(raw, 1 << 20))
        .isInstanceOf(RemoteWriteDecoder.MalformedRequestException.class)
        .hasMessageContaining("snappy");
  }

  @Test
  void garbageInsideValidSnappyIsRefusedNamingProtobuf() {
    byte[] body =
        RemoteWriteEncoder.snappy("{\"not\":\"protobuf\"}".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> RemoteWriteDecoder.decode(body, 1 << 20))
        .isInstanceOf(RemoteWriteDecoder.MalformedRequestException.class)
        .hasMessageContaining("protobuf WriteRequest");
  }

  @Test
  void aBodyExpandingBeyondTheLimitIsRefusedBeforeItIsExpanded() {
    byte[] body = RemoteWriteEncoder.snappy(new byte[10_000]);
    assertThatThrownBy(() -> RemoteWriteDecoder.decode(body, 1000))
        .hasMessageContaining("expands to 10000 bytes, more than the 1000 allowed");
  }
}
