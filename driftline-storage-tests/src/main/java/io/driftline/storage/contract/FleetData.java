package io.driftline.storage.contract;

import io.driftline.capacity.CapacitySnapshot;
import io.driftline.capacity.NodeGroup;
import io.driftline.change.ConfigChange;
import io.driftline.drift.DriftCategory;
import io.driftline.drift.DriftEvent;
import io.driftline.drift.DriftStatus;
import io.driftline.drift.Recommendation;
import io.driftline.drift.RecommendationStatus;
import io.driftline.drift.Severity;
import io.driftline.storage.WriteBatch;
import io.driftline.workload.PodMetric;
import io.driftline.workload.PodSignal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/** Builders for the fleet values (pods, capacity, changes, drift) the contract suite writes. */
public final class FleetData {
  public static final String CLUSTER = "prod-us-east-1";
  public static final long T0 = Instant.parse("2024-01-15T10:00:00Z").toEpochMilli();
  public static final long MINUTE = 60_000;
  public static final long HOUR = 60 * MINUTE;

  private FleetData() {}

  public static PodMetric pod(String pod, String workload, long ts, double latencyP95) {
    return new PodMetric(
        CLUSTER,
        "production",
        pod,
        workload,
        Optional.empty(),
        ts,
        Map.of(),
        Map.of(PodSignal.LATENCY_P95_MS, latencyP95, PodSignal.CPU_CORES, 0.5));
  }

  public static WriteBatch pods(PodMetric... metrics) {
    return new WriteBatch(List.of(), List.of(), List.of(), OptionalLong.empty(), List.of(metrics));
  }

  public static NodeGroup group(String name, int count) {
    return new NodeGroup(
        name,
        "m5.xlarge",
        count,
        4.0 * count,
        16e9 * count,
        2.5 * count,
        8e9 * count,
        1.5 * count,
        6e9 * count,
        OptionalLong.of(20L * count));
  }

  public static CapacitySnapshot snapshot(String cluster, long ts, NodeGroup... groups) {
    return new CapacitySnapshot(cluster, ts, List.of(groups));
  }

  public static ConfigChange change(String id, String workload, long at) {
    return new ConfigChange(
        id,
        CLUSTER,
        "production",
        workload,
        "image",
        at,
        "deployer",
        "{\"image\":\"app:1\"}",
        "{\"image\":\"app:2\"}");
  }

  public static DriftEvent event(
      String id, String workload, DriftCategory category, long start, DriftStatus status) {
    return new DriftEvent(
        CLUSTER,
        "prod",
        date(start),
        id,
        category,
        Severity.MAJOR,
        workload,
        "production",
        start,
        OptionalLong.empty(),
        "anomaly",
        0.92,
        status,
        List.of("latency_p95_ms"),
        Optional.empty(),
        Optional.empty(),
        OptionalLong.empty(),
        Optional.empty(),
        OptionalLong.empty(),
        0);
  }

  public static Recommendation recommendation(String recId, String driftId, long created) {
    return new Recommendation(
        CLUSTER,
        "prod",
        date(created),
        driftId,
        recId,
        "hpa_tune",
        "{\"min_replicas\": 3, \"max_replicas\": 15}",
        OptionalDouble.of(450.0),
        false,
        RecommendationStatus.PROPOSED,
        Optional.empty(),
        OptionalLong.empty(),
        created);
  }

  public static LocalDate date(long epochMillis) {
    return LocalDate.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC);
  }
}
