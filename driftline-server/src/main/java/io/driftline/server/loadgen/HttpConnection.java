package io.driftline.server.loadgen;

import java.io.IOException;

/** One HTTP/1.1 connection of a load run: at most one request in flight, used by one thread. */
interface HttpConnection extends AutoCloseable {

  /**
   * Sends one request ({@code body} null for GET) and returns the status once the answer is read.
   */
  int send(byte[] body, String contentType) throws IOException, InterruptedException;

  @Override
  void close();
}
