package io.driftline.health;

import io.driftline.detect.BaselineSnapshot;
import io.driftline.detect.Detector;
import io.driftline.detect.DetectorSelector;
import io.driftline.detect.SeriesDetector;
import io.driftline.detect.Verdict;
import io.driftline.telemetry.SeriesKey;
import io.driftline.telemetry.StoredSample;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The mutable health of one service: a detector per series, chosen by metric name, and the
 * service's own state, which is the worst of its series. Owned by exactly one shard thread; readers
 * get {@link #snapshot()}. With {@link GoldenSignals} on, the samples of the golden signals also
 * form rows for one Isolation Forest per label set, whose series {@value GoldenSignals#METRIC}
 * counts like the others: all series of a service are on its shard, so no state crosses threads.
 */
public final class ServiceHealth {
  private static final System.Logger LOG = System.getLogger(ServiceHealth.class.getName());

  /** 2: the detector's name and the length of its state per series; 1: one name per service. */
  private static final int FORMAT = 2;

  private static final int FORMAT_ONE_DETECTOR = 1;
  private final String service;
  private final DetectorSelector detectors;
  private final Map<SeriesKey, SeriesDetector> series = new LinkedHashMap<>();
  private final GoldenSignals golden;
  private final Map<SeriesKey, GoldenSignalsSeries> goldenSeries = new LinkedHashMap<>();
  private HealthState state = HealthState.INSUFFICIENT_DATA;
  private long lastSeq;
  private long transitionMillis;
  private long lastUpdatedMillis;

  public ServiceHealth(String service, Detector detector) {
    this(service, DetectorSelector.of(detector));
  }

  public ServiceHealth(String service, DetectorSelector detectors) {
    this(service, detectors, GoldenSignals.OFF);
  }

  /** As above, with the multivariate detector over the service's golden signals (or OFF). */
  public ServiceHealth(String service, DetectorSelector detectors, GoldenSignals golden) {
    this.service = service;
    this.detectors = detectors;
    this.golden = golden;
  }

  public String service() {
    return service;
  }

  /** Sequence number of the last sample applied; replay skips samples at or below it. */
  public long lastSeq() {
    return lastSeq;
  }

  /** Applies one committed sample and reports any series transition it caused. */
  public void accept(StoredSample stored, Consumer<Transition> transitions) {
    var sample = stored.sample();
    SeriesDetector seriesDetector =
        series.computeIfAbsent(sample.key(), k -> detectors.forMetric(k.metric()).create());
    Verdict verdict = seriesDetector.update(sample.epochMillis(), sample.value());
    lastSeq = stored.seq();
    lastUpdatedMillis = Math.max(lastUpdatedMillis, sample.epochMillis());
    if (transitionMillis == 0) transitionMillis = sample.epochMillis();
    report(sample.key(), stored, verdict, () -> seriesDetector.snapshot().severity(), transitions);
    int column = golden.column(sample.key().metric());
    if (column < 0) return;
    var goldenKey = new SeriesKey(service, GoldenSignals.METRIC, sample.key().labels());
    GoldenSignalsSeries rows =
        goldenSeries.computeIfAbsent(goldenKey, k -> new GoldenSignalsSeries(golden));
    rows.accept(column, sample.epochMillis(), sample.value())
        .ifPresent(
            v -> report(goldenKey, stored, v, () -> rows.snapshot().severity(), transitions));
  }

  private void report(
      SeriesKey key,
      StoredSample stored,
      Verdict verdict,
      java.util.function.Supplier<io.driftline.detect.AnomalySeverity> severity,
      Consumer<Transition> transitions) {
    if (verdict.change().isEmpty()) return; // the service's state can only move with a series'
    long millis = stored.sample().epochMillis();
    var c = verdict.change().get();
    transitions.accept(
        new Transition(
            key,
            stored.seq(),
            millis,
            c.from(),
            verdict.state(),
            c.rule(),
            c.zScores(),
            Optional.of(severity.get())));
    HealthState next = aggregate();
    if (next != state) {
      state = next;
      transitionMillis = millis;
    }
  }

  private HealthState aggregate() {
    HealthState worst = HealthState.INSUFFICIENT_DATA;
    for (SeriesDetector d : series.values()) worst = HealthState.worst(worst, d.snapshot().state());
    for (GoldenSignalsSeries g : goldenSeries.values()) worst = HealthState.worst(worst, g.state());
    return worst;
  }

  public ServiceSnapshot snapshot() {
    Map<SeriesKey, BaselineSnapshot> baselines = new LinkedHashMap<>();
    long samples = 0;
    for (var e : series.entrySet()) {
      BaselineSnapshot b = e.getValue().snapshot();
      baselines.put(e.getKey(), b);
      samples = Math.max(samples, b.sampleCount());
    }
    goldenSeries.forEach(
        (key, g) -> {
          if (g.started()) baselines.put(key, g.snapshot());
        });
    return new ServiceSnapshot(
        service, state, transitionMillis, lastUpdatedMillis, samples, baselines);
  }

  /** Everything needed to continue exactly where this service is. */
  public byte[] encode() {
    var bytes = new ByteArrayOutputStream();
    try (var out = new DataOutputStream(bytes)) {
      out.writeInt(FORMAT);
      out.writeByte(state.ordinal());
      out.writeLong(lastSeq);
      out.writeLong(transitionMillis);
      out.writeLong(lastUpdatedMillis);
      out.writeInt(series.size());
      for (var e : series.entrySet()) {
        out.writeUTF(e.getKey().metric());
        out.writeUTF(e.getKey().labelsText());
        out.writeUTF(detectors.forMetric(e.getKey().metric()).name());
        byte[] state = stateOf(e.getValue());
        out.writeInt(state.length);
        out.write(state);
      }
      if (!goldenSeries.isEmpty()) writeGolden(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * The golden signals section, after the series (a reader of format 2 without it never looks past
   * them): a marker, then per label set its labels and the state's length and bytes.
   */
  private void writeGolden(DataOutputStream out) throws IOException {
    out.writeUTF(GoldenSignals.METRIC);
    out.writeInt(goldenSeries.size());
    for (var e : goldenSeries.entrySet()) {
      out.writeUTF(e.getKey().labelsText());
      var bytes = new ByteArrayOutputStream();
      try (var state = new DataOutputStream(bytes)) {
        e.getValue().writeTo(state);
      }
      out.writeInt(bytes.size());
      bytes.writeTo(out);
    }
  }

  /** Reads the section of {@link #writeGolden}; false when some state was left out. */
  private boolean readGolden(DataInputStream in) throws IOException {
    if (!in.readUTF().equals(GoldenSignals.METRIC)) throw new IOException("unknown section");
    int n = in.readInt();
    boolean complete = true;
    for (int i = 0; i < n; i++) {
      var key = new SeriesKey(service, GoldenSignals.METRIC, SeriesKey.parseLabels(in.readUTF()));
      byte[] state = new byte[in.readInt()];
      in.readFully(state);
      if (!golden.enabled()) {
        complete = false;
        continue;
      }
      try {
        var input = new DataInputStream(new ByteArrayInputStream(state));
        goldenSeries.put(key, GoldenSignalsSeries.restore(golden, input));
      } catch (IOException | RuntimeException e) {
        complete = false;
        LOG.log(
            System.Logger.Level.WARNING,
            "cannot restore series " + key + " (" + e.getMessage() + "); it learns again");
      }
    }
    return complete;
  }

  private static byte[] stateOf(SeriesDetector detector) throws IOException {
    var bytes = new ByteArrayOutputStream();
    try (var out = new DataOutputStream(bytes)) {
      detector.writeTo(out);
    }
    return bytes.toByteArray();
  }

  /**
   * Restores a service from {@link #encode()}. A series whose state was written by another detector
   * than the one now configured for its metric, or that its detector cannot read (changed
   * settings), is left out and learns its baseline again; the other series continue exactly. Fails
   * only when the checkpoint as a whole is unreadable, so the caller can start that service afresh.
   * Checkpoints of format 1 (one detector for the whole service) are read when that detector is
   * still the one of every series.
   */
  public static ServiceHealth decode(String service, Detector detector, byte[] encoded)
      throws IOException {
    return decode(service, DetectorSelector.of(detector), encoded);
  }

  /** As above, with a detector per metric. */
  public static ServiceHealth decode(String service, DetectorSelector detectors, byte[] encoded)
      throws IOException {
    return decode(service, detectors, GoldenSignals.OFF, encoded);
  }

  /**
   * As above, with the golden signals detector: its state is restored when it was saved over the
   * same metrics and settings; otherwise (or when {@code golden} is OFF) it is left out and learns
   * again.
   */
  public static ServiceHealth decode(
      String service, DetectorSelector detectors, GoldenSignals golden, byte[] encoded)
      throws IOException {
    var in = new DataInputStream(new ByteArrayInputStream(encoded));
    int format = in.readInt();
    if (format != FORMAT && format != FORMAT_ONE_DETECTOR) {
      throw new IOException("unknown checkpoint format " + format);
    }
    String serviceDetector = format == FORMAT_ONE_DETECTOR ? in.readUTF() : null;
    ServiceHealth health = new ServiceHealth(service, detectors, golden);
    health.state = HealthState.values()[in.readByte()];
    health.lastSeq = in.readLong();
    health.transitionMillis = in.readLong();
    health.lastUpdatedMillis = in.readLong();
    int n = in.readInt();
    boolean dropped = false;
    for (int i = 0; i < n; i++) {
      String metric = in.readUTF();
      var key = new SeriesKey(service, metric, SeriesKey.parseLabels(in.readUTF()));
      Detector configured = detectors.forMetric(metric);
      if (serviceDetector != null) {
        if (!serviceDetector.equals(configured.name())) {
          throw new IOException(
              "checkpoint of detector " + serviceDetector + ", configured " + configured.name());
        }
        health.series.put(key, configured.restore(in));
        continue;
      }
      String saved = in.readUTF();
      byte[] state = new byte[in.readInt()];
      in.readFully(state);
      var restored = restore(key, saved, configured, state);
      if (restored == null) {
        dropped = true;
      } else {
        health.series.put(key, restored);
      }
    }
    if (in.available() > 0 && !health.readGolden(in)) dropped = true;
    // the saved state is the worst of all series; without some of them it may be better now
    if (dropped) health.state = health.aggregate();
    return health;
  }

  /** The series' detector, or null when it must learn again. */
  private static SeriesDetector restore(
      SeriesKey key, String saved, Detector configured, byte[] state) {
    String why;
    if (saved.equals(configured.name())) {
      try {
        return configured.restore(new DataInputStream(new ByteArrayInputStream(state)));
      } catch (IOException | RuntimeException e) {
        why = e.getMessage();
      }
    } else {
      why = "checkpoint of detector " + saved + ", configured " + configured.name();
    }
    LOG.log(
        System.Logger.Level.WARNING,
        "cannot restore series " + key + " (" + why + "); it learns its baseline again");
    return null;
  }
}
