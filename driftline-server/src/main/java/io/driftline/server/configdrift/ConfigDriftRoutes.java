package io.driftline.server.configdrift;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftline.config.DesiredObject;
import io.driftline.config.Provision;
import io.driftline.config.RemediationRecord;
import io.driftline.config.ResourceId;
import io.driftline.server.http.ApiError;
import io.driftline.server.http.Bodies;
import io.driftline.server.http.Json;
import io.driftline.server.http.JsonFields;
import io.driftline.server.http.Query;
import io.driftline.server.http.Route;
import io.driftline.server.http.Timestamps;
import io.driftline.server.provision.ProvisionRequest;
import io.driftline.storage.StorageComponent;
import io.driftline.telemetry.InvalidTelemetryException;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * The configuration drift API: seeds/004's {@code POST /v1/provision} and {@code GET|POST
 * /v1/resources}, plus Driftline's own {@code /api/v1/config/...} routes to register manifests as
 * desired state, run a reconcile pass, and read and decide remediations.
 */
public final class ConfigDriftRoutes {
  private static final Set<String> JSON = Set.of("application/json");
  private static final Set<String> MANIFEST_TYPES =
      Set.of("application/json", "application/yaml", "application/x-yaml", "text/yaml");
  static final Set<String> QUERY_FIELDS =
      Set.of("namespace", "resourceType", "resourceName", "deploymentId");

  private final ConfigDrift drift;
  private final StorageComponent storage;
  private final Executor background;
  private final long maxBodyBytes;

  public ConfigDriftRoutes(
      ConfigDrift drift, StorageComponent storage, Executor background, long maxBodyBytes) {
    this.drift = drift;
    this.storage = storage;
    this.background = background;
    this.maxBodyBytes = maxBodyBytes;
  }

  public List<Route> routes() {
    return List.of(
        Route.post("/v1/provision", this::provision),
        Route.get("/v1/resources", this::resourcesByQuery),
        Route.post("/v1/resources", this::resourcesByBody),
        Route.post("/api/v1/config/desired", this::registerDesired),
        Route.get("/api/v1/config/desired", this::listDesired),
        Route.post("/api/v1/config/reconcile", this::reconcile),
        Route.get("/api/v1/config/remediations", this::remediations),
        Route.post("/api/v1/config/remediations/{remediation_id}/approve", this::approve),
        Route.post("/api/v1/config/remediations/{remediation_id}/reject", this::reject));
  }

  void provision(Context ctx) {
    Bodies.mediaType(ctx, JSON);
    ProvisionRequest request =
        ProvisionRequest.parse(JsonFields.parse(Bodies.read(ctx, maxBodyBytes)));
    Provision p = drift.provisioner().submit(request);
    background.execute(() -> drift.provisioner().apply(p.deploymentId()));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("deploymentId", p.deploymentId());
    body.put("status", "Accepted");
    body.put("phase", p.phase());
    body.put("message", p.message());
    body.put("resourceType", p.resourceType());
    body.put("resourceName", p.name());
    body.put("namespace", p.namespace());
    body.put(
        "objects",
        storage.desiredState().ofDeployment(p.deploymentId()).stream()
            .map(DesiredObject::key)
            .toList());
    Json.respond(ctx, 202, body);
  }

  void resourcesByQuery(Context ctx) {
    String namespace =
        Query.optionalId(ctx, "namespace")
            .orElseThrow(() -> ApiError.badRequest("namespace", "namespace is required"));
    answer(
        ctx,
        new ResourceStates.Query(
            namespace,
            Query.optionalId(ctx, "resourceType"),
            Query.optionalId(ctx, "resourceName"),
            Query.optionalId(ctx, "deploymentId")));
  }

  void resourcesByBody(Context ctx) {
    Bodies.mediaType(ctx, JSON);
    ResourceStates.Query q;
    try {
      var f =
          JsonFields.of(
              JsonFields.parse(Bodies.read(ctx, maxBodyBytes)), QUERY_FIELDS, "a resource query");
      q =
          new ResourceStates.Query(
              f.id("namespace"),
              f.optionalId("resourceType"),
              f.optionalId("resourceName"),
              f.optionalId("deploymentId"));
    } catch (InvalidTelemetryException e) {
      throw ApiError.badRequest(e.field().isEmpty() ? null : e.field(), e.getMessage());
    }
    answer(ctx, q);
  }

  private void answer(Context ctx, ResourceStates.Query q) {
    List<Map<String, Object>> found;
    try {
      found = drift.states().find(q);
    } catch (KubernetesClientException e) {
      throw ApiError.unavailable("Kubernetes API unavailable: " + e.getMessage(), 30);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("resources", found);
    body.put("total", found.size());
    body.put("namespace", q.namespace());
    Json.respond(ctx, 200, body);
  }

  void registerDesired(Context ctx) {
    Bodies.mediaType(ctx, MANIFEST_TYPES);
    String text = new String(Bodies.read(ctx, maxBodyBytes), StandardCharsets.UTF_8);
    List<Map<String, Object>> manifests;
    try {
      manifests = ManifestFiles.parse(text, "the request body");
    } catch (IOException e) {
      throw ApiError.badRequest(null, e.getMessage());
    }
    if (manifests.isEmpty()) throw ApiError.badRequest(null, "the body holds no manifest");
    Optional<String> defaultNamespace = Query.optionalId(ctx, "namespace");
    String deploymentId =
        Query.optionalId(ctx, "deploymentId").orElseGet(ConfigDriftRoutes::registrationId);
    long now = drift.clock().millis();
    List<DesiredObject> objects = new ArrayList<>();
    for (int i = 0; i < manifests.size(); i++) {
      objects.add(desiredObject(manifests.get(i), i, defaultNamespace, deploymentId, now));
    }
    storage.desiredState().putAll(objects);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("deploymentId", deploymentId);
    body.put("count", objects.size());
    body.put("objects", objects.stream().map(DesiredObject::key).toList());
    Json.respond(ctx, 201, body);
  }

  @SuppressWarnings("unchecked")
  private static DesiredObject desiredObject(
      Map<String, Object> m, int index, Optional<String> defaultNamespace, String id, long now) {
    String where = "document " + index;
    if (!(m.get("apiVersion") instanceof String) || !(m.get("kind") instanceof String)) {
      throw ApiError.badRequest(null, where + " needs apiVersion and kind");
    }
    if (!(m.get("metadata") instanceof Map<?, ?> meta) || !(meta.get("name") instanceof String)) {
      throw ApiError.badRequest(null, where + " needs metadata.name");
    }
    Map<String, Object> metadata = (Map<String, Object>) meta;
    if (metadata.get("namespace") == null) {
      if (defaultNamespace.isEmpty())
        throw ApiError.badRequest(
            "namespace", where + " needs metadata.namespace (or ?namespace= for all documents)");
      metadata.put("namespace", defaultNamespace.get());
    }
    ResourceId rid = ResourceId.of(m);
    if (KubeKind.of(rid).isEmpty()) {
      throw ApiError.badRequest(
          null,
          where
              + ": kind "
              + rid.kind()
              + " (group '"
              + rid.group()
              + "') is not supported; use "
              + KubeKind.supported());
    }
    try {
      return new DesiredObject(
          rid.toString(), id, rid.namespace(), rid.name(), Json.MAPPER.writeValueAsString(m), now);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw ApiError.badRequest(null, where + " cannot be stored: " + e.getOriginalMessage());
    }
  }

  void listDesired(Context ctx) {
    Optional<String> namespace = Query.optionalId(ctx, "namespace");
    Optional<String> deploymentId = Query.optionalId(ctx, "deploymentId");
    int limit = Query.limit(ctx);
    int offset = Query.offset(ctx);
    List<Map<String, Object>> out = new ArrayList<>();
    List<DesiredObject> all =
        deploymentId.isPresent()
            ? storage.desiredState().ofDeployment(deploymentId.get())
            : storage.desiredState().all();
    all.stream()
        .filter(o -> namespace.map(o.namespace()::equals).orElse(true))
        .skip(offset)
        .limit(limit)
        .forEach(
            o -> {
              Map<String, Object> m = new LinkedHashMap<>();
              m.put("key", o.key());
              m.put("deploymentId", o.deploymentId());
              m.put("namespace", o.namespace());
              m.put("resourceName", o.resourceName());
              m.put("updatedAt", Timestamps.format(o.updatedMillis()));
              m.put("manifest", hideSecretValues(DesiredTrees.parse(o.manifestJson())));
              out.add(m);
            });
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("count", out.size());
    body.put("objects", out);
    Json.respond(ctx, 200, body);
  }

  /** Secret values are never echoed: the keys stay, the values become {@code <hidden>}. */
  private static Map<String, Object> hideSecretValues(Map<String, Object> tree) {
    if (!"Secret".equals(tree.get("kind"))) return tree;
    for (String field : List.of("data", "stringData")) {
      if (tree.get(field) instanceof Map<?, ?> data) {
        Map<String, Object> hidden = new LinkedHashMap<>();
        data.keySet().forEach(k -> hidden.put(String.valueOf(k), "<hidden>"));
        tree.put(field, hidden);
      }
    }
    return tree;
  }

  void reconcile(Context ctx) {
    ConfigReconciler.Summary s;
    try {
      s = drift.reconciler().reconcileOnce();
    } catch (KubernetesClientException e) {
      throw ApiError.unavailable("Kubernetes API unavailable: " + e.getMessage(), 30);
    }
    Json.respond(ctx, 200, s);
  }

  void remediations(Context ctx) {
    int limit = Query.limit(ctx);
    List<RemediationRecord> found =
        storage
            .remediations()
            .find(
                Query.optionalId(ctx, "objectKey"),
                Query.optionalId(ctx, "deploymentId"),
                Query.optionalId(ctx, "status"),
                limit,
                Query.offset(ctx));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("count", found.size());
    body.put("remediations", found.stream().map(ConfigDriftRoutes::json).toList());
    Json.respond(ctx, 200, body);
  }

  void approve(Context ctx) {
    decide(ctx, true);
  }

  void reject(Context ctx) {
    decide(ctx, false);
  }

  private void decide(Context ctx, boolean approve) {
    String id = Query.id(ctx, "remediation_id");
    String by = "api";
    byte[] body = Bodies.readOptional(ctx, maxBodyBytes);
    if (body.length > 0) {
      Bodies.mediaType(ctx, JSON);
      try {
        by =
            JsonFields.of(JsonFields.parse(body), Set.of("by"), "a decision")
                .optionalId("by")
                .orElse(by);
      } catch (InvalidTelemetryException e) {
        throw ApiError.badRequest(e.field().isEmpty() ? null : e.field(), e.getMessage());
      }
    }
    Optional<RemediationRecord> r;
    try {
      r = approve ? drift.remediator().approve(id, by) : drift.remediator().reject(id, by);
    } catch (IllegalStateException e) {
      throw new ApiError(409, "conflict", e.getMessage(), null, List.of(), Map.of());
    } catch (KubernetesClientException e) {
      throw ApiError.unavailable("Kubernetes API unavailable: " + e.getMessage(), 30);
    }
    Json.respond(
        ctx, 200, json(r.orElseThrow(() -> ApiError.notFound("no remediation with id " + id))));
  }

  static Map<String, Object> json(RemediationRecord r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("remediationId", r.remediationId());
    m.put("objectKey", r.objectKey());
    m.put("deploymentId", r.deploymentId());
    m.put("namespace", r.namespace());
    m.put("resourceName", r.resourceName());
    m.put("driftId", r.driftId().orElse(null));
    m.put("policy", r.policy());
    m.put("status", r.status());
    m.put("dryRun", r.dryRun());
    m.put("differences", parse(r.differencesJson()));
    m.put("result", r.result());
    m.put("createdAt", Timestamps.format(r.createdMillis()));
    m.put("decidedBy", r.decidedBy().orElse(null));
    m.put(
        "decidedAt",
        r.decidedMillis().isPresent() ? Timestamps.format(r.decidedMillis().getAsLong()) : null);
    return m;
  }

  private static JsonNode parse(String json) {
    try {
      return Json.MAPPER.readTree(json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("stored differences are not JSON", e);
    }
  }

  private static String registrationId() {
    return "manifests-" + java.util.UUID.randomUUID().toString().substring(0, 12);
  }
}
