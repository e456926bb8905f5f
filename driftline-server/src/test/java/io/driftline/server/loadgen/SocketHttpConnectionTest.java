package io.driftline.server.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The load generator's HTTP client against a scripted server on loopback: answers arrive split into
 * small writes, with a length, chunked, or until the server closes.
 */
class SocketHttpConnectionTest {
  private ServerSocket listener;
  private Thread server;
  private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
  private final List<byte[]> firstReads = new ArrayList<>();
  private final ByteArrayOutputStream received = new ByteArrayOutputStream();

  @BeforeEach
  void start() throws IOException {
    listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    server = Thread.ofPlatform().daemon().start(this::serve);
  }

  @AfterEach
  void stop() throws Exception {
    listener.close();
    server.join(5_000);
  }

  /** Answers each request with the next scripted answer, three bytes per write. */
  private void serve() {
    while (!listener.isClosed()) {
      try (Socket s = listener.accept()) {
        s.setTcpNoDelay(true);
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream();
        byte[] buf = new byte[65536];
        while (true) {
          int n = in.read(buf);
          if (n < 0) break;
          synchronized (received) {
            firstReads.add(java.util.Arrays.copyOf(buf, n));
          }
          ByteArrayOutputStream request = new ByteArrayOutputStream();
          request.write(buf, 0, n);
          while (!complete(request.toString(StandardCharsets.ISO_8859_1))) {
            n = in.read(buf);
            if (n < 0) return;
            request.write(buf, 0, n);
          }
          synchronized (received) {
            request.writeTo(received);
          }
          String answer = answers.take();
          byte[] bytes = answer.getBytes(StandardCharsets.ISO_8859_1);
          for (int i = 0; i < bytes.length; i += 3) {
            out.write(bytes, i, Math.min(3, bytes.length - i));
            out.flush();
          }
          if (answer.contains("Connection: close")) break;
        }
      } catch (IOException | InterruptedException e) {
        return;
      }
    }
  }

  /** Whether {@code request} holds the head and all of the body its Content-Length announces. */
  private static boolean complete(String request) {
    int head = request.indexOf("\r\n\r\n");
    if (head < 0) return false;
    var length = java.util.regex.Pattern.compile("Content-Length: (\\d+)").matcher(request);
    int body = length.find() && length.start() < head ? Integer.parseInt(length.group(1)) : 0;
    return request.length() >= head + 4 + body;
  }

  private SocketHttpConnection connection() {
    return new SocketHttpConnection(
        URI.create("http://127.0.0.1:" + listener.getLocalPort() + "/v1/telemetry"),
        Duration.ofSeconds(5));
  }

  @Test
  void readsAnswersWithALengthOrChunkedOnOneConnection() throws Exception {
    answers.add("HTTP/1.1 202 Accepted\r\nContent-Length: 5\r\n\r\nhello");
    answers.add(
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4;x=y\r\nwiki\r\n5\r\npedia\r\n0\r\n"
            + "Trailer: t\r\n\r\n");
    answers.add("HTTP/1.1 429 Too Many Requests\r\nRetry-After: 1\r\nContent-Length: 0\r\n\r\n");
    try (var c = connection()) {
      assertThat(c.send("{\"a\":1}".getBytes(StandardCharsets.UTF_8), "application/json"))
          .isEqualTo(202);
      assertThat(c.send(null, null)).isEqualTo(200);
      assertThat(c.send(new byte[10_000], "application/json")).isEqualTo(429);
    }
    String sent = received.toString(StandardCharsets.ISO_8859_1);
    assertThat(sent)
        .startsWith(
            "POST /v1/telemetry HTTP/1.1\r\nHost: 127.0.0.1:"
                + listener.getLocalPort()
                + "\r\nContent-Type: application/json\r\nContent-Length: 7\r\n\r\n{\"a\":1}GET ");
    // a small POST leaves in one write: the server's first read holds the head and the body
    assertThat(new String(firstReads.get(0), StandardCharsets.ISO_8859_1)).endsWith("{\"a\":1}");
  }

  @Test
  void reconnectsAfterConnectionCloseAndReadsABodyUntilTheEnd() throws Exception {
    answers.add("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nuntil the end");
    answers.add("HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n");
    try (var c = connection()) {
      assertThat(c.send(null, null)).isEqualTo(200);
      assertThat(c.send(null, null)).isEqualTo(204);
    }
  }

  @Test
  void aResponseCutShortIsAnErrorAndTheNextRequestReconnects() throws Exception {
    answers.add("HTTP/1.1 200 OK\r\nContent-Length: 100\r\nConnection: close\r\n\r\nshort");
    answers.add("garbage\r\n\r\n");
    answers.add("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
    try (var c = connection()) {
      assertThatThrownBy(() -> c.send(null, null)).isInstanceOf(EOFException.class);
      assertThatThrownBy(() -> c.send(null, null))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("not an HTTP/1.x status line: garbage");
      assertThat(c.send(null, null)).isEqualTo(200);
    }
  }
}
