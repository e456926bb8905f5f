package io.driftline.storage.contract;

import io.driftline.health.HealthState;
import io.driftline.health.Transition;
import io.driftline.storage.ServiceCheckpoint;
import io.driftline.storage.WriteBatch;
import io.driftline.telemetry.Sample;
import io.driftline.telemetry.SeriesKey;
import io.driftline.telemetry.StoredSample;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** Short builders for the values the contract suite writes, so each test reads as its scenario. */
public final class ContractData {
  public static final SeriesKey LATENCY = key("checkout", "latency_ms");
  public static final SeriesKey PAYLOAD = key("checkout", "payload_kb");

  private ContractData() {}

  public static SeriesKey key(String service, String metric) {
    return SeriesKey.of(service, metric);
  }

  public static SeriesKey key(String service, String metric, Map<String, String> labels) {
    return new SeriesKey(service, metric, labels);
  }

  public static StoredSample sample(long seq, SeriesKey key, long epochMillis, double value) {
    return new StoredSample(seq, new Sample(key, epochMillis, value));
  }

  public static Transition transition(SeriesKey key, long seq, long epochMillis, String rule) {
    return new Transition(
        key,
        seq,
        epochMillis,
        HealthState.STABLE,
        HealthState.DRIFT_DETECTED,
        rule,
        List.of(3.5, -0.25));
  }

  public static ServiceCheckpoint checkpoint(String service, long lastSeq, byte... state) {
    return new ServiceCheckpoint(service, lastSeq, state);
  }

  public static WriteBatch samples(StoredSample... samples) {
    return WriteBatch.ofSamples(List.of(samples));
  }

  public static WriteBatch transitions(Transition... transitions) {
    return new WriteBatch(List.of(), List.of(transitions), List.of(), OptionalLong.empty());
  }

  public static WriteBatch checkpoints(OptionalLong replayFrom, ServiceCheckpoint... checkpoints) {
    return new WriteBatch(List.of(), List.of(), List.of(checkpoints), replayFrom);
  }
}
