package io.driftline.server.forecast;

import io.driftline.capacity.CapacitySnapshot;
import io.driftline.capacity.NodeGroup;
import io.driftline.telemetry.SeriesKey;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * What is forecast: one telemetry series (a service's metric, e.g. a workload's {@code cpu_cores}),
 * or a cluster resource summed over its node groups from capacity snapshots, whose capacity is the
 * allocatable total.
 */
public sealed interface ForecastTarget {

  /** Identifies the target in cache keys and in the answer. */
  Map<String, Object> describe();

  /** A stored series. */
  record Series(SeriesKey key) implements ForecastTarget {
    @Override
    public Map<String, Object> describe() {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("service_id", key.service());
      out.put("metric", key.metric());
      if (!key.labels().isEmpty()) out.put("labels", key.labels());
      return out;
    }
  }

  /** Usage of one resource of a cluster. */
  record ClusterResource(String clusterId, Resource resource) implements ForecastTarget {
    @Override
    public Map<String, Object> describe() {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("cluster_id", clusterId);
      out.put("resource", resource.wire());
      return out;
    }
  }

  /** A resource capacity snapshots report usage and allocatable capacity of. */
  enum Resource {
    CPU(NodeGroup::usedCpuCores, NodeGroup::allocatableCpuCores, "cpu_cores"),
    MEMORY(NodeGroup::usedMemoryBytes, NodeGroup::allocatableMemoryBytes, "memory_bytes");

    private final ToDoubleFunction<NodeGroup> used;
    private final ToDoubleFunction<NodeGroup> allocatable;
    private final String signal;

    Resource(
        ToDoubleFunction<NodeGroup> used, ToDoubleFunction<NodeGroup> allocatable, String signal) {
      this.used = used;
      this.allocatable = allocatable;
      this.signal = signal;
    }

    public double used(CapacitySnapshot s) {
      return s.total(used);
    }

    public double allocatable(CapacitySnapshot s) {
      return s.total(allocatable);
    }

    /** The signal name events carry, e.g. {@code cpu_cores}. */
    public String signal() {
      return signal;
    }

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
