package io.driftline.server.forecast;

import io.driftline.capacity.CapacitySnapshot;
import io.driftline.forecast.Accuracy;
import io.driftline.forecast.Exhaustion;
import io.driftline.forecast.Forecast;
import io.driftline.forecast.ForecastInterval;
import io.driftline.forecast.Forecaster;
import io.driftline.forecast.Forecasters;
import io.driftline.storage.PodMetricQuery;
import io.driftline.storage.StorageComponent;
import io.driftline.telemetry.StoredSample;
import io.driftline.workload.PodMetric;
import io.driftline.workload.PodSignal;
import io.driftline.workload.WorkloadId;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Forecasts stored history: reads a target's history in hourly means (samples or capacity
 * snapshots, window by window so memory stays bounded), aggregates it to the interval, fits the
 * model, backtests it on the last horizon of the history, and finds when the forecast reaches
 * capacity. Answers are cached per request and recomputed only when the aggregated history gained a
 * new point (a new hour for hourly forecasts, a new day for daily ones).
 */
public final class ForecastService {
  static final long HOUR = 3_600_000L;
  private static final long READ_WINDOW = 7 * 24 * HOUR;
  private static final int READ_LIMIT = 2_000_000;
  private static final int CACHE_ENTRIES = 1_000;
  private static final int MIN_POINTS = 3;

  /** One request: what, how far, at which interval, by which model, against which capacity. */
  public record Request(
      ForecastTarget target,
      int horizonHours,
      ForecastInterval interval,
      String model,
      OptionalDouble capacity) {
    public Request {
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(interval, "interval");
      if (horizonHours < 1 || horizonHours > interval.rangeHours) {
        throw new IllegalArgumentException(
            "horizon must be 1 to "
                + interval.rangeHours
                + " hours for "
                + interval.name().toLowerCase(java.util.Locale.ROOT)
                + " forecasts but was "
                + horizonHours);
      }
    }
  }

  /** A request the stored history cannot answer (none, or too little). */
  public static final class NoHistoryException extends RuntimeException {
    private final boolean none;

    NoHistoryException(String message, boolean none) {
      super(message, null, false, false);
      this.none = none;
    }

    /** True when there is no history at all (404), false when there is too little (400). */
    public boolean none() {
      return none;
    }
  }

  /**
   * A forecast with its context.
   *
   * @param historyEndMillis end of the last full interval of history: step 1 starts here
   * @param capacitySource where the capacity came from ({@code request}, {@code allocatable})
   */
  public record Result(
      Request request,
      Forecast forecast,
      int historyPoints,
      long historyStartMillis,
      long historyEndMillis,
      Optional<Backtest> backtest,
      OptionalDouble capacity,
      Optional<String> capacitySource,
      Optional<Exhaustion> exhaustion,
      long generatedAtMillis) {

    /** Start of step {@code i} (0-based). */
    public long stepStart(int i) {
      return historyEndMillis + (long) i * request.interval().hours * HOUR;
    }
  }

  /** Errors of the model on the last horizon of the history, forecast from the rest. */
  public record Backtest(int holdoutSteps, double smape, double mase) {}

  private record Cached(long fingerprint, Result result) {}

  private final StorageComponent storage;
  private final Clock clock;
  private final Map<Request, Cached> cache =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Request, Cached> eldest) {
          return size() > CACHE_ENTRIES;
        }
      };

  public ForecastService(StorageComponent storage, Clock clock) {
    this.storage = storage;
    this.clock = clock;
  }

  /** Whether the answer came from the cache, with the answer. */
  public record Answer(Result result, boolean cached) {}

  /**
   * Answers {@code request} from stored history.
   *
   * @throws NoHistoryException when the target has no or too little history
   * @throws IllegalArgumentException for an unknown model
   */
  public Answer forecast(Request request) {
    Forecaster forecaster =
        Forecasters.byName(request.model())
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "model must be one of "
                            + String.join(", ", Forecasters.names())
                            + " but was "
                            + request.model()));
    long now = clock.millis();
    long end = Math.floorDiv(now, HOUR) * HOUR; // the current hour is not complete yet
    ForecastInterval interval = request.interval();
    long lookbackHours =
        Math.min(
            3L * 365 * 24,
            Math.max(4L * interval.rangeHours, 3L * interval.hours * interval.period));
    long start = end - lookbackHours * HOUR;
    History history = read(request.target(), start, end);
    if (history.firstBucket < 0) {
      throw new NoHistoryException("no stored history for " + request.target().describe(), true);
    }
    double[] hourly =
        Arrays.copyOfRange(history.hourly, history.firstBucket, history.hourly.length);
    double[] values = interval.aggregate(hourly);
    if (values.length < MIN_POINTS) {
      throw new NoHistoryException(
          "not enough history for "
              + request.target().describe()
              + ": "
              + hourly.length
              + " hours give "
              + values.length
              + " "
              + interval.name().toLowerCase(java.util.Locale.ROOT)
              + " points, at least "
              + MIN_POINTS
              + " are needed",
          false);
    }
    long fingerprint = fingerprint(values);
    synchronized (cache) {
      Cached hit = cache.get(request);
      if (hit != null && hit.fingerprint == fingerprint && hit.result.historyEndMillis() == end) {
        return new Answer(hit.result, true);
      }
    }
    int steps = interval.steps(request.horizonHours());
    Forecast forecast = forecaster.forecast(values, interval.period, steps);
    OptionalDouble capacity = request.capacity();
    Optional<String> capacitySource =
        capacity.isPresent() ? Optional.of("request") : Optional.empty();
    if (capacity.isEmpty() && history.allocatable.isPresent()) {
      capacity = history.allocatable;
      capacitySource =
          Optional.of(request.target() instanceof ForecastTarget.Series ? "limit" : "allocatable");
    }
    Optional<Exhaustion> exhaustion =
        capacity.isPresent() ? Exhaustion.of(forecast, capacity.getAsDouble()) : Optional.empty();
    Result result =
        new Result(
            request,
            forecast,
            values.length,
            end - (long) values.length * interval.hours * HOUR,
            end,
            backtest(forecaster, values, interval.period, steps),
            capacity,
            capacitySource,
            exhaustion,
            now);
    synchronized (cache) {
      cache.put(request, new Cached(fingerprint, result));
    }
    return new Answer(result, false);
  }

  private static Optional<Backtest> backtest(
      Forecaster forecaster, double[] values, int period, int steps) {
    int cut = values.length - steps;
    if (cut < Math.max(2 * period, 8)) return Optional.empty();
    double[] train = Arrays.copyOf(values, cut);
    double[] test = Arrays.copyOfRange(values, cut, values.length);
    double[] predicted = forecaster.forecast(train, period, steps).mean();
    return Optional.of(
        new Backtest(
            steps, Accuracy.smape(test, predicted), Accuracy.mase(train, test, predicted, period)));
  }

  private static long fingerprint(double[] values) {
    long h = values.length;
    for (double v : values) h = h * 31 + Double.doubleToLongBits(v);
    return h;
  }

  /** Hourly means from {@code start} to {@code end}; NaN where nothing was stored. */
  private record History(double[] hourly, int firstBucket, OptionalDouble allocatable) {}

  private History read(ForecastTarget target, long start, long end) {
    int buckets = (int) ((end - start) / HOUR);
    double[] sums = new double[buckets];
    int[] counts = new int[buckets];
    OptionalDouble allocatable = OptionalDouble.empty();
    for (long from = start; from < end; from += READ_WINDOW) {
      long to = Math.min(end, from + READ_WINDOW);
      switch (target) {
        case ForecastTarget.Series s -> {
          List<StoredSample> samples = storage.samples().range(s.key(), from, to, READ_LIMIT);
          for (StoredSample stored : samples) {
            add(sums, counts, start, stored.sample().epochMillis(), stored.sample().value());
          }
        }
        case ForecastTarget.ClusterResource c -> {
          List<CapacitySnapshot> snapshots =
              storage.capacity().range(c.clusterId(), from, to, READ_LIMIT);
          for (CapacitySnapshot snapshot : snapshots) {
            add(sums, counts, start, snapshot.epochMillis(), c.resource().used(snapshot));
          }
        }
      }
    }
    if (target instanceof ForecastTarget.Series s) allocatable = workloadLimit(s, end);
    if (target instanceof ForecastTarget.ClusterResource c) {
      allocatable =
          storage
              .capacity()
              .latest(c.clusterId())
              .map(s -> OptionalDouble.of(c.resource().allocatable(s)))
              .orElse(OptionalDouble.empty());
    }
    double[] hourly = new double[buckets];
    int first = -1;
    for (int i = 0; i < buckets; i++) {
      hourly[i] = counts[i] == 0 ? Double.NaN : sums[i] / counts[i];
      if (first < 0 && counts[i] > 0) first = i;
    }
    return new History(hourly, first, allocatable);
  }

  /**
   * A workload's {@code cpu_cores} or {@code memory_bytes} runs out at its pods' limits: the sum of
   * {@code cpu_limit_cores} / {@code memory_limit_bytes} over the pods of its newest pod rows of
   * the last day, when every one of those pods reports a limit.
   */
  private OptionalDouble workloadLimit(ForecastTarget.Series s, long end) {
    Optional<WorkloadId> w = WorkloadId.parse(s.key().service());
    PodSignal limit =
        switch (s.key().metric()) {
          case "cpu_cores" -> PodSignal.CPU_LIMIT_CORES;
          case "memory_bytes" -> PodSignal.MEMORY_LIMIT_BYTES;
          default -> null;
        };
    if (w.isEmpty() || limit == null || !s.key().labels().isEmpty()) return OptionalDouble.empty();
    List<PodMetric> rows =
        storage
            .podMetrics()
            .find(
                PodMetricQuery.workload(
                    w.get().clusterId(),
                    w.get().namespace(),
                    w.get().workloadName(),
                    end - 24 * HOUR,
                    end + HOUR,
                    READ_LIMIT,
                    0));
    if (rows.isEmpty()) return OptionalDouble.empty();
    long newest = rows.get(rows.size() - 1).epochMillis();
    double sum = 0;
    for (PodMetric row : rows) {
      if (row.epochMillis() != newest) continue;
      Optional<Double> value = row.value(limit);
      if (value.isEmpty()) return OptionalDouble.empty();
      sum += value.get();
    }
    return sum > 0 ? OptionalDouble.of(sum) : OptionalDouble.empty();
  }

  private static void add(double[] sums, int[] counts, long start, long at, double value) {
    long i = Math.floorDiv(at - start, HOUR);
    if (i < 0 || i >= sums.length || !Double.isFinite(value)) return;
    sums[(int) i] += value;
    counts[(int) i]++;
  }
}
