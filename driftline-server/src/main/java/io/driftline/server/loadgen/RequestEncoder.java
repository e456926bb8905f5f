package io.driftline.server.loadgen;

import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * The bytes of the load requests of one connection to a plain {@code http} URL: a GET, or a POST
 * whose head and body go out in one array, so they leave in one segment as most clients send a
 * small POST (two writes with TCP_NODELAY cost the server a second read).
 */
final class RequestEncoder {
  private final byte[] get;
  private final byte[] postHead;
  // the request being built, reused: one encoder per connection
  private byte[] request = new byte[1024];
  private int size;

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

  /** The whole request in an array of its own: a GET when {@code body} is null, else a POST. */
  byte[] encode(byte[] body, String contentType) {
    int n = body == null ? encode(null, 0, null) : encode(body, body.length, contentType);
    return java.util.Arrays.copyOf(request, n);
  }

  /**
   * Writes the request into {@link #bytes()} and returns its length: a GET when {@code body} is
   * null, else a POST of {@code body[0, length)}. Nothing is allocated once the array is large
   * enough.
   */
  int encode(byte[] body, int length, String contentType) {
    size = 0;
    if (body == null) {
      put(get, get.length);
      return size;
    }
    put(postHead, postHead.length);
    put(CONTENT_TYPE, CONTENT_TYPE.length);
    for (int i = 0; i < contentType.length(); i++) put((byte) contentType.charAt(i));
    put(CONTENT_LENGTH, CONTENT_LENGTH.length);
    putDigits(length);
    put(END_OF_HEAD, END_OF_HEAD.length);
    put(body, length);
    return size;
  }

  /** The array {@link #encode(byte[], int, String)} writes; valid until the next call. */
  byte[] bytes() {
    return request;
  }

  private static final byte[] CONTENT_TYPE = "Content-Type: ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] CONTENT_LENGTH =
      "\r\nContent-Length: ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] END_OF_HEAD = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  private void put(byte[] bytes, int length) {
    if (size + length > request.length) {
      request = java.util.Arrays.copyOf(request, Math.max(2 * request.length, size + length));
    }
    System.arraycopy(bytes, 0, request, size, length);
    size += length;
  }

  private void put(byte b) {
    if (size == request.length) request = java.util.Arrays.copyOf(request, 2 * request.length);
    request[size++] = b;
  }

  private void putDigits(int v) {
    if (v >= 10) putDigits(v / 10);
    put((byte) ('0' + v % 10));
  }
}
