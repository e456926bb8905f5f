package io.driftline.server.ingest;

import io.driftline.sources.PullRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Pulls each configured source every {@code sources.<name>.interval}, replacing the seed's CronJob.
 * A run asks for the window {@code [now - lookback, now)}, reaching further back to the end of the
 * last successful window when runs were missed (bounded by {@code sources.max_window}), so nothing
 * is lost across a failure or a restart of the source; the overlap is stored once ({@link
 * TelemetryWriter}). A source still running when its next run is due is skipped for that tick,
 * never run twice at once.
 *
 * <p>Time comes from the injected clock: {@link #runDue()} runs what is due now and is what tests
 * call after moving the clock; {@link #start()} calls it every second on a daemon thread and runs
 * each due source on its own virtual thread, so a slow source does not hold up the others.
 */
public final class SourceScheduler implements AutoCloseable {
  private final SourceRuns runs;
  private final Clock clock;
  private final Map<String, Instant> nextRun = new ConcurrentHashMap<>();
  private ScheduledExecutorService ticker;
  private ExecutorService workers;

  public SourceScheduler(SourceRuns runs, Clock clock) {
    this.runs = runs;
    this.clock = clock;
  }

  /** The sources that have an interval and a source, i.e. the ones this scheduler pulls. */
  public List<String> scheduled() {
    List<String> names = new ArrayList<>();
    for (var e : runs.registry().entries()) {
      if (e.source().isPresent() && e.settings().interval().isPresent()) names.add(e.name());
    }
    return names;
  }

  public synchronized void start() {
    if (ticker != null || scheduled().isEmpty() || !runs.registry().config().schedule()) return;
    workers = Executors.newVirtualThreadPerTaskExecutor();
    ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("driftline-source-scheduler").unstarted(r));
    ticker.scheduleWithFixedDelay(
        () -> {
          for (String source : due()) workers.execute(() -> runNow(source));
        },
        0,
        1,
        TimeUnit.SECONDS);
  }

  /** Runs, one after the other in the calling thread, every source that is due now. */
  public List<SourceRuns.Result> runDue() {
    List<SourceRuns.Result> results = new ArrayList<>();
    for (String source : due()) runNow(source).ifPresent(results::add);
    return results;
  }

  /** When {@code source} runs next; empty when it is not scheduled. */
  public Optional<Instant> nextRun(String source) {
    return scheduled().contains(source)
        ? Optional.of(nextRun.getOrDefault(source, clock.instant()))
        : Optional.empty();
  }

  /** Sources due now; each is moved to its next slot at once, so a tick never picks it twice. */
  private synchronized List<String> due() {
    Instant now = clock.instant();
    List<String> due = new ArrayList<>();
    for (String source : scheduled()) {
      Instant next = nextRun.getOrDefault(source, now);
      if (next.isAfter(now) || runs.running(source)) continue;
      Duration interval = runs.registry().get(source).orElseThrow().settings().interval().get();
      nextRun.put(source, now.plus(interval));
      due.add(source);
    }
    return due;
  }

  private Optional<SourceRuns.Result> runNow(String source) {
    var settings = runs.registry().get(source).orElseThrow().settings();
    Instant end = clock.instant();
    Instant start = end.minus(settings.lookback());
    Optional<Instant> lastEnd = runs.lastSuccessfulEnd(source);
    if (lastEnd.isPresent() && lastEnd.get().isBefore(start)) {
      Instant earliest = end.minus(runs.registry().config().maxWindow());
      start = lastEnd.get().isBefore(earliest) ? earliest : lastEnd.get();
    }
    PullRequest request = new PullRequest(settings.clusterId(), start, end, settings.namespaces());
    return runs.runUnlessBusy(source, request, SourceRuns.Trigger.SCHEDULE);
  }

  @Override
  public synchronized void close() {
    if (ticker != null) ticker.shutdownNow();
    if (workers != null) workers.shutdownNow();
  }
}
