package io.driftline.server.loadgen;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A byte array that grows as ASCII is appended and is reused from one request to the next, so the
 * generator writes bodies and request heads without garbage per request.
 */
final class AsciiBuffer {
  private byte[] bytes;
  private int size;

  AsciiBuffer(int initialCapacity) {
    this.bytes = new byte[initialCapacity];
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** Starts over; the array is kept. */
  void clear() {
    size = 0;
  }

  /** Bytes written since {@link #clear()}. */
  int size() {
    return size;
  }

  /** The array written to; valid up to {@link #size()}, and replaced when it grows. */
  byte[] array() {
    return bytes;
  }

  void put(char c) {
    if (size == bytes.length) bytes = Arrays.copyOf(bytes, 2 * bytes.length);
    bytes[size++] = (byte) c;
  }

  void put(byte[] from) {
    put(from, from.length);
  }

  void put(byte[] from, int length) {
    if (size + length > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(2 * bytes.length, size + length));
    }
    System.arraycopy(from, 0, bytes, size, length);
    size += length;
  }

  /** {@code v} >= 0 in decimal digits. */
  void putDigits(long v) {
    if (v >= 10) putDigits(v / 10);
    put((char) ('0' + v % 10));
  }
}
