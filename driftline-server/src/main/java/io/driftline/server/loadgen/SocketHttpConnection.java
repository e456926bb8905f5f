package io.driftline.server.loadgen;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
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
  private final RequestEncoder requests;
  // the response as read: bytes [pos, end) are read and not yet parsed
  private final byte[] buffer = new byte[16 * 1024];
  private final ResponseParser parser = new ResponseParser();
  private int pos;
  private int end;
  private Socket socket;
  private OutputStream out;
  private InputStream in;

  SocketHttpConnection(URI target, Duration timeout) {
    this.requests = new RequestEncoder(target);
    this.address = new InetSocketAddress(target.getHost(), RequestEncoder.port(target));
    this.timeoutMillis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
  }

  @Override
  public int send(byte[] body, String contentType) throws IOException {
    if (socket == null) connect();
    try {
      int n =
          body == null
              ? requests.encode(null, 0, null)
              : requests.encode(body, body.length, contentType);
      out.write(requests.bytes(), 0, n);
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
    parser.reset();
    while (true) {
      if (pos == end && !fill()) {
        parser.endOfStream();
        break;
      }
      pos += parser.feed(buffer, pos, end - pos);
      if (parser.done()) break;
    }
    if (parser.closeAfter()) close();
    return parser.status();
  }

  /** Reads more into the empty buffer; false at the end of the stream. */
  private boolean fill() throws IOException {
    pos = 0;
    end = 0;
    int n = in.read(buffer);
    if (n < 0) return false;
    end = n;
    return true;
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
