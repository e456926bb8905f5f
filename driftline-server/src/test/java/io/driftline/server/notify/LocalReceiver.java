package io.driftline.server.notify;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP receiver on loopback (JDK HttpServer) that records every request and answers from a
 * script, the way Slack's incoming webhooks answer: {@code 200 ok} unless told otherwise.
 */
final class LocalReceiver implements AutoCloseable {
  record Received(String method, String path, Map<String, List<String>> headers, String body) {
    String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst()
          .orElse(null);
    }
  }

  record Answer(int status, String body, Map<String, String> headers) {
    static Answer of(int status, String body) {
      return new Answer(status, body, Map.of());
    }
  }

  private final HttpServer server;
  private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
  private final Deque<Answer> script = new ArrayDeque<>();
  private volatile java.util.concurrent.CountDownLatch gate =
      new java.util.concurrent.CountDownLatch(0);

  private LocalReceiver(HttpServer server) {
    this.server = server;
  }

  static LocalReceiver start() {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      LocalReceiver receiver = new LocalReceiver(server);
      server.createContext("/", receiver::handle);
      server.start();
      return receiver;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The next requests get these answers, in order; after them, {@code 200 ok}. */
  synchronized LocalReceiver answer(Answer... answers) {
    script.addAll(List.of(answers));
    return this;
  }

  /** Requests are recorded at once but answered only after {@link #release()}. */
  void hold() {
    gate = new java.util.concurrent.CountDownLatch(1);
  }

  void release() {
    gate.countDown();
  }

  private synchronized Answer next() {
    return script.isEmpty() ? Answer.of(200, "ok") : script.poll();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    received.add(
        new Received(
            exchange.getRequestMethod(),
            exchange.getRequestURI().getPath(),
            Map.copyOf(exchange.getRequestHeaders()),
            body));
    try {
      gate.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Answer answer = next();
    answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
    exchange.getResponseHeaders().add("Content-Type", "text/html");
    byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
    try (var out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  /** The next request received, waiting for it at most {@code timeout} (delivery is async). */
  Received take(Duration timeout) throws InterruptedException {
    Received r = received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (r == null) throw new AssertionError("no request arrived within " + timeout);
    return r;
  }

  /** Requests received so far and not taken. */
  List<Received> drain() {
    List<Received> out = new java.util.ArrayList<>();
    received.drainTo(out);
    return out;
  }

  @Override
  public void close() {
    release();
    server.stop(0);
  }
}
