package io.driftline.server.loadgen;

import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Drives one {@link LoadPlan} against a server over HTTP/1.1 keep-alive connections, each with at
 * most one request in flight: all of them on one event loop ({@link SelectorClient}, the default),
 * or one virtual thread per connection ({@link SocketHttpConnection} with {@code --client socket},
 * the JDK {@link HttpClient} with {@code --client jdk}).
 *
 * <p>Open loop ({@code rate > 0}): request {@code j} of connection {@code w} has the intended send
 * time {@code start + (w + j * connections) / rate}, and its latency is measured from that time,
 * not from when it was actually sent. A server that stalls therefore shows its stall in every
 * request that should have been sent meanwhile, instead of delaying the generator and hiding the
 * queue ("coordinated omission": Gil Tene, "How NOT to Measure Latency", 2015; the correction used
 * by wrk2, github.com/giltene/wrk2). Closed loop ({@code rate == 0}): each connection sends the
 * next request as soon as the previous answer arrives; latency is service time only.
 */
public final class LoadGenerator {
  private final LoadPlan plan;
  private final PrintStream progress;
  private final Recorder everything = new Recorder(3);
  private final Recorder measured = new Recorder(3);
  // open loop: how long after its intended time each request left (the generator's own delay)
  private final Recorder lagEverything = new Recorder(3);
  private final Recorder lagMeasured = new Recorder(3);
  private final ConcurrentMap<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, LongAdder> errors = new ConcurrentHashMap<>();
  private final LongAdder failuresSoFar = new LongAdder();
  private final LongAdder unsent = new LongAdder();
  private long start;
  private long measureFrom;
  private long end;

  public LoadGenerator(LoadPlan plan, PrintStream progress) {
    this.plan = plan;
    this.progress = progress;
  }

  /** Runs the plan; returns after warmup + duration plus at most the request timeout. */
  public LoadReport run() throws InterruptedException {
    try (var executor = Executors.newVirtualThreadPerTaskExecutor();
        var jdk =
            HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(plan.timeout())
                .executor(executor)
                .build()) {
      start = System.nanoTime();
      measureFrom = start + plan.warmup().toNanos();
      end = measureFrom + plan.duration().toNanos();
      List<Thread> workers = new ArrayList<>();
      if (plan.client() == LoadPlan.Client.NIO) {
        var loop = new SelectorClient(plan, this, start, end);
        workers.add(Thread.ofPlatform().name("loadgen-loop").start(() -> runLoop(loop)));
      }
      for (int w = 0; plan.client() != LoadPlan.Client.NIO && w < plan.connections(); w++) {
        int worker = w;
        HttpConnection connection =
            plan.client() == LoadPlan.Client.JDK
                ? new JdkHttpConnection(jdk, plan.target(), plan.timeout())
                : new SocketHttpConnection(plan.target(), plan.timeout());
        workers.add(
            Thread.ofVirtual()
                .name("loadgen-" + w)
                .start(
                    () -> {
                      try (connection) {
                        work(worker, connection);
                      }
                    }));
      }
      Histogram lag = new Histogram(3);
      Histogram total = reportEverySecond(lag);
      stop(workers);
      total.add(measured.getIntervalHistogram());
      lag.add(lagMeasured.getIntervalHistogram());
      return LoadReport.of(plan, total, lag, counts(statuses), counts(errors), unsent.sum());
    }
  }

  private void runLoop(SelectorClient loop) {
    try {
      loop.run();
    } catch (IOException e) {
      failed(measureFrom, e); // no selector: the run has no requests, and says why
    }
  }

  /** Prints one line a second until the end of the run; returns what was measured so far. */
  private Histogram reportEverySecond(Histogram lag) throws InterruptedException {
    Histogram total = new Histogram(3);
    for (long tick = start + TimeUnit.SECONDS.toNanos(1);
        tick <= end;
        tick += TimeUnit.SECONDS.toNanos(1)) {
      TimeUnit.NANOSECONDS.sleep(tick - System.nanoTime());
      Histogram second = everything.getIntervalHistogram();
      Histogram secondLag = lagEverything.getIntervalHistogram();
      total.add(measured.getIntervalHistogram());
      lag.add(lagMeasured.getIntervalHistogram());
      progress.printf(
          "[%4ds]%s %8d req/s  p50 %7.2f ms  p99 %7.2f ms  max %7.1f ms  failed %d%s%n",
          TimeUnit.NANOSECONDS.toSeconds(tick - start),
          tick <= measureFrom ? " warmup" : "",
          second.getTotalCount(),
          ms(second.getValueAtPercentile(50)),
          ms(second.getValueAtPercentile(99)),
          ms(second.getMaxValue()),
          failuresSoFar.sum(),
          plan.openLoop()
              ? String.format("  send lag p99 %6.2f ms", ms(secondLag.getValueAtPercentile(99)))
              : "");
    }
    return total;
  }

  /** Waits for requests in flight up to the timeout, then interrupts what is left. */
  private void stop(List<Thread> workers) throws InterruptedException {
    long deadline = Math.max(end, System.nanoTime()) + plan.timeout().toNanos();
    for (Thread t : workers) {
      long left = deadline - System.nanoTime();
      if (left <= 0 || !t.join(java.time.Duration.ofNanos(left))) t.interrupt();
    }
    for (Thread t : workers) t.join(java.time.Duration.ofSeconds(1));
  }

  private void work(int worker, HttpConnection connection) {
    var payloads = new TelemetryPayloads(plan, plan.seed() * 1_000_003 + worker);
    double nanosPerRequest = plan.openLoop() ? 1e9 / plan.rate() : 0;
    for (long j = 0; !Thread.currentThread().isInterrupted(); j++) {
      long intended;
      if (plan.openLoop()) {
        intended = start + (long) ((worker + (double) j * plan.connections()) * nanosPerRequest);
        if (intended >= end) return;
        if (System.nanoTime() >= end) {
          unsent.add(scheduled(worker, nanosPerRequest) - j);
          return;
        }
        long now;
        while ((now = System.nanoTime()) < intended) LockSupport.parkNanos(intended - now);
        sending(intended, now);
      } else {
        intended = System.nanoTime();
        if (intended >= end) return;
      }
      send(connection, payloads, intended);
    }
  }

  /** Requests of one connection whose intended time falls before the end. */
  private long scheduled(int worker, double nanosPerRequest) {
    double slots = (end - start) / nanosPerRequest - worker;
    return Math.max(0, (long) Math.ceil(slots / plan.connections()));
  }

  private void send(HttpConnection connection, TelemetryPayloads payloads, long intended) {
    try {
      byte[] body =
          plan.mode() == LoadPlan.Mode.GET ? null : payloads.next(System.currentTimeMillis());
      answered(intended, connection.send(body, payloads.contentType()));
    } catch (IOException e) {
      failed(intended, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Records, in open loop, that the request intended at {@code intended} leaves at {@code now}. */
  void sending(long intended, long now) {
    long micros = Math.max(0, (now - intended) / 1000);
    lagEverything.recordValue(micros);
    if (intended >= measureFrom) lagMeasured.recordValue(micros);
  }

  /** Records the answer to the request intended at {@code intended} (nanoTime). */
  void answered(long intended, int status) {
    long micros = Math.max(1, (System.nanoTime() - intended) / 1000);
    everything.recordValue(micros);
    if (status / 100 != 2) failuresSoFar.increment();
    if (intended >= measureFrom) {
      measured.recordValue(micros);
      statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
    }
  }

  /** Records a request that got no answer. */
  void failed(long intended, IOException e) {
    failuresSoFar.increment();
    if (intended >= measureFrom) {
      String what =
          e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
      errors.computeIfAbsent(what, s -> new LongAdder()).increment();
    }
  }

  /** Records requests of an open-loop run that were due but never sent. */
  void unsent(long count) {
    unsent.add(count);
  }

  private static <K> java.util.SortedMap<String, Long> counts(
      ConcurrentMap<K, LongAdder> counters) {
    var out = new java.util.TreeMap<String, Long>();
    counters.forEach((k, v) -> out.put(String.valueOf(k), v.sum()));
    return out;
  }

  static double ms(long micros) {
    return micros / 1000.0;
  }
}
