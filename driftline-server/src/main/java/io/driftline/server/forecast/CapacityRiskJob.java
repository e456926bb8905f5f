package io.driftline.server.forecast;

import io.driftline.capacity.CapacityRiskPolicy;
import io.driftline.drift.DriftCategory;
import io.driftline.drift.DriftEvent;
import io.driftline.drift.DriftStatus;
import io.driftline.drift.Severity;
import io.driftline.forecast.Exhaustion;
import io.driftline.forecast.ForecastInterval;
import io.driftline.storage.StorageComponent;
import io.driftline.telemetry.SeriesKey;
import io.driftline.workload.WorkloadId;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * Turns forecasts into {@code CAPACITY_RISK} drift events: for the CPU and memory of every cluster
 * with capacity snapshots (capacity: the allocatable total) and for each configured series
 * threshold, it forecasts hourly up to 7 days, then daily up to 30, then weekly up to 90, and stops
 * at the first horizon where the forecast runs out with at least {@code minConfidence}. One event
 * stays open per target; its severity follows the time left ({@link CapacityRiskPolicy}) and it is
 * resolved when a run no longer finds the risk.
 *
 * <p>Cluster targets are written as namespace {@code _cluster}, workload {@code cpu} or {@code
 * memory}; a workload series ({@code cluster/namespace/workload}) under its own names; any other
 * series under cluster and namespace {@code _service} with the service as workload.
 */
public final class CapacityRiskJob {
  private static final System.Logger LOG = System.getLogger(CapacityRiskJob.class.getName());
  static final String CLUSTER_NAMESPACE = "_cluster";
  static final String SERVICE_SCOPE = "_service";
  private static final List<ForecastInterval> LADDER =
      List.of(ForecastInterval.HOURLY, ForecastInterval.DAILY, ForecastInterval.WEEKLY);

  /**
   * A series checked for capacity risk: {@code disk_used_bytes@db-1=500000000000} against a fixed
   * capacity, or {@code cpu_cores@prod/shop/api} against what the series is known to run out at (a
   * workload's pod limits).
   */
  public record Threshold(SeriesKey key, OptionalDouble capacity) {
    /** Parses {@code metric@service[=capacity]}; metric names cannot hold '@'. */
    public static Threshold parse(String text) {
      int at = text.indexOf('@');
      int eq = text.lastIndexOf('=');
      if (at <= 0 || (eq >= 0 && (eq <= at + 1 || eq == text.length() - 1))) {
        throw new IllegalArgumentException(
            "a capacity threshold is metric@service[=capacity] but was " + text);
      }
      if (eq < 0) {
        return new Threshold(
            SeriesKey.of(text.substring(at + 1).strip(), text.substring(0, at).strip()),
            OptionalDouble.empty());
      }
      double capacity;
      try {
        capacity = Double.parseDouble(text.substring(eq + 1).strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("capacity of " + text + " is not a number");
      }
      return new Threshold(
          SeriesKey.of(text.substring(at + 1, eq).strip(), text.substring(0, at).strip()),
          OptionalDouble.of(capacity));
    }
  }

  /** What one run did to one target. */
  public record Outcome(String target, String action, Optional<DriftEvent> event) {}

  private record Scope(String clusterId, String namespace, String workload, String signal) {}

  private final StorageComponent storage;
  private final ForecastService forecasts;
  private final CapacityRiskPolicy policy;
  private final double minConfidence;
  private final List<Threshold> thresholds;
  private final String model;
  private final String env;
  private final Clock clock;

  public CapacityRiskJob(
      StorageComponent storage,
      ForecastService forecasts,
      CapacityRiskPolicy policy,
      double minConfidence,
      List<Threshold> thresholds,
      String model,
      String env,
      Clock clock) {
    this.storage = storage;
    this.forecasts = forecasts;
    this.policy = policy;
    this.minConfidence = minConfidence;
    this.thresholds = List.copyOf(thresholds);
    this.model = model;
    this.env = env;
    this.clock = clock;
  }

  /** Checks every target once; returns what it did, target by target. */
  public synchronized List<Outcome> runOnce() {
    List<Outcome> outcomes = new ArrayList<>();
    for (String cluster : storage.capacity().clusters()) {
      for (ForecastTarget.Resource resource : ForecastTarget.Resource.values()) {
        ForecastTarget target = new ForecastTarget.ClusterResource(cluster, resource);
        Scope scope = new Scope(cluster, CLUSTER_NAMESPACE, resource.wire(), resource.signal());
        outcomes.add(check(target, OptionalDouble.empty(), scope));
      }
    }
    for (Threshold t : thresholds) {
      ForecastTarget target = new ForecastTarget.Series(t.key());
      Optional<WorkloadId> w = WorkloadId.parse(t.key().service());
      Scope scope =
          w.map(
                  id ->
                      new Scope(
                          id.clusterId(), id.namespace(), id.workloadName(), t.key().metric()))
              .orElse(new Scope(SERVICE_SCOPE, SERVICE_SCOPE, t.key().service(), t.key().metric()));
      outcomes.add(check(target, t.capacity(), scope));
    }
    return outcomes;
  }

  private Outcome check(ForecastTarget target, OptionalDouble capacity, Scope scope) {
    String name = target.describe().toString();
    Optional<Risk> risk;
    try {
      risk = risk(target, capacity);
    } catch (ForecastService.NoHistoryException e) {
      return new Outcome(name, "skipped: " + e.getMessage(), Optional.empty());
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "capacity forecast of " + name + " failed", e);
      return new Outcome(name, "failed: " + e.getMessage(), Optional.empty());
    }
    Optional<DriftEvent> open =
        storage
            .driftEvents()
            .open(
                scope.clusterId(),
                scope.namespace(),
                scope.workload(),
                DriftCategory.CAPACITY_RISK);
    long now = clock.millis();
    if (risk.isEmpty()) {
      if (open.isEmpty()) return new Outcome(name, "no risk", Optional.empty());
      DriftEvent resolved =
          open.get().resolved("driftline", now, now, open.get().severity(), open.get().sourceSeq());
      storage.driftEvents().write(resolved);
      return new Outcome(name, "resolved", Optional.of(resolved));
    }
    Risk r = risk.get();
    if (open.isPresent()) {
      DriftEvent e = open.get();
      DriftEvent updated =
          e.withSignals(List.of(scope.signal()), r.severity, r.confidence, e.sourceSeq());
      if (!updated.equals(e)) storage.driftEvents().write(updated);
      return new Outcome(name, "updated", Optional.of(updated));
    }
    DriftEvent fresh =
        new DriftEvent(
            scope.clusterId(),
            env,
            LocalDate.ofInstant(Instant.ofEpochMilli(now), ZoneOffset.UTC),
            UUID.nameUUIDFromBytes(
                    ("capacity\n" + scope + "\n" + now).getBytes(StandardCharsets.UTF_8))
                .toString(),
            DriftCategory.CAPACITY_RISK,
            r.severity,
            scope.workload(),
            scope.namespace(),
            now,
            OptionalLong.empty(),
            "forecast/" + r.model,
            r.confidence,
            DriftStatus.OPEN,
            List.of(scope.signal()),
            Optional.empty(),
            Optional.empty(),
            OptionalLong.empty(),
            Optional.empty(),
            OptionalLong.empty(),
            0);
    storage.driftEvents().write(fresh);
    LOG.log(
        System.Logger.Level.INFO,
        "capacity risk "
            + fresh.driftId()
            + ": "
            + name
            + " runs out in about "
            + r.until.toHours()
            + " h ("
            + r.severity.wire()
            + ", confidence "
            + Math.round(r.confidence * 100)
            + "%)");
    return new Outcome(name, "opened", Optional.of(fresh));
  }

  private record Risk(Severity severity, double confidence, Duration until, String model) {}

  private Optional<Risk> risk(ForecastTarget target, OptionalDouble capacity) {
    ForecastService.NoHistoryException lastShort = null;
    boolean answered = false;
    for (ForecastInterval interval : LADDER) {
      ForecastService.Result result;
      try {
        result =
            forecasts
                .forecast(
                    new ForecastService.Request(
                        target, interval.rangeHours, interval, model, capacity))
                .result();
      } catch (ForecastService.NoHistoryException e) {
        if (e.none()) throw e;
        lastShort = e; // too little history for this interval: coarser ones need more
        break;
      }
      answered = true;
      Optional<Exhaustion> exhaustion = result.exhaustion();
      if (exhaustion.isPresent() && exhaustion.get().probability() >= minConfidence) {
        Exhaustion e = exhaustion.get();
        long at = result.stepStart(e.expectedStep().orElse(e.firstStep()));
        Duration until = Duration.ofMillis(Math.max(0, at - clock.millis()));
        return Optional.of(
            new Risk(
                policy.severity(until), clamp(e.probability()), until, result.forecast().model()));
      }
      if (result.capacity().isEmpty()) return Optional.empty();
    }
    if (!answered && lastShort != null) throw lastShort;
    return Optional.empty();
  }

  private static double clamp(double p) {
    return Math.max(0, Math.min(1, p));
  }
}
