package io.driftline.server.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class BodiesTest {
  private static final long LIMIT = 5_000;

  @Test
  void aBodyOfDeclaredLengthIsReadWhole() throws IOException {
    byte[] body = "{\"service_id\":\"a\",\"latency_ms\":1}".getBytes(UTF_8);

    assertThat(Bodies.read(trickling(body), body.length, LIMIT)).isEqualTo(body);
  }

  @Test
  void aBodyOfUnknownLengthIsReadToItsEndAcrossBufferGrowth() throws IOException {
    byte[] body = "x".repeat(4_321).getBytes(UTF_8); // past the first 1 KB buffer, three doublings

    assertThat(Bodies.read(trickling(body), -1, LIMIT)).isEqualTo(body);
  }

  @Test
  void aDeclaredLengthOverTheLimitIs413BeforeAnythingIsRead() throws IOException {
    InputStream never =
        new InputStream() {
          @Override
          public int read() {
            throw new AssertionError("the body was read");
          }
        };

    ApiError error =
        catchThrowableOfType(ApiError.class, () -> Bodies.read(never, LIMIT + 1, LIMIT));

    assertThat(error.status()).isEqualTo(413);
    assertThat(error.getMessage()).contains("5001 bytes").contains("limit of 5000");
  }

  @Test
  void anUndeclaredBodyOverTheLimitIs413() {
    byte[] body = new byte[(int) LIMIT + 1];

    ApiError error =
        catchThrowableOfType(ApiError.class, () -> Bodies.read(trickling(body), -1, LIMIT));

    assertThat(error.status()).isEqualTo(413);
    assertThat(error.getMessage())
        .startsWith("request body exceeds the limit of 5000 bytes (server.max_body_bytes)");
  }

  @Test
  void anUndeclaredBodyOfExactlyTheLimitIsAccepted() throws IOException {
    byte[] body = new byte[(int) LIMIT];

    assertThat(Bodies.read(trickling(body), -1, LIMIT)).hasSize((int) LIMIT);
  }

  @Test
  void aBodyShorterThanDeclaredIs400() {
    byte[] body = "{\"service_id\"".getBytes(UTF_8);

    ApiError error =
        catchThrowableOfType(ApiError.class, () -> Bodies.read(trickling(body), 100, LIMIT));

    assertThat(error.status()).isEqualTo(400);
    assertThat(error.getMessage()).contains("13 of 100 bytes");
  }

  @Test
  void anEmptyBodyIsAnEmptyArrayHereAndA400ForRoutesThatNeedOne() throws IOException {
    for (long declared : new long[] {0, -1}) {
      assertThat(Bodies.read(new ByteArrayInputStream(new byte[0]), declared, LIMIT)).isEmpty();
    }
  }

  /** Hands out at most 7 bytes per read, as a socket may. */
  private static InputStream trickling(byte[] bytes) {
    return new ByteArrayInputStream(bytes) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, 7));
      }
    };
  }
}
