package io.driftline.server.ingest;

import io.driftline.server.http.ApiError;
import io.driftline.server.http.Timestamps;
import io.driftline.sources.PullRequest;
import io.driftline.sources.SourceBatch;
import io.driftline.sources.SourceException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs pulls: one source, one window, pulled then written through the {@link TelemetryWriter}, and
 * remembers how each source's runs went for {@code GET /api/v1/ingest/status}. Runs of one source
 * never overlap (a request waits for a running pull of the same source; the scheduler skips a tick
 * instead); runs of different sources are independent, and a failure is a result, never an
 * exception: the message names the source and the problem and holds no secret.
 */
public final class SourceRuns {
  private static final Logger LOG = LoggerFactory.getLogger(SourceRuns.class);

  public enum Outcome {
    OK,
    ERROR,
    NOT_CONFIGURED
  }

  /** What started a run. */
  public enum Trigger {
    REQUEST,
    SCHEDULE
  }

  /** How one run went. {@code errors} is empty when {@code outcome} is OK. */
  public record Result(
      String source,
      Outcome outcome,
      Optional<PullRequest> window,
      TelemetryWriter.Written written,
      Duration took,
      List<String> errors) {

    public Map<String, Object> json() {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("status", outcome.name().toLowerCase(java.util.Locale.ROOT));
      window.ifPresent(
          w -> {
            body.put("start_time", Timestamps.format(w.start()));
            body.put("end_time", Timestamps.format(w.end()));
          });
      body.put("samples_stored", written.stored());
      body.put("pod_metrics", written.podMetrics());
      body.put("capacity_snapshots", written.capacitySnapshots());
      body.put("config_changes", written.configChanges());
      body.put("workload_samples", written.workloadSamples());
      body.put("duplicate_samples_skipped", written.skippedSamples());
      body.put("duration_ms", took.toMillis());
      body.put("errors", errors);
      return body;
    }
  }

  /** What the status route shows of one source; guarded by the source's lock for writes. */
  private static final class State {
    final ReentrantLock lock = new ReentrantLock();
    volatile Result last;
    volatile Trigger lastTrigger;
    volatile Instant lastStarted;
    volatile Instant lastFinished;
    volatile Instant lastSuccess;
    volatile Instant lastSuccessEnd;
    volatile Instant lastErrorAt;
    volatile String lastError;
    volatile long runs;
    volatile long failures;
  }

  private final SourceRegistry registry;
  private final TelemetryWriter writer;
  private final Clock clock;
  private final Map<String, State> states = new ConcurrentHashMap<>();
  private final MeterRegistry meters;

  public SourceRuns(
      SourceRegistry registry, TelemetryWriter writer, Clock clock, MeterRegistry meters) {
    this.registry = registry;
    this.writer = writer;
    this.clock = clock;
    this.meters = meters;
    for (String source : registry.names()) {
      Gauge.builder("driftline.source.lag", this, r -> r.lagSeconds(source))
          .baseUnit("seconds")
          .description("now minus the end of the last window stored without error; NaN: none yet")
          .tag("source", source)
          .register(meters);
    }
  }

  private double lagSeconds(String source) {
    Instant end = state(source).lastSuccessEnd;
    return end == null ? Double.NaN : Duration.between(end, clock.instant()).toMillis() / 1000.0;
  }

  public SourceRegistry registry() {
    return registry;
  }

  /** Pulls {@code request} from {@code source}, waiting for a run of it already going. */
  public Result run(String source, PullRequest request, Trigger trigger) {
    State state = state(source);
    state.lock.lock();
    try {
      return runLocked(source, request, trigger, state);
    } finally {
      state.lock.unlock();
    }
  }

  /** As {@link #run}, but empty at once when the source is already running. */
  public Optional<Result> runUnlessBusy(String source, PullRequest request, Trigger trigger) {
    State state = state(source);
    if (!state.lock.tryLock()) return Optional.empty();
    try {
      return Optional.of(runLocked(source, request, trigger, state));
    } finally {
      state.lock.unlock();
    }
  }

  public boolean running(String source) {
    return state(source).lock.isLocked();
  }

  /** The end of the last window pulled and stored without error. */
  public Optional<Instant> lastSuccessfulEnd(String source) {
    return Optional.ofNullable(state(source).lastSuccessEnd);
  }

  private Result runLocked(String source, PullRequest request, Trigger trigger, State state) {
    var entry = registry.get(source).orElseThrow();
    if (entry.source().isEmpty()) {
      return new Result(
          source,
          Outcome.NOT_CONFIGURED,
          Optional.of(request),
          TelemetryWriter.Written.NONE,
          Duration.ZERO,
          List.of(
              source
                  + " is not configured: set its sources."
                  + source
                  + ".* keys (docs/sources.md)"));
    }
    state.lastStarted = clock.instant();
    state.lastTrigger = trigger;
    long t0 = System.nanoTime();
    TelemetryWriter.Written written = TelemetryWriter.Written.NONE;
    List<String> errors = new ArrayList<>();
    try {
      SourceBatch batch = entry.source().get().pull(request);
      written = writer.batch(batch);
    } catch (SourceException e) {
      errors.add(e.getMessage());
    } catch (ApiError e) {
      errors.add(source + ": pulled but not stored: " + e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("pull of {} failed unexpectedly", source, e);
      errors.add(source + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    Outcome outcome = errors.isEmpty() ? Outcome.OK : Outcome.ERROR;
    Result result = new Result(source, outcome, Optional.of(request), written, took, errors);
    record(state, result);
    Timer.builder("driftline.source.runs")
        .description("pulls of a source, by outcome")
        .tag("source", source)
        .tag("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT))
        .register(meters)
        .record(took);
    Counter.builder("driftline.source.rows")
        .description("rows a source's pulls stored (pod rows, capacity snapshots, config changes)")
        .tag("source", source)
        .register(meters)
        .increment(written.stored());
    LOG.info(
        "{} pull of {} [{} .. {}) for {}: {}, {} rows, {} samples, {} ms{}",
        trigger.name().toLowerCase(java.util.Locale.ROOT),
        source,
        request.start(),
        request.end(),
        request.clusterId(),
        outcome.name().toLowerCase(java.util.Locale.ROOT),
        written.stored(),
        written.workloadSamples(),
        took.toMillis(),
        errors.isEmpty() ? "" : ": " + errors.getFirst());
    return result;
  }

  private void record(State state, Result result) {
    Instant now = clock.instant();
    state.last = result;
    state.lastFinished = now;
    state.runs++;
    if (result.outcome() == Outcome.OK) {
      state.lastSuccess = now;
      Instant end = result.window().orElseThrow().end();
      if (state.lastSuccessEnd == null || end.isAfter(state.lastSuccessEnd)) {
        state.lastSuccessEnd = end;
      }
    } else {
      state.failures++;
      state.lastErrorAt = now;
      state.lastError = String.join("; ", result.errors());
    }
  }

  /** The status of every source, for {@code GET /api/v1/ingest/status}. */
  public Map<String, Object> status(String source) {
    var entry = registry.get(source).orElseThrow();
    State s = state(source);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("configured", entry.source().isPresent());
    body.put(
        "interval",
        entry
            .settings()
            .interval()
            .map(io.driftline.server.config.Durations::format)
            .orElse("off"));
    body.put("lookback", io.driftline.server.config.Durations.format(entry.settings().lookback()));
    body.put("running", s.lock.isLocked());
    body.put("runs", s.runs);
    body.put("failures", s.failures);
    Map<String, Object> last = null;
    if (s.last != null) {
      last = new LinkedHashMap<>();
      last.put("trigger", s.lastTrigger.name().toLowerCase(java.util.Locale.ROOT));
      last.put("started_at", Timestamps.format(s.lastStarted));
      last.put("finished_at", Timestamps.format(s.lastFinished));
      last.putAll(s.last.json());
    }
    body.put("last_run", last);
    body.put("last_success", s.lastSuccess == null ? null : Timestamps.format(s.lastSuccess));
    body.put(
        "last_success_window_end",
        s.lastSuccessEnd == null ? null : Timestamps.format(s.lastSuccessEnd));
    body.put(
        "last_error",
        s.lastError == null
            ? null
            : Map.of("at", Timestamps.format(s.lastErrorAt), "message", s.lastError));
    body.put(
        "lag_seconds",
        s.lastSuccessEnd == null
            ? null
            : Math.max(0, Duration.between(s.lastSuccessEnd, clock.instant()).toSeconds()));
    return body;
  }

  private State state(String source) {
    return states.computeIfAbsent(source, s -> new State());
  }
}
