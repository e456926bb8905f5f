package io.driftline.health;

import io.driftline.detect.BaselineSnapshot;
import io.driftline.detect.Detector;
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
import java.util.function.Consumer;

/**
 * The mutable health of one service: a detector per series and the service's own state, which is
 * the worst of its series. Owned by exactly one shard thread; readers get {@link #snapshot()}.
 */
public final class ServiceHealth {
  private static final int FORMAT = 1;
  private final String service;
  private final Detector detector;
  private final Map<SeriesKey, SeriesDetector> series = new LinkedHashMap<>();
  private HealthState state = HealthState.INSUFFICIENT_DATA;
  private long lastSeq;
  private long transitionMillis;
  private long lastUpdatedMillis;

  public ServiceHealth(String service, Detector detector) {
    this.service = service;
    this.detector = detector;
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
    SeriesDetector seriesDetector = series.computeIfAbsent(sample.key(), k -> detector.create());
    Verdict verdict = seriesDetector.update(sample.epochMillis(), sample.value());
    lastSeq = stored.seq();
    lastUpdatedMillis = Math.max(lastUpdatedMillis, sample.epochMillis());
    if (transitionMillis == 0) transitionMillis = sample.epochMillis();
    if (verdict.change().isEmpty()) return; // the service's state can only move with a series'
    var c = verdict.change().get();
    transitions.accept(
        new Transition(
            sample.key(),
            stored.seq(),
            sample.epochMillis(),
            c.from(),
            verdict.state(),
            c.rule(),
            c.zScores()));
    HealthState next = aggregate();
    if (next != state) {
      state = next;
      transitionMillis = sample.epochMillis();
    }
  }

  private HealthState aggregate() {
    HealthState worst = HealthState.INSUFFICIENT_DATA;
    for (SeriesDetector d : series.values()) worst = HealthState.worst(worst, d.snapshot().state());
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
    return new ServiceSnapshot(
        service, state, transitionMillis, lastUpdatedMillis, samples, baselines);
  }

  /** Everything needed to continue exactly where this service is. */
  public byte[] encode() {
    var bytes = new ByteArrayOutputStream();
    try (var out = new DataOutputStream(bytes)) {
      out.writeInt(FORMAT);
      out.writeUTF(detector.name());
      out.writeByte(state.ordinal());
      out.writeLong(lastSeq);
      out.writeLong(transitionMillis);
      out.writeLong(lastUpdatedMillis);
      out.writeInt(series.size());
      for (var e : series.entrySet()) {
        out.writeUTF(e.getKey().metric());
        out.writeUTF(e.getKey().labelsText());
        e.getValue().writeTo(out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * Restores a service from {@link #encode()}. Fails when the checkpoint was written by another
   * detector or format, so the caller can decide to start that service afresh.
   */
  public static ServiceHealth decode(String service, Detector detector, byte[] encoded)
      throws IOException {
    var in = new DataInputStream(new ByteArrayInputStream(encoded));
    int format = in.readInt();
    if (format != FORMAT) throw new IOException("unknown checkpoint format " + format);
    String name = in.readUTF();
    if (!name.equals(detector.name())) {
      throw new IOException("checkpoint of detector " + name + ", configured " + detector.name());
    }
    ServiceHealth health = new ServiceHealth(service, detector);
    health.state = HealthState.values()[in.readByte()];
    health.lastSeq = in.readLong();
    health.transitionMillis = in.readLong();
    health.lastUpdatedMillis = in.readLong();
    int n = in.readInt();
    for (int i = 0; i < n; i++) {
      String metric = in.readUTF();
      var key = new SeriesKey(service, metric, SeriesKey.parseLabels(in.readUTF()));
      health.series.put(key, detector.restore(in));
    }
    return health;
  }
}
