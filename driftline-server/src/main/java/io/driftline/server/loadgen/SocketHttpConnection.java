package io.driftline.server.loadgen;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A minimal HTTP/1.1 keep-alive client on a blocking socket, meant for a virtual thread. It writes
 * a request, reads the status, the headers and a Content-Length or chunked body, and reconnects
 * after an error or {@code Connection: close}. It exists because the JDK HttpClient spends several
 * times the CPU per request (its selector thread and futures), which on a 2-core machine shared
 * with the server caps the load well below what the server answers; {@code --client jdk} keeps the
 * JDK client for a cross-check. Plain {@code http} only.
 */
final class SocketHttpConnection implements HttpConnection {
  private final InetSocketAddress address;
  private final int timeoutMillis;
  private final byte[] getHead;
  private final byte[] postHead;
  // the request as sent: head and body in one write, so they leave in one segment as most
  // clients send a small POST (two writes with TCP_NODELAY cost the server a second read)
  private byte[] request = new byte[4096];
  // the response as read: bytes [pos, end) are read and not yet parsed
  private final byte[] buffer = new byte[16 * 1024];
  private int pos;
  private int end;
  private Socket socket;
  private OutputStream out;
  private InputStream in;

  SocketHttpConnection(URI target, Duration timeout) {
    if (!"http".equals(target.getScheme())) {
      throw new IllegalArgumentException(
          "--client socket speaks plain http only but the URL is " + target);
    }
    int port = target.getPort() < 0 ? 80 : target.getPort();
    this.address = new InetSocketAddress(target.getHost(), port);
    this.timeoutMillis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    String path = target.getRawPath().isEmpty() ? "/" : target.getRawPath();
    if (target.getRawQuery() != null) path += "?" + target.getRawQuery();
    String host = "Host: " + target.getHost() + ":" + port + "\r\n";
    this.getHead =
        ("GET " + path + " HTTP/1.1\r\n" + host + "\r\n").getBytes(StandardCharsets.US_ASCII);
    this.postHead = ("POST " + path + " HTTP/1.1\r\n" + host).getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public int send(byte[] body, String contentType) throws IOException {
    if (socket == null) connect();
    try {
      if (body == null) {
        out.write(getHead);
      } else {
        byte[] fields =
            ("Content-Type: " + contentType + "\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        int length = postHead.length + fields.length + body.length;
        if (request.length < length) request = new byte[Math.max(length, 2 * request.length)];
        System.arraycopy(postHead, 0, request, 0, postHead.length);
        System.arraycopy(fields, 0, request, postHead.length, fields.length);
        System.arraycopy(body, 0, request, postHead.length + fields.length, body.length);
        out.write(request, 0, length);
      }
      out.flush();
      return readResponse();
    } catch (IOException e) {
      close();
      throw e;
    }
  }

  private void connect() throws IOException {
    Socket s = new Socket();
    try {
      s.setTcpNoDelay(true);
      s.setSoTimeout(timeoutMillis);
      s.connect(address, timeoutMillis);
      out = s.getOutputStream();
      in = s.getInputStream();
    } catch (IOException e) {
      s.close();
      throw e;
    }
    socket = s;
    pos = 0;
    end = 0;
  }

  private int readResponse() throws IOException {
    String status = line();
    if (!status.startsWith("HTTP/1.") || status.length() < 12) {
      throw new IOException("not an HTTP/1.x status line: " + status);
    }
    int code = Integer.parseInt(status.substring(9, 12));
    long length = -1;
    boolean chunked = false;
    boolean closeAfter = false;
    for (String header = line(); !header.isEmpty(); header = line()) {
      int colon = header.indexOf(':');
      if (colon < 0) continue;
      String name = header.substring(0, colon).trim();
      String value = header.substring(colon + 1).trim();
      if (name.equalsIgnoreCase("Content-Length")) length = Long.parseLong(value);
      else if (name.equalsIgnoreCase("Transfer-Encoding"))
        chunked = value.equalsIgnoreCase("chunked");
      else if (name.equalsIgnoreCase("Connection")) closeAfter = value.equalsIgnoreCase("close");
    }
    if (chunked) {
      for (long size = chunkSize(); size > 0; size = chunkSize()) {
        skip(size);
        line();
      }
      while (!line().isEmpty()) {} // trailers
    } else if (length >= 0) {
      skip(length);
    } else {
      closeAfter = true; // body until the server closes: read it and start afresh
      while (fill()) pos = end;
    }
    if (closeAfter) close();
    return code;
  }

  /** Reads more into the buffer (compacting it first); false at the end of the stream. */
  private boolean fill() throws IOException {
    if (pos > 0) {
      System.arraycopy(buffer, pos, buffer, 0, end - pos);
      end -= pos;
      pos = 0;
    }
    if (end == buffer.length) throw new IOException("response line longer than " + end + " bytes");
    int n = in.read(buffer, end, buffer.length - end);
    if (n < 0) return false;
    end += n;
    return true;
  }

  private long chunkSize() throws IOException {
    String size = line();
    int ext = size.indexOf(';');
    return Long.parseLong((ext < 0 ? size : size.substring(0, ext)).trim(), 16);
  }

  private void skip(long n) throws IOException {
    while (n > 0) {
      if (pos == end && !fill()) {
        throw new EOFException("connection closed inside a response body");
      }
      int skipped = (int) Math.min(n, end - pos);
      pos += skipped;
      n -= skipped;
    }
  }

  /** The next line without its CR LF. */
  private String line() throws IOException {
    int from = pos;
    while (true) {
      for (int i = from; i < end; i++) {
        if (buffer[i] == '\n') {
          int stop = i > pos && buffer[i - 1] == '\r' ? i - 1 : i;
          String line = new String(buffer, pos, stop - pos, StandardCharsets.ISO_8859_1);
          pos = i + 1;
          return line;
        }
      }
      int scanned = end - pos;
      if (!fill()) throw new EOFException("connection closed by the server");
      from = pos + scanned;
    }
  }

  @Override
  public void close() {
    if (socket == null) return;
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing a broken connection: nothing left to do with it
    }
    socket = null;
  }
}
