package io.driftline.server.loadgen;

import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * The bytes of one load request to a plain {@code http} URL: a GET, or a POST whose head and body
 * go out in one array, so they leave in one segment as most clients send a small POST (two writes
 * with TCP_NODELAY cost the server a second read).
 */
final class RequestEncoder {
  private final byte[] get;
  private final byte[] postHead;

  RequestEncoder(URI target) {
    if (!"http".equals(target.getScheme())) {
      throw new IllegalArgumentException(
          "the socket clients speak plain http only but the URL is " + target);
    }
    String path = target.getRawPath().isEmpty() ? "/" : target.getRawPath();
    if (target.getRawQuery() != null) path += "?" + target.getRawQuery();
    String host = "Host: " + target.getHost() + ":" + port(target) + "\r\n";
    this.get =
        ("GET " + path + " HTTP/1.1\r\n" + host + "\r\n").getBytes(StandardCharsets.US_ASCII);
    this.postHead = ("POST " + path + " HTTP/1.1\r\n" + host).getBytes(StandardCharsets.US_ASCII);
  }

  static int port(URI target) {
    return target.getPort() < 0 ? 80 : target.getPort();
  }

  /** The whole request: a GET when {@code body} is null, else a POST of it. */
  byte[] encode(byte[] body, String contentType) {
    if (body == null) return get;
    byte[] fields =
        ("Content-Type: " + contentType + "\r\nContent-Length: " + body.length + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    byte[] request = new byte[postHead.length + fields.length + body.length];
    System.arraycopy(postHead, 0, request, 0, postHead.length);
    System.arraycopy(fields, 0, request, postHead.length, fields.length);
    System.arraycopy(body, 0, request, postHead.length + fields.length, body.length);
    return request;
  }
}
