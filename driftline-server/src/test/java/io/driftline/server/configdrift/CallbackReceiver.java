package io.driftline.server.configdrift;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.driftline.server.http.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The manager's callback endpoint: a real HTTP server on loopback that records what it gets. */
final class CallbackReceiver implements AutoCloseable {
  private final HttpServer server;
  private final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
  final AtomicInteger attempts = new AtomicInteger();
  private final AtomicInteger failFirst = new AtomicInteger();

  CallbackReceiver() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/v1/callback",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          attempts.incrementAndGet();
          int status = failFirst.getAndDecrement() > 0 ? 503 : 204;
          if (status == 204) received.add(Json.MAPPER.readTree(body));
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/callback";
  }

  /** The next {@code n} attempts are answered 503. */
  void failNext(int n) {
    failFirst.set(n);
  }

  /**
   * The next accepted callback; waits for an event, not for a time (the bound only ends a hang).
   */
  JsonNode next() throws InterruptedException {
    JsonNode n = received.poll(30, TimeUnit.SECONDS);
    if (n == null) throw new AssertionError("no callback arrived");
    return n;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
