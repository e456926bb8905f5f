package io.driftline.server.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Answers fed whole, in pieces of every size, and one byte at a time must read the same. */
class ResponseParserTest {
  private static final String CHUNKED =
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4;x=y\r\nwiki\r\n5\r\npedia\r\n0\r\n"
          + "Trailer: t\r\n\r\n";

  /** Feeds {@code text} in pieces of {@code piece} bytes; returns the bytes consumed. */
  private static int feed(ResponseParser parser, String text, int piece) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
    int consumed = 0;
    for (int i = 0; i < bytes.length && !parser.done(); i += piece) {
      int n = Math.min(piece, bytes.length - i);
      int used = parser.feed(bytes, i, n);
      consumed += used;
      if (used < n) break;
    }
    return consumed;
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 7, 64, 4096})
  void readsALengthAChunkedBodyAndANoBodyStatus(int piece) throws IOException {
    var parser = new ResponseParser();
    String accepted = "HTTP/1.1 202 Accepted\r\nContent-Length: 5\r\n\r\nhello";

    parser.reset();
    assertThat(feed(parser, accepted + "HTTP/1.1 500", piece)).isEqualTo(accepted.length());
    assertThat(parser.done()).isTrue();
    assertThat(parser.status()).isEqualTo(202);
    assertThat(parser.closeAfter()).isFalse();

    parser.reset();
    assertThat(feed(parser, CHUNKED, piece)).isEqualTo(CHUNKED.length());
    assertThat(parser.done()).isTrue();
    assertThat(parser.status()).isEqualTo(200);

    parser.reset();
    feed(parser, "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n", piece);
    assertThat(parser.done()).isTrue();
    assertThat(parser.status()).isEqualTo(204);
    assertThat(parser.closeAfter()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 5, 4096})
  void aBodyWithoutALengthEndsWithTheConnection(int piece) throws IOException {
    var parser = new ResponseParser();
    parser.reset();
    feed(parser, "HTTP/1.0 200 OK\r\n\r\nuntil the end", piece);
    assertThat(parser.done()).isFalse();

    parser.endOfStream();

    assertThat(parser.done()).isTrue();
    assertThat(parser.status()).isEqualTo(200);
    assertThat(parser.closeAfter()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort|connection closed inside a response body",
        "HTTP/1.1 200 OK\r\nContent-Le|connection closed by the server",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nabc"
            + "|connection closed inside a response body",
        "|connection closed by the server"
      })
  void anAnswerCutShortIsAnEndOfFile(String example) throws IOException {
    String[] parts = example.split("\\|");
    var parser = new ResponseParser();
    parser.reset();
    feed(parser, parts[0], 3);

    assertThatThrownBy(parser::endOfStream).isInstanceOf(EOFException.class).hasMessage(parts[1]);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "garbage\r\n|not an HTTP/1.x status line: garbage",
        "HTTP/1.1 2xx Odd\r\n|not an HTTP/1.x status line: HTTP/1.1 2xx Odd",
        "HTTP/1.1 200 OK\r\nContent-Length: ten\r\n|not a Content-Length: ten",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n|not a chunk size: zz"
      })
  void whatCannotBeAnAnswerIsAnError(String example) {
    String[] parts = example.split("\\|");
    var parser = new ResponseParser();
    parser.reset();

    assertThatThrownBy(() -> feed(parser, parts[0], 4))
        .isInstanceOf(IOException.class)
        .hasMessage(parts[1]);
  }

  @org.junit.jupiter.api.Test
  void anEndlessLineIsRefused() {
    var parser = new ResponseParser();
    parser.reset();

    assertThatThrownBy(() -> feed(parser, "HTTP/1.1 200 " + "x".repeat(20_000), 1000))
        .isInstanceOf(IOException.class)
        .hasMessage("response line longer than 16384 bytes");
  }
}
