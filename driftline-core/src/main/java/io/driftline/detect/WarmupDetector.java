package io.driftline.detect;

import io.driftline.health.HealthState;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Holds a detector's series in {@code INSUFFICIENT_DATA} for their first {@code warmup} samples, so
 * that every detector the service runs keeps the seeds' promise "baseline ready after 100 samples"
 * ({@code detection.warmup}), whatever its own minimum is (the ensemble scores from its 30th
 * sample). The wrapped detector learns from every sample as before; only its verdicts are held
 * back: no state change, score and z of 0, severity {@code info}. At the {@code warmup}-th sample
 * the series reports a {@code baseline_ready} change to the state the detector is in by then
 * ({@code DRIFT_DETECTED} when it already alarms, with that sample's z as evidence).
 *
 * <p>It keeps no state of its own in checkpoints: the same name and bytes as the wrapped detector,
 * the samples seen read back from its snapshot when restored. {@code new WarmupDetector(new
 * EnsembleDetector(), 100)}
 */
public final class WarmupDetector implements Detector {
  private final Detector detector;
  private final int warmup;

  public WarmupDetector(Detector detector, int warmup) {
    if (warmup < 1) throw new IllegalArgumentException("warmup must be >= 1 but was " + warmup);
    this.detector = detector;
    this.warmup = warmup;
  }

  @Override
  public String name() {
    return detector.name();
  }

  @Override
  public SeriesDetector create() {
    return new Series(detector.create(), 0);
  }

  @Override
  public SeriesDetector restore(DataInput in) throws IOException {
    SeriesDetector restored = detector.restore(in);
    return new Series(restored, restored.snapshot().sampleCount());
  }

  private final class Series implements SeriesDetector {
    private final SeriesDetector inner;
    private long seen; // counted up to warmup only

    Series(SeriesDetector inner, long seen) {
      this.inner = inner;
      this.seen = Math.min(seen, warmup);
    }

    @Override
    public Verdict update(long epochMillis, double value) {
      Verdict verdict = inner.update(epochMillis, value);
      if (seen >= warmup) return verdict;
      seen++;
      if (seen < warmup) return new Verdict(HealthState.INSUFFICIENT_DATA, 0, 0, Optional.empty());
      HealthState state = verdict.state();
      if (state == HealthState.INSUFFICIENT_DATA) return verdict; // its own warm-up is longer
      List<Double> evidence =
          state == HealthState.DRIFT_DETECTED ? List.of(verdict.z()) : List.of();
      var change = new Verdict.Change(HealthState.INSUFFICIENT_DATA, "baseline_ready", evidence);
      return new Verdict(state, verdict.score(), verdict.z(), Optional.of(change));
    }

    @Override
    public BaselineSnapshot snapshot() {
      BaselineSnapshot s = inner.snapshot();
      if (seen >= warmup) return s;
      return new BaselineSnapshot(
          HealthState.INSUFFICIENT_DATA,
          s.sampleCount(),
          s.baselineCount(),
          s.mean(),
          s.stddev(),
          0,
          s.lastZ(),
          AnomalySeverity.INFO);
    }

    @Override
    public void writeTo(DataOutput out) throws IOException {
      inner.writeTo(out);
    }
  }
}
