package io.driftline.server.loadgen;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads one HTTP/1.1 response from bytes as they arrive, in pieces of any size: the status, the
 * headers, and a body with a {@code Content-Length}, chunked, or running until the server closes
 * (RFC 9112, section 6.3). Only the status and whether the connection closes afterwards are kept;
 * the body is skipped. A blocking client feeds it what each read returns, a selector loop what each
 * readable event brings, so both load clients read answers the same way.
 */
final class ResponseParser {
  private static final int MAX_LINE = 16 * 1024;

  private enum State {
    STATUS,
    HEADERS,
    BODY,
    UNTIL_CLOSE,
    CHUNK_SIZE,
    CHUNK_DATA,
    CHUNK_END,
    TRAILERS,
    DONE
  }

  private State state = State.STATUS;
  private final byte[] line = new byte[MAX_LINE];
  private int lineLength;
  private int status;
  private long length;
  private boolean chunked;
  private boolean closeAfter;
  private long remaining;

  /** Forgets the last response; the next byte fed starts a status line. */
  void reset() {
    state = State.STATUS;
    lineLength = 0;
    status = 0;
    length = -1;
    chunked = false;
    closeAfter = false;
  }

  /**
   * Takes bytes {@code [offset, offset + count)}; returns how many it consumed, fewer than {@code
   * count} only when the response ended before them (then {@link #done()} is true).
   */
  int feed(byte[] bytes, int offset, int count) throws IOException {
    int i = offset;
    int end = offset + count;
    while (i < end && state != State.DONE) {
      switch (state) {
        case BODY, CHUNK_DATA -> {
          int skip = (int) Math.min(remaining, end - i);
          i += skip;
          remaining -= skip;
          if (remaining == 0) state = state == State.BODY ? State.DONE : State.CHUNK_END;
        }
        case UNTIL_CLOSE -> i = end;
        default -> {
          int newline = indexOf(bytes, i, end);
          int stop = newline < 0 ? end : newline;
          if (lineLength + stop - i > MAX_LINE) {
            throw new IOException("response line longer than " + MAX_LINE + " bytes");
          }
          System.arraycopy(bytes, i, line, lineLength, stop - i);
          lineLength += stop - i;
          i = stop;
          if (newline >= 0) {
            i++;
            if (lineLength > 0 && line[lineLength - 1] == '\r') lineLength--;
            onLine(lineLength);
            lineLength = 0;
          }
        }
      }
    }
    return i - offset;
  }

  /** Whether a whole response has been read. */
  boolean done() {
    return state == State.DONE;
  }

  /** The status code of the response read; valid once {@link #done()}. */
  int status() {
    return status;
  }

  /** Whether the server closes the connection after this response. */
  boolean closeAfter() {
    return closeAfter;
  }

  /**
   * The connection ended: completes a response whose body runs until the close, anything else
   * unfinished is an {@link EOFException}.
   */
  void endOfStream() throws EOFException {
    if (state == State.UNTIL_CLOSE) {
      state = State.DONE;
    } else if (state != State.DONE) {
      throw new EOFException(
          state == State.BODY || state == State.CHUNK_DATA
              ? "connection closed inside a response body"
              : "connection closed by the server");
    }
  }

  /**
   * The line in {@code line[0, n)}, read without making a String of it: at 10,000 answers a second
   * the generator's garbage is pauses in its measurements.
   */
  private void onLine(int n) throws IOException {
    switch (state) {
      case STATUS -> {
        // "HTTP/1.x NNN ...": the code is three digits at 9
        if (n < 12 || !startsWith(HTTP_1, n) || line[8] != ' ' || digits(9, 12) < 0) {
          throw new IOException("not an HTTP/1.x status line: " + text(0, n));
        }
        status = (int) digits(9, 12);
        state = State.HEADERS;
      }
      case HEADERS -> {
        if (n == 0) {
          endOfHead();
        } else {
          header(n);
        }
      }
      case CHUNK_SIZE -> {
        int stop = 0;
        while (stop < n && line[stop] != ';') stop++;
        long size = hex(stop);
        if (size < 0) throw new IOException("not a chunk size: " + text(0, n));
        remaining = size;
        state = size == 0 ? State.TRAILERS : State.CHUNK_DATA;
      }
      case CHUNK_END -> state = State.CHUNK_SIZE;
      case TRAILERS -> {
        if (n == 0) state = State.DONE;
      }
      default -> throw new IllegalStateException("no line expected in " + state);
    }
  }

  private void header(int n) throws IOException {
    int colon = 0;
    while (colon < n && line[colon] != ':') colon++;
    if (colon == n) return;
    int from = colon + 1;
    int to = n;
    while (from < to && line[from] == ' ') from++;
    while (to > from && line[to - 1] == ' ') to--;
    if (nameIs(CONTENT_LENGTH, colon)) {
      length = digits(from, to);
      if (length < 0) throw new IOException("not a Content-Length: " + text(from, to));
    } else if (nameIs(TRANSFER_ENCODING, colon)) {
      chunked = valueIs(CHUNKED, from, to);
    } else if (nameIs(CONNECTION, colon)) {
      closeAfter = valueIs(CLOSE, from, to);
    }
  }

  private static final byte[] HTTP_1 = AsciiBuffer.ascii("HTTP/1.");
  private static final byte[] CONTENT_LENGTH = AsciiBuffer.ascii("content-length");
  private static final byte[] TRANSFER_ENCODING = AsciiBuffer.ascii("transfer-encoding");
  private static final byte[] CONNECTION = AsciiBuffer.ascii("connection");
  private static final byte[] CHUNKED = AsciiBuffer.ascii("chunked");
  private static final byte[] CLOSE = AsciiBuffer.ascii("close");

  private boolean startsWith(byte[] prefix, int n) {
    return n >= prefix.length
        && java.util.Arrays.equals(line, 0, prefix.length, prefix, 0, prefix.length);
  }

  /** Whether {@code line[0, end)} is {@code lowerName}, ignoring ASCII case and trailing blanks. */
  private boolean nameIs(byte[] lowerName, int end) {
    while (end > 0 && line[end - 1] == ' ') end--;
    return valueIs(lowerName, 0, end);
  }

  private boolean valueIs(byte[] lower, int from, int to) {
    if (to - from != lower.length) return false;
    for (int i = 0; i < lower.length; i++) {
      int b = line[from + i];
      if ((b >= 'A' && b <= 'Z' ? b + 32 : b) != lower[i]) return false;
    }
    return true;
  }

  /** The decimal number in {@code line[from, to)}, or -1 if it is not one. */
  private long digits(int from, int to) {
    if (from >= to || to - from > 18) return -1;
    long value = 0;
    for (int i = from; i < to; i++) {
      if (line[i] < '0' || line[i] > '9') return -1;
      value = value * 10 + (line[i] - '0');
    }
    return value;
  }

  /** The hexadecimal number in {@code line[0, to)} without surrounding blanks, or -1. */
  private long hex(int to) {
    int from = 0;
    while (from < to && line[from] == ' ') from++;
    while (to > from && line[to - 1] == ' ') to--;
    if (from >= to || to - from > 15) return -1;
    long value = 0;
    for (int i = from; i < to; i++) {
      int digit = Character.digit(line[i], 16);
      if (digit < 0) return -1;
      value = value * 16 + digit;
    }
    return value;
  }

  private String text(int from, int to) {
    return new String(line, from, to - from, StandardCharsets.ISO_8859_1);
  }

  private void endOfHead() {
    if (status / 100 == 1 || status == 204 || status == 304) {
      state = State.DONE; // never a body (RFC 9112, section 6.3)
    } else if (chunked) {
      state = State.CHUNK_SIZE;
    } else if (length > 0) {
      remaining = length;
      state = State.BODY;
    } else if (length == 0) {
      state = State.DONE;
    } else {
      closeAfter = true; // body until the server closes: read it and start afresh
      state = State.UNTIL_CLOSE;
    }
  }

  private static int indexOf(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] == '\n') return i;
    }
    return -1;
  }
}
