package io.driftline.server.loadgen;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A connection's worth of the shared JDK {@link HttpClient}: one request in flight at a time. */
final class JdkHttpConnection implements HttpConnection {
  private final HttpClient http;
  private final URI target;
  private final Duration timeout;

  JdkHttpConnection(HttpClient http, URI target, Duration timeout) {
    this.http = http;
    this.target = target;
    this.timeout = timeout;
  }

  @Override
  public int send(byte[] body, String contentType) throws IOException, InterruptedException {
    var request = HttpRequest.newBuilder(target).timeout(timeout);
    if (body == null) {
      request.GET();
    } else {
      request
          .header("Content-Type", contentType)
          .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  @Override
  public void close() {
    // the pooled connection belongs to the shared client
  }
}
