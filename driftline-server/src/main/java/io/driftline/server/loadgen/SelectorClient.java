package io.driftline.server.loadgen;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * Every connection of a run on one platform thread around a NIO selector: an event loop, as wrk and
 * wrk2 drive their connections (github.com/wg/wrk, github.com/giltene/wrk2). A request goes out
 * when its send time has come and its connection is free; an answer is read when the selector
 * reports it. No thread waits per connection, so a request costs no park and unpark of its own and
 * no registration with the JDK's poller for each read, which on two cores shared with the server is
 * CPU taken from the server (docs/benchmarks.md measures both clients in the same runs).
 *
 * <p>Open loop: request {@code g} of the run (its {@code g / connections}-th on connection {@code g
 * % connections}) has the intended time {@code start + g / rate}, as in {@link LoadGenerator}. The
 * selector sleeps in whole milliseconds, so a request leaves up to about a millisecond after its
 * intended time; latency is measured from the intended time, so that delay counts against the
 * server, as it does in wrk2. Connecting is blocking (loopback, once per connection and after an
 * error); a request whose answer has not fully arrived within the timeout is an error and its
 * connection is closed.
 */
final class SelectorClient {
  private static final long TIMEOUT_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private final LoadPlan plan;
  private final LoadGenerator recorder;
  private final long start;
  private final long end;
  private final long deadline;
  private final long timeoutNanos;
  private final double nanosPerRequest;
  private final InetSocketAddress address;
  private final Connection[] connections;
  private final ArrayDeque<Connection> ready = new ArrayDeque<>();
  private final ByteBuffer readBuffer = ByteBuffer.allocate(64 * 1024);
  private long nextDue; // open loop: the next request of the run not yet released to its connection
  private long nextTimeoutCheck;
  private int inFlight;
  private boolean ended;

  /** {@code start} and {@code end} are {@link System#nanoTime()} values of the run's schedule. */
  SelectorClient(LoadPlan plan, LoadGenerator recorder, long start, long end) {
    this.plan = plan;
    this.recorder = recorder;
    this.start = start;
    this.end = end;
    this.timeoutNanos = plan.timeout().toNanos();
    this.deadline = end + timeoutNanos;
    this.nanosPerRequest = plan.openLoop() ? 1e9 / plan.rate() : 0;
    this.address =
        new InetSocketAddress(plan.target().getHost(), RequestEncoder.port(plan.target()));
    this.connections = new Connection[plan.connections()];
    for (int w = 0; w < connections.length; w++) {
      connections[w] = new Connection(w, new TelemetryPayloads(plan, plan.seed() * 1_000_003 + w));
    }
  }

  /** Runs the schedule to its end; returns once every answer is in or the timeout has passed. */
  void run() throws IOException {
    try (Selector selector = Selector.open()) {
      if (!plan.openLoop()) ready.addAll(java.util.List.of(connections));
      nextTimeoutCheck = start + TIMEOUT_CHECK_NANOS;
      while (!Thread.currentThread().isInterrupted()) {
        long now = System.nanoTime();
        if (now >= deadline) break; // answers still out are not recorded, as at a timeout
        if (now >= end) {
          if (plan.openLoop() && !ended) {
            // the last requests due before the end: sent below where their connection is free
            // (the loop may wake a millisecond late), counted unsent where it is busy
            releaseDue(end);
          } else {
            ready.clear();
          }
          ended = true;
          if (inFlight == 0 && ready.isEmpty()) break;
        } else if (plan.openLoop()) {
          releaseDue(now);
        }
        // only those ready now: a connection that fails at once is ready again next round
        for (int n = ready.size(); n > 0; n--) ready.poll().send(selector);
        if (now >= nextTimeoutCheck) {
          expire(now);
          nextTimeoutCheck = now + TIMEOUT_CHECK_NANOS;
        }
        if (!ready.isEmpty()) {
          selector.selectNow(this::onReady);
        } else {
          long wake = Math.min(nextTimeoutCheck, now < end ? end : deadline);
          if (plan.openLoop() && now < end) wake = Math.min(wake, intended(nextDue));
          long millis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(wake - now + 999_999));
          selector.select(this::onReady, millis);
        }
      }
    } finally {
      if (plan.openLoop()) {
        long due = 0;
        for (Connection c : connections) due += c.due;
        recorder.unsent(due);
      }
      for (Connection c : connections) c.close();
    }
  }

  private long intended(long request) {
    return start + (long) (request * nanosPerRequest);
  }

  /** Hands every request whose time has come (and falls before the end) to its connection. */
  private void releaseDue(long now) {
    for (long at; (at = intended(nextDue)) <= now && at < end; nextDue++) {
      Connection c = connections[(int) (nextDue % connections.length)];
      if (c.due++ == 0 && c.intended < 0) ready.add(c);
    }
  }

  private void expire(long now) {
    for (Connection c : connections) {
      if (c.intended >= 0 && now - c.sentAt > timeoutNanos) {
        c.fail(new SocketTimeoutException("no answer within " + plan.timeout()));
      }
    }
  }

  private void onReady(SelectionKey key) {
    Connection c = (Connection) key.attachment();
    if (!key.isValid()) return;
    if (key.isWritable()) c.writePending();
    if (key.isValid() && key.isReadable()) c.read();
  }

  /** One keep-alive connection with at most one request in flight. */
  private final class Connection {
    private final int index;
    private final TelemetryPayloads payloads;
    private final RequestEncoder requests = new RequestEncoder(plan.target());
    private final ResponseParser parser = new ResponseParser();
    private SocketChannel channel;
    private SelectionKey key;
    private ByteBuffer pending;
    private long due; // open loop: requests of this connection due and not yet sent
    private long next; // open loop: this connection's requests sent so far
    private long intended = -1; // of the request in flight; -1 when idle
    private long sentAt;

    Connection(int index, TelemetryPayloads payloads) {
      this.index = index;
      this.payloads = payloads;
    }

    void send(Selector selector) {
      long now = System.nanoTime();
      if (plan.openLoop()) {
        if (due == 0) return;
        intended = intended(index + next * connections.length);
        next++;
        due--;
        recorder.sending(intended, now);
      } else {
        intended = now;
      }
      sentAt = now;
      inFlight++;
      try {
        if (channel == null) connect(selector);
        int length;
        if (plan.mode() == LoadPlan.Mode.GET) {
          length = requests.encode(null, 0, null);
        } else {
          int body = payloads.write(System.currentTimeMillis()); // before body(): it may grow
          length = requests.encode(payloads.body(), body, payloads.contentType());
        }
        if (pending == null || pending.array() != requests.bytes()) {
          pending = ByteBuffer.wrap(requests.bytes());
        }
        pending.clear().limit(length);
        parser.reset();
        writePending();
      } catch (IOException e) {
        fail(e);
      }
    }

    private void connect(Selector selector) throws IOException {
      SocketChannel ch = SocketChannel.open();
      try {
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        ch.socket().connect(address, (int) Math.min(Integer.MAX_VALUE, plan.timeout().toMillis()));
        ch.configureBlocking(false);
        key = ch.register(selector, SelectionKey.OP_READ, this);
      } catch (IOException e) {
        ch.close();
        throw e;
      }
      channel = ch;
    }

    void writePending() {
      try {
        channel.write(pending);
        key.interestOps(
            pending.hasRemaining()
                ? SelectionKey.OP_READ | SelectionKey.OP_WRITE
                : SelectionKey.OP_READ);
      } catch (IOException e) {
        fail(e);
      }
    }

    void read() {
      readBuffer.clear();
      try {
        int n = channel.read(readBuffer);
        if (intended < 0) {
          // bytes nobody asked for, or the server closing an idle connection: start afresh
          close();
          return;
        }
        if (n < 0) {
          parser.endOfStream();
        } else {
          parser.feed(readBuffer.array(), 0, n);
        }
      } catch (IOException e) {
        fail(e);
        return;
      }
      if (!parser.done()) return;
      long at = intended;
      finish();
      if (parser.closeAfter()) close();
      recorder.answered(at, parser.status());
    }

    void fail(IOException e) {
      long at = intended;
      close();
      if (at >= 0) {
        finish();
        recorder.failed(at, e);
      }
    }

    /** The request in flight is over: the connection is free for its next one. */
    private void finish() {
      intended = -1;
      inFlight--;
      if (!plan.openLoop() || due > 0) ready.add(this);
    }

    void close() {
      if (channel == null) return;
      key.cancel();
      try {
        channel.close();
      } catch (IOException ignored) {
        // closing a broken connection: nothing left to do with it
      }
      channel = null;
      key = null;
    }
  }
}
