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
            String text = new String(line, 0, lineLength, StandardCharsets.ISO_8859_1);
            lineLength = 0;
            onLine(text);
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

  private void onLine(String text) throws IOException {
    switch (state) {
      case STATUS -> {
        if (!text.startsWith("HTTP/1.") || text.length() < 12) {
          throw new IOException("not an HTTP/1.x status line: " + text);
        }
        try {
          status = Integer.parseInt(text.substring(9, 12));
        } catch (NumberFormatException e) {
          throw new IOException("not an HTTP/1.x status line: " + text);
        }
        state = State.HEADERS;
      }
      case HEADERS -> {
        if (text.isEmpty()) {
          endOfHead();
        } else {
          header(text);
        }
      }
      case CHUNK_SIZE -> {
        int ext = text.indexOf(';');
        long size;
        try {
          size = Long.parseLong((ext < 0 ? text : text.substring(0, ext)).trim(), 16);
        } catch (NumberFormatException e) {
          throw new IOException("not a chunk size: " + text);
        }
        remaining = size;
        state = size == 0 ? State.TRAILERS : State.CHUNK_DATA;
      }
      case CHUNK_END -> state = State.CHUNK_SIZE;
      case TRAILERS -> {
        if (text.isEmpty()) state = State.DONE;
      }
      default -> throw new IllegalStateException("no line expected in " + state);
    }
  }

  private void header(String text) throws IOException {
    int colon = text.indexOf(':');
    if (colon < 0) return;
    String name = text.substring(0, colon).trim();
    String value = text.substring(colon + 1).trim();
    if (name.equalsIgnoreCase("Content-Length")) {
      try {
        length = Long.parseLong(value);
      } catch (NumberFormatException e) {
        throw new IOException("not a Content-Length: " + value);
      }
    } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
      chunked = value.equalsIgnoreCase("chunked");
    } else if (name.equalsIgnoreCase("Connection")) {
      closeAfter = value.equalsIgnoreCase("close");
    }
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
