package io.driftline.server.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The event-loop client against a scripted server on loopback: answers split into three-byte
 * writes, chunked, ending with the connection, never coming, or not HTTP at all.
 */
class SelectorClientTest {
  private ServerSocket listener;
  private final AtomicInteger requests = new AtomicInteger();

  @AfterEach
  void stop() throws IOException {
    if (listener != null) listener.close();
  }

  /** Answers the requests of every connection with {@code answers} in turn; null: no answer. */
  private URI serve(List<String> answers) throws IOException {
    listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofPlatform()
        .daemon()
        .start(
            () -> {
              while (!listener.isClosed()) {
                try {
                  Socket s = listener.accept();
                  Thread.ofPlatform().daemon().start(() -> answer(s, answers));
                } catch (IOException e) {
                  return;
                }
              }
            });
    return URI.create("http://127.0.0.1:" + listener.getLocalPort() + "/v1/telemetry");
  }

  private void answer(Socket s, List<String> answers) {
    try (s) {
      s.setTcpNoDelay(true);
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      while (readRequest(in)) {
        String answer = answers.get(requests.getAndIncrement() % answers.size());
        if (answer == null) {
          in.readAllBytes(); // hold the request unanswered until the client gives up
          return;
        }
        byte[] bytes = answer.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < bytes.length; i += 3) {
          out.write(bytes, i, Math.min(3, bytes.length - i));
          out.flush();
        }
        if (answer.contains("Connection: close") || !answer.contains("\r\n\r\n")) return;
      }
    } catch (IOException e) {
      // the client went away
    }
  }

  /** Reads one request's head and its Content-Length body; false at the end of the stream. */
  private static boolean readRequest(InputStream in) throws IOException {
    var head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) return false;
      head.write(b);
    }
    var length =
        java.util.regex.Pattern.compile("Content-Length: (\\d+)")
            .matcher(head.toString(StandardCharsets.ISO_8859_1));
    if (length.find()) in.readNBytes(Integer.parseInt(length.group(1)));
    return true;
  }

  private static LoadReport run(URI target, double rate, Duration timeout) throws Exception {
    var plan =
        new LoadPlan(
            target,
            LoadPlan.Mode.SINGLE,
            1,
            5,
            rate,
            1,
            Duration.ofMillis(400),
            Duration.ZERO,
            timeout,
            7,
            LoadPlan.Client.NIO);
    return new LoadGenerator(plan, new PrintStream(OutputStream.nullOutputStream())).run();
  }

  @Test
  void readsEveryKindOfAnswerAndReconnectsAfterAClose() throws Exception {
    URI target =
        serve(
            java.util.Arrays.asList(
                "HTTP/1.1 202 Accepted\r\nContent-Length: 5\r\n\r\nhello",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nwiki\r\n0\r\n\r\n",
                "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 1\r\nContent-Length: 0\r\n\r\n",
                "HTTP/1.1 201 Created\r\nConnection: close\r\n\r\nuntil the end"));

    var report = run(target, 0, Duration.ofSeconds(5));

    assertThat(report.errors()).isEmpty();
    assertThat(report.statuses()).containsOnlyKeys("200", "201", "202", "429");
    assertThat(report.requests()).isGreaterThanOrEqualTo(8);
    long answered = report.statuses().values().stream().mapToLong(Long::longValue).sum();
    assertThat(answered).isEqualTo(report.requests());
  }

  @Test
  void anAnswerThatDoesNotComeIsATimeoutAndTheRunGoesOn() throws Exception {
    URI target =
        serve(
            java.util.Arrays.asList(null, "HTTP/1.1 202 Accepted\r\nContent-Length: 2\r\n\r\nok"));

    var report = run(target, 0, Duration.ofMillis(150));

    assertThat(report.errors()).containsKey("SocketTimeoutException: no answer within PT0.15S");
    assertThat(report.statuses()).containsKey("202");
  }

  @Test
  void whatIsNotHttpIsAnErrorNamingIt() throws Exception {
    URI target = serve(List.of("garbage\r\n"));

    var report = run(target, 20, Duration.ofSeconds(5));

    assertThat(report.errors())
        .containsOnlyKeys("IOException: not an HTTP/1.x status line: garbage");
    assertThat(report.statuses()).isEmpty();
    assertThat(report.clean()).isFalse();
  }
}
