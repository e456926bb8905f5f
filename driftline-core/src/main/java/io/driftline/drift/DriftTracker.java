package io.driftline.drift;

import io.driftline.change.ConfigChange;
import io.driftline.health.HealthState;
import io.driftline.health.Transition;
import io.driftline.ingest.TransitionListener;
import io.driftline.storage.StorageComponent;
import io.driftline.workload.WorkloadId;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
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
 * Turns detector transitions of workload series into drift events, and is the one writer of events
 * so that detection and people changing an event's status never overwrite each other.
 *
 * <p>A workload series ({@code cluster/namespace/workload}, metric mapped to a category by {@link
 * DriftSettings}) entering {@code DRIFT_DETECTED} opens an event, or joins the open event of the
 * same workload and category: there is at most one unresolved event per (cluster, namespace,
 * workload, category). A series recovering leaves it; when the last one has recovered, the event
 * gets {@code end_ts} (the recovering sample's time) and status {@code resolved}.
 *
 * <p>Severity (never lowered while an event is open): from distance, the larger of what the largest
 * |z| the firing rule looked at says ({@code >= major_z}: major, {@code >= critical_z}: critical,
 * else minor) and what the detector's evidence says (the transition's {@link
 * io.driftline.detect.AnomalySeverity}, mapped by {@link DriftSettings#severityOfEvidence}); from
 * duration in sample time, evaluated whenever the event changes (another signal joins or recovers,
 * the event resolves) and whenever newer samples of the workload are committed ({@link
 * #progressed}): open for {@code major_after}: at least major, {@code critical_after}: critical.
 * Confidence is {@code erf(median|z| / sqrt 2)}: the probability that a normal sample lies closer
 * to the baseline than the typical sample that fired the rule.
 *
 * <p>Restart-safe: the event opened by a transition has an id derived from the series and the
 * transition's sequence number, and every event remembers the last sequence number applied, so the
 * transitions a replay produces again change nothing.
 */
public final class DriftTracker implements TransitionListener {
  private static final System.Logger LOG = System.getLogger(DriftTracker.class.getName());
  static final String DETECTOR = "driftline";

  /** {@code detection_method} of configuration drift events. */
  public static final String CONFIG_DIFF = "config_diff";

  private final StorageComponent storage;
  private final DriftSettings settings;
  private final Clock clock;
  // workloads with an unresolved detected event; null until first needed (then read from storage)
  private java.util.Set<WorkloadId> watched;

  public DriftTracker(StorageComponent storage, DriftSettings settings, Clock clock) {
    this.storage = storage;
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public synchronized void committed(List<Transition> transitions) {
    for (Transition t : transitions) {
      Optional<WorkloadId> workload = WorkloadId.parse(t.series().service());
      Optional<DriftCategory> category = settings.category(t.series().metric());
      if (workload.isEmpty() || category.isEmpty()) continue;
      if (t.to() == HealthState.DRIFT_DETECTED) {
        enter(workload.get(), category.get(), t);
      } else if (t.from() == HealthState.DRIFT_DETECTED) {
        leave(workload.get(), category.get(), t);
      }
    }
  }

  /**
   * Tells the tracker that samples of these workloads up to the given times are committed, so the
   * unresolved events of those workloads escalate with how long they have been open (in sample
   * time). Cheap for workloads without such events: they are not looked up.
   */
  public synchronized void progressed(java.util.Map<WorkloadId, Long> latestMillis) {
    var watching = watched();
    for (var entry : latestMillis.entrySet()) {
      if (!watching.contains(entry.getKey())) continue;
      List<DriftEvent> open = detectedOpen(entry.getKey());
      if (open.isEmpty()) watching.remove(entry.getKey());
      for (DriftEvent e : open) {
        Severity severity =
            Severity.max(
                e.severity(), settings.severityOfDuration(entry.getValue() - e.startMillis()));
        if (severity != e.severity()) {
          storage
              .driftEvents()
              .write(e.withSignals(e.signals(), severity, e.confidenceScore(), e.sourceSeq()));
        }
      }
    }
  }

  private java.util.Set<WorkloadId> watched() {
    if (watched == null) {
      watched = new java.util.HashSet<>();
      for (DriftStatus status : List.of(DriftStatus.OPEN, DriftStatus.ACKNOWLEDGED)) {
        var query =
            new io.driftline.storage.DriftEventQuery(
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.of(status),
                Optional.empty(),
                Optional.empty(),
                Integer.MAX_VALUE,
                0);
        for (DriftEvent e : storage.driftEvents().find(query)) {
          if (e.sourceSeq() > 0) {
            watched.add(WorkloadId.of(e.clusterId(), e.namespace(), e.workloadName()));
          }
        }
      }
    }
    return watched;
  }

  private List<DriftEvent> detectedOpen(WorkloadId w) {
    var query =
        new io.driftline.storage.DriftEventQuery(
            Optional.of(w.clusterId()),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.of(w.workloadName()),
            Optional.of(w.namespace()),
            1_000,
            0);
    return storage.driftEvents().find(query).stream()
        .filter(e -> e.isOpen() && e.sourceSeq() > 0)
        .toList();
  }

  private void enter(WorkloadId w, DriftCategory category, Transition t) {
    watched().add(w);
    String driftId =
        UUID.nameUUIDFromBytes(
                (t.series().service() + "\n" + t.series().metric() + "\n" + t.seq())
                    .getBytes(StandardCharsets.UTF_8))
            .toString();
    if (storage.driftEvents().get(driftId).isPresent()) return; // replayed: it opened this one
    Severity distance =
        Severity.max(
            settings.severityOfDistance(maxAbsZ(t.zScores())),
            t.severity().map(DriftSettings::severityOfEvidence).orElse(Severity.MINOR));
    double confidence = confidence(t.zScores());
    var open = storage.driftEvents().open(w.clusterId(), w.namespace(), w.workloadName(), category);
    if (open.isPresent()) {
      DriftEvent e = open.get();
      if (t.seq() <= e.sourceSeq()) return;
      List<String> signals = new ArrayList<>(e.signals());
      if (!signals.contains(t.series().metric())) signals.add(t.series().metric());
      Severity severity =
          Severity.max(
              Severity.max(e.severity(), distance),
              settings.severityOfDuration(t.epochMillis() - e.startMillis()));
      storage
          .driftEvents()
          .write(
              e.withSignals(signals, severity, Math.max(confidence, e.confidenceScore()), t.seq()));
      return;
    }
    DriftEvent fresh =
        new DriftEvent(
            w.clusterId(),
            settings.env(),
            date(t.epochMillis()),
            driftId,
            category,
            distance,
            w.workloadName(),
            w.namespace(),
            t.epochMillis(),
            OptionalLong.empty(),
            detectionMethod(t.rule()),
            confidence,
            DriftStatus.OPEN,
            List.of(t.series().metric()),
            Optional.empty(),
            Optional.empty(),
            OptionalLong.empty(),
            Optional.empty(),
            OptionalLong.empty(),
            t.seq());
    Optional<ConfigChange> cause = probableCause(w, t.epochMillis());
    DriftEvent event = cause.map(c -> fresh.withProbableCause(c.changeId())).orElse(fresh);
    storage.driftEvents().write(event);
    cause.ifPresent(change -> storage.recommendations().write(rollback(event, change)));
    LOG.log(
        System.Logger.Level.INFO,
        "drift event "
            + driftId
            + ": "
            + category
            + " of "
            + w.text()
            + " ("
            + t.series().metric()
            + ", "
            + distance.wire()
            + ")");
  }

  /**
   * Stores a config change, and makes it the probable cause of the workload's unresolved events
   * without one that started within the cause window after it (the change was reported late), with
   * a rollback drafted for each.
   */
  public synchronized void changeRecorded(ConfigChange change) {
    storage.configHistory().write(change);
    long windowEnd = change.changedAtMillis() + settings.causeWindow().toMillis();
    var query =
        new io.driftline.storage.DriftEventQuery(
            Optional.of(change.clusterId()),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.of(change.workloadName()),
            Optional.of(change.namespace()),
            1_000,
            0);
    for (DriftEvent e : storage.driftEvents().find(query)) {
      if (!e.isOpen() || e.probableCause().isPresent() || e.sourceSeq() == 0) continue;
      if (e.startMillis() < change.changedAtMillis() || e.startMillis() > windowEnd) continue;
      DriftEvent caused = e.withProbableCause(change.changeId());
      storage.driftEvents().write(caused);
      storage.recommendations().write(rollback(caused, change));
    }
  }

  /** What {@link #configDrift} did: the event now stored, and whether it is new or changed. */
  public record ConfigDriftUpdate(DriftEvent event, boolean opened, boolean changed) {}

  /**
   * Records configuration drift of one resource (a provision or a manifest's object, identified by
   * namespace and name) found by a reconcile pass: opens a {@link DriftCategory#CONFIG_DRIFT}
   * event, or updates the resource's open one (drifted objects in {@code signals}; severity never
   * lowered while open). One unresolved event per resource, as for detected drift.
   */
  public synchronized ConfigDriftUpdate configDrift(
      String clusterId,
      String namespace,
      String resource,
      List<String> signals,
      Severity severity,
      double confidence,
      long nowMillis) {
    var open =
        storage.driftEvents().open(clusterId, namespace, resource, DriftCategory.CONFIG_DRIFT);
    if (open.isPresent()) {
      DriftEvent e = open.get();
      Severity worst = Severity.max(e.severity(), severity);
      double conf = Math.max(e.confidenceScore(), confidence);
      if (worst == e.severity() && conf == e.confidenceScore() && signals.equals(e.signals())) {
        return new ConfigDriftUpdate(e, false, false);
      }
      DriftEvent changed = e.withSignals(signals, worst, conf, e.sourceSeq());
      storage.driftEvents().write(changed);
      return new ConfigDriftUpdate(changed, false, true);
    }
    String driftId =
        UUID.nameUUIDFromBytes(
                (clusterId + "\n" + namespace + "\n" + resource + "\nconfig\n" + nowMillis)
                    .getBytes(StandardCharsets.UTF_8))
            .toString();
    DriftEvent fresh =
        new DriftEvent(
            clusterId,
            settings.env(),
            date(nowMillis),
            driftId,
            DriftCategory.CONFIG_DRIFT,
            severity,
            resource,
            namespace,
            nowMillis,
            OptionalLong.empty(),
            CONFIG_DIFF,
            confidence,
            DriftStatus.OPEN,
            signals,
            Optional.empty(),
            Optional.empty(),
            OptionalLong.empty(),
            Optional.empty(),
            OptionalLong.empty(),
            0);
    storage.driftEvents().write(fresh);
    LOG.log(
        System.Logger.Level.INFO,
        "drift event "
            + driftId
            + ": CONFIG_DRIFT of "
            + namespace
            + "/"
            + resource
            + " "
            + signals);
    return new ConfigDriftUpdate(fresh, true, true);
  }

  /**
   * The resource matches its desired state again: resolves its open configuration drift event, if
   * any (by {@value #DETECTOR}, ending now).
   */
  public synchronized Optional<DriftEvent> configDriftGone(
      String clusterId, String namespace, String resource, long nowMillis) {
    var open =
        storage.driftEvents().open(clusterId, namespace, resource, DriftCategory.CONFIG_DRIFT);
    if (open.isEmpty()) return Optional.empty();
    DriftEvent e = open.get();
    DriftEvent resolved = e.resolved(DETECTOR, nowMillis, nowMillis, e.severity(), e.sourceSeq());
    storage.driftEvents().write(resolved);
    return Optional.of(resolved);
  }

  /**
   * Stores an event a client reports; its drift_id must be new.
   *
   * @throws IllegalStateException when an event with that id exists
   */
  public synchronized void record(DriftEvent event) {
    if (storage.driftEvents().get(event.driftId()).isPresent()) {
      throw new IllegalStateException("drift event " + event.driftId() + " already exists");
    }
    storage.driftEvents().write(event);
  }

  /**
   * Moves an event to {@code next} on behalf of {@code by}: acknowledged, or resolved (then the
   * drift is taken to end now, unless detection already ended it).
   *
   * @return the event after the change, empty when there is no such event
   * @throws IllegalStateException when the event's status cannot move to {@code next}
   */
  public synchronized Optional<DriftEvent> changeStatus(
      String driftId, DriftStatus next, String by) {
    Optional<DriftEvent> found = storage.driftEvents().get(driftId);
    if (found.isEmpty()) return found;
    DriftEvent e = found.get();
    if (!e.status().canMoveTo(next)) {
      throw new IllegalStateException(
          "drift event "
              + driftId
              + " is "
              + e.status().wire()
              + " and cannot become "
              + next.wire());
    }
    long now = clock.millis();
    DriftEvent changed =
        next == DriftStatus.ACKNOWLEDGED
            ? e.acknowledged(by, now)
            : e.resolved(by, now, e.endMillis().orElse(now), e.severity(), e.sourceSeq());
    storage.driftEvents().write(changed);
    return Optional.of(changed);
  }

  /**
   * Approves or rejects a proposed recommendation on behalf of {@code by}.
   *
   * @throws IllegalStateException when it was already decided
   */
  public synchronized Optional<Recommendation> decide(
      String recId, RecommendationStatus decision, String by) {
    Optional<Recommendation> found = storage.recommendations().get(recId);
    if (found.isEmpty()) return found;
    if (found.get().status() != RecommendationStatus.PROPOSED) {
      throw new IllegalStateException(
          "recommendation " + recId + " is already " + found.get().status().wire());
    }
    Recommendation decided = found.get().decided(decision, by, clock.millis());
    storage.recommendations().write(decided);
    return Optional.of(decided);
  }

  private void leave(WorkloadId w, DriftCategory category, Transition t) {
    var open = storage.driftEvents().open(w.clusterId(), w.namespace(), w.workloadName(), category);
    if (open.isEmpty() || t.seq() <= open.get().sourceSeq()) return;
    DriftEvent e = open.get();
    List<String> signals = new ArrayList<>(e.signals());
    Severity severity =
        Severity.max(e.severity(), settings.severityOfDuration(t.epochMillis() - e.startMillis()));
    if (signals.size() > 1 && signals.remove(t.series().metric())) {
      storage.driftEvents().write(e.withSignals(signals, severity, e.confidenceScore(), t.seq()));
    } else if (signals.contains(t.series().metric())) {
      storage
          .driftEvents()
          .write(e.resolved(DETECTOR, clock.millis(), t.epochMillis(), severity, t.seq()));
    }
  }

  /** The latest change of the workload within the cause window before {@code start}. */
  private Optional<ConfigChange> probableCause(WorkloadId w, long start) {
    return storage
        .configHistory()
        .find(
            w.clusterId(),
            Optional.of(w.namespace()),
            Optional.of(w.workloadName()),
            start - settings.causeWindow().toMillis(),
            start + 1,
            1,
            0)
        .stream()
        .findFirst();
  }

  /** A drafted rollback of {@code change}: restore the state before it. */
  static Recommendation rollback(DriftEvent event, ConfigChange change) {
    String recId =
        UUID.nameUUIDFromBytes(
                (event.driftId() + "\nrollback\n" + change.changeId())
                    .getBytes(StandardCharsets.UTF_8))
            .toString();
    String json =
        "{\"action\": \"rollback\", \"change_id\": "
            + quote(change.changeId())
            + ", \"change_type\": "
            + quote(change.changeType())
            + ", \"changed_at\": "
            + quote(Instant.ofEpochMilli(change.changedAtMillis()).toString())
            + ", \"changed_by\": "
            + quote(change.changedBy())
            + ", \"restore\": "
            + change.before()
            + "}";
    return new Recommendation(
        event.clusterId(),
        event.env(),
        event.driftDate(),
        event.driftId(),
        recId,
        "rollback",
        json,
        OptionalDouble.empty(),
        false,
        RecommendationStatus.PROPOSED,
        Optional.empty(),
        OptionalLong.empty(),
        event.startMillis());
  }

  /**
   * {@code zscore_rules/severe} or {@code zscore_rules/moderate} for the DriftWatch rules; the
   * score-based detectors name their alarm after themselves, e.g. {@code ensemble}, {@code
   * robust_z}.
   */
  static String detectionMethod(String rule) {
    return switch (rule) {
      case "severe", "moderate" -> "zscore_rules/" + rule;
      default -> rule.replace('-', '_');
    };
  }

  static LocalDate date(long epochMillis) {
    return LocalDate.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC);
  }

  static double maxAbsZ(List<Double> zScores) {
    return zScores.stream().mapToDouble(Math::abs).max().orElse(0);
  }

  static double confidence(List<Double> zScores) {
    double[] abs = zScores.stream().mapToDouble(Math::abs).sorted().toArray();
    if (abs.length == 0) return 0;
    double median =
        abs.length % 2 == 1
            ? abs[abs.length / 2]
            : (abs[abs.length / 2 - 1] + abs[abs.length / 2]) / 2;
    return Math.round(erf(median / Math.sqrt(2)) * 10_000) / 10_000.0;
  }

  /** Abramowitz and Stegun 7.1.26: |error| below 1.5e-7, plenty for a score shown to 4 places. */
  static double erf(double x) {
    double t = 1 / (1 + 0.3275911 * Math.abs(x));
    double y =
        1
            - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t
                    + 0.254829592)
                * t
                * Math.exp(-x * x);
    return Math.min(1, Math.max(0, x >= 0 ? y : -y));
  }

  /** A JSON string literal. */
  static String quote(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
          else out.append(c);
        }
      }
    }
    return out.append('"').toString();
  }
}
