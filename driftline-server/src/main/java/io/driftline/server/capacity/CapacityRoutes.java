package io.driftline.server.capacity;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftline.capacity.CapacitySnapshot;
import io.driftline.capacity.NodeGroup;
import io.driftline.server.http.ApiError;
import io.driftline.server.http.Bodies;
import io.driftline.server.http.Json;
import io.driftline.server.http.JsonFields;
import io.driftline.server.http.Query;
import io.driftline.server.http.Route;
import io.driftline.server.http.Timestamps;
import io.driftline.storage.CapacityStore;
import io.driftline.telemetry.InvalidTelemetryException;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Cluster capacity: {@code POST /api/v1/capacity/snapshots}, and the seed's {@code GET
 * .../latest/{cluster}} and {@code GET .../{cluster}?start_date=&end_date=}. Utilisation is derived
 * from the absolute figures (used / allocatable, requested / allocatable), never taken from the
 * client: a client field such as {@code cpu_utilization} is refused as unknown.
 */
public final class CapacityRoutes {
  private static final Set<String> JSON = Set.of("application/json");
  static final Set<String> FIELDS = Set.of("cluster_id", "timestamp", "node_groups");
  static final Set<String> GROUP_FIELDS =
      Set.of(
          "name",
          "instance_type",
          "count",
          "allocatable_cpu_cores",
          "allocatable_memory_bytes",
          "requested_cpu_cores",
          "requested_memory_bytes",
          "used_cpu_cores",
          "used_memory_bytes",
          "pods");

  private final CapacityStore store;
  private final Clock clock;
  private final Duration maxFutureSkew;
  private final long maxBodyBytes;

  public CapacityRoutes(
      CapacityStore store, Clock clock, Duration maxFutureSkew, long maxBodyBytes) {
    this.store = store;
    this.clock = clock;
    this.maxFutureSkew = maxFutureSkew;
    this.maxBodyBytes = maxBodyBytes;
  }

  public List<Route> routes() {
    return List.of(
        Route.post("/api/v1/capacity/snapshots", this::create),
        Route.get("/api/v1/capacity/snapshots/latest/{cluster_id}", this::latest),
        Route.get("/api/v1/capacity/snapshots/{cluster_id}", this::range));
  }

  void create(Context ctx) {
    Bodies.mediaType(ctx, JSON);
    JsonNode root = JsonFields.parse(Bodies.read(ctx, maxBodyBytes));
    CapacitySnapshot snapshot;
    try {
      snapshot = decode(JsonFields.of(root, FIELDS, "a capacity snapshot"));
    } catch (InvalidTelemetryException e) {
      throw ApiError.badRequest(e.field().isEmpty() ? null : e.field(), e.getMessage());
    }
    store.write(snapshot);
    Json.respond(ctx, 201, json(snapshot));
  }

  private CapacitySnapshot decode(JsonFields f) {
    String cluster = f.id("cluster_id");
    Instant at = f.instant("timestamp");
    if (at.isAfter(clock.instant().plus(maxFutureSkew))) {
      throw new InvalidTelemetryException(
          "timestamp",
          "timestamp " + at + " is ahead of server time by more than ingest.max_future_skew");
    }
    JsonNode groups = f.node().get("node_groups");
    if (groups == null || !groups.isArray() || groups.isEmpty()) {
      throw new InvalidTelemetryException(
          "node_groups", "node_groups must be a non-empty array of node group objects");
    }
    List<NodeGroup> parsed = new ArrayList<>();
    for (int i = 0; i < groups.size(); i++) {
      try {
        parsed.add(group(JsonFields.of(groups.get(i), GROUP_FIELDS, "a node group")));
      } catch (InvalidTelemetryException e) {
        String field = "node_groups[" + i + "]" + (e.field().isEmpty() ? "" : "." + e.field());
        throw new InvalidTelemetryException(field, field + ": " + e.getMessage());
      }
    }
    try {
      return new CapacitySnapshot(cluster, at.toEpochMilli(), parsed);
    } catch (IllegalArgumentException e) {
      throw new InvalidTelemetryException("node_groups", e.getMessage());
    }
  }

  private static NodeGroup group(JsonFields g) {
    String type = g.id("instance_type");
    OptionalLong pods = g.has("pods") ? OptionalLong.of(g.count("pods")) : OptionalLong.empty();
    return new NodeGroup(
        g.optionalId("name").orElse(type),
        type,
        g.count("count"),
        g.number("allocatable_cpu_cores"),
        g.number("allocatable_memory_bytes"),
        g.number("requested_cpu_cores"),
        g.number("requested_memory_bytes"),
        g.number("used_cpu_cores"),
        g.number("used_memory_bytes"),
        pods);
  }

  void latest(Context ctx) {
    String cluster = Query.id(ctx, "cluster_id");
    CapacitySnapshot s =
        store
            .latest(cluster)
            .orElseThrow(() -> ApiError.notFound("no capacity snapshot of cluster " + cluster));
    Json.respond(ctx, 200, json(s));
  }

  /** {@code start_date}/{@code end_date} (UTC days, both inclusive; default: the last 7 days). */
  void range(Context ctx) {
    String cluster = Query.id(ctx, "cluster_id");
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    LocalDate end = Query.date(ctx, "end_date").orElse(today);
    LocalDate start = Query.date(ctx, "start_date").orElse(end.minusDays(6));
    if (end.isBefore(start)) {
      throw ApiError.badRequest("end_date", "end_date must not be before start_date");
    }
    int limit = Query.limit(ctx);
    long from = start.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    long to = end.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    List<CapacitySnapshot> found = store.range(cluster, from, to, limit);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("cluster_id", cluster);
    body.put("start_date", start.toString());
    body.put("end_date", end.toString());
    body.put("count", found.size());
    body.put("snapshots", found.stream().map(CapacityRoutes::json).toList());
    Json.respond(ctx, 200, body);
  }

  static Map<String, Object> json(CapacitySnapshot s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cluster_id", s.clusterId());
    m.put("timestamp", Timestamps.format(s.epochMillis()));
    m.put("snapshot_date", Timestamps.format(s.epochMillis()).substring(0, 10));
    m.put("node_count", s.nodes());
    m.put("allocatable_cpu_cores", s.total(NodeGroup::allocatableCpuCores));
    m.put("allocatable_memory_bytes", s.total(NodeGroup::allocatableMemoryBytes));
    m.put("requested_cpu_cores", s.total(NodeGroup::requestedCpuCores));
    m.put("requested_memory_bytes", s.total(NodeGroup::requestedMemoryBytes));
    m.put("used_cpu_cores", s.total(NodeGroup::usedCpuCores));
    m.put("used_memory_bytes", s.total(NodeGroup::usedMemoryBytes));
    m.put("cpu_utilization", ratio(s.cpuUtilisation()));
    m.put("memory_utilization", ratio(s.memoryUtilisation()));
    m.put("cpu_requested_ratio", ratio(s.cpuRequestRatio()));
    m.put("memory_requested_ratio", ratio(s.memoryRequestRatio()));
    List<Map<String, Object>> groups = new ArrayList<>();
    for (NodeGroup g : s.nodeGroups()) {
      Map<String, Object> gm = new LinkedHashMap<>();
      gm.put("name", g.name());
      gm.put("instance_type", g.instanceType());
      gm.put("count", g.count());
      gm.put("allocatable_cpu_cores", g.allocatableCpuCores());
      gm.put("allocatable_memory_bytes", g.allocatableMemoryBytes());
      gm.put("requested_cpu_cores", g.requestedCpuCores());
      gm.put("requested_memory_bytes", g.requestedMemoryBytes());
      gm.put("used_cpu_cores", g.usedCpuCores());
      gm.put("used_memory_bytes", g.usedMemoryBytes());
      gm.put("pods", g.pods().isPresent() ? g.pods().getAsLong() : null);
      gm.put("cpu_utilization", ratio(g.cpuUtilisation()));
      gm.put("memory_utilization", ratio(g.memoryUtilisation()));
      gm.put("cpu_requested_ratio", ratio(g.cpuRequestRatio()));
      gm.put("memory_requested_ratio", ratio(g.memoryRequestRatio()));
      groups.add(gm);
    }
    m.put("node_groups", groups);
    return m;
  }

  private static Double ratio(OptionalDouble r) {
    return r.isPresent() ? Math.round(r.getAsDouble() * 1e6) / 1e6 : null;
  }
}
