package io.driftline.server.loadgen;

import java.net.URI;

/**
 * The bytes of the load requests of one connection to a plain {@code http} URL: a GET, or a POST
 * whose head and body go out in one array, so they leave in one segment as most clients send a
 * small POST (two writes with TCP_NODELAY cost the server a second read).
 */
final class RequestEncoder {
  private final byte[] get;
  private final byte[] postHead;
  // the request being built, reused: one encoder per connection
  private final AsciiBuffer request = new AsciiBuffer(1024);

  RequestEncoder(URI target) {
    if (!"http".equals(target.getScheme())) {
      throw new IllegalArgumentException(
          "the socket clients speak plain http only but the URL is " + target);
    }
    String path = target.getRawPath().isEmpty() ? "/" : target.getRawPath();
    if (target.getRawQuery() != null) path += "?" + target.getRawQuery();
    String host = "Host: " + target.getHost() + ":" + port(target) + "\r\n";
    this.get = AsciiBuffer.ascii("GET " + path + " HTTP/1.1\r\n" + host + "\r\n");
    this.postHead = AsciiBuffer.ascii("POST " + path + " HTTP/1.1\r\n" + host);
  }

  static int port(URI target) {
    return target.getPort() < 0 ? 80 : target.getPort();
  }

  /** The whole request in an array of its own: a GET when {@code body} is null, else a POST. */
  byte[] encode(byte[] body, String contentType) {
    int n = body == null ? encode(null, 0, null) : encode(body, body.length, contentType);
    return java.util.Arrays.copyOf(request.array(), n);
  }

  /**
   * Writes the request into {@link #bytes()} and returns its length: a GET when {@code body} is
   * null, else a POST of {@code body[0, length)}. Nothing is allocated once the array is large
   * enough.
   */
  int encode(byte[] body, int length, String contentType) {
    request.clear();
    if (body == null) {
      request.put(get);
      return request.size();
    }
    request.put(postHead);
    request.put(CONTENT_TYPE);
    for (int i = 0; i < contentType.length(); i++) request.put(contentType.charAt(i));
    request.put(CONTENT_LENGTH);
    request.putDigits(length);
    request.put(END_OF_HEAD);
    request.put(body, length);
    return request.size();
  }

  /** The array {@link #encode(byte[], int, String)} writes; valid until the next call. */
  byte[] bytes() {
    return request.array();
  }

  private static final byte[] CONTENT_TYPE = AsciiBuffer.ascii("Content-Type: ");
  private static final byte[] CONTENT_LENGTH = AsciiBuffer.ascii("\r\nContent-Length: ");
  private static final byte[] END_OF_HEAD = AsciiBuffer.ascii("\r\n\r\n");
}
