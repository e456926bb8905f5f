package io.driftline.server.provision;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftline.server.http.ApiError;
import io.driftline.server.http.JsonFields;
import io.driftline.telemetry.InvalidTelemetryException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A validated {@code POST /v1/provision} body. The spec fields may be top-level or under {@code
 * spec} (the Database CRD's spec as the manager holds it); {@code resourceName} is accepted for
 * {@code name}.
 *
 * <pre>{@code
 * {"resourceType": "database", "namespace": "team-platform", "name": "postgres-app-db",
 *  "engine": "postgresql", "version": "15", "size": "medium", "replicas": 1}
 * }</pre>
 */
public record ProvisionRequest(
    String resourceType,
    Engine engine,
    String version,
    Size size,
    int replicas,
    String namespace,
    String name) {

  static final Set<String> FIELDS =
      Set.of(
          "resourceType",
          "engine",
          "version",
          "size",
          "replicas",
          "namespace",
          "name",
          "resourceName",
          "spec");
  static final Set<String> SPEC_FIELDS = Set.of("engine", "version", "size", "replicas");
  // DNS-1123 label; names stay <= 52 so StatefulSet pods and their controller-revision hash fit
  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  static final int MAX_REPLICAS = 100;

  public static ProvisionRequest parse(JsonNode body) {
    try {
      JsonFields top = JsonFields.of(body, FIELDS, "a provision request");
      JsonFields spec =
          top.has("spec") ? JsonFields.of(body.get("spec"), SPEC_FIELDS, "a spec") : top;
      String type = top.text("resourceType").toLowerCase(Locale.ROOT);
      if (!Engine.resourceTypes().contains(type)) {
        throw new InvalidTelemetryException(
            "resourceType",
            "resourceType must be one of " + Engine.resourceTypes() + " but was '" + type + "'");
      }
      String engineName = field(top, spec, "engine").toLowerCase(Locale.ROOT);
      Engine engine =
          Engine.of(type, engineName)
              .orElseThrow(
                  () ->
                      new InvalidTelemetryException(
                          "engine",
                          "engine of a "
                              + type
                              + " must be one of "
                              + Engine.engines(type)
                              + " but was '"
                              + engineName
                              + "'"));
      String version = field(top, spec, "version");
      if (!VERSION.matcher(version).matches()) {
        throw new InvalidTelemetryException(
            "version",
            "version must be an image tag such as 15 or 7.2.4 but was '" + version + "'");
      }
      String sizeName =
          optional(top, spec, "size").orElse(Size.MEDIUM.wire()).toLowerCase(Locale.ROOT);
      Size size =
          Size.of(sizeName)
              .orElseThrow(
                  () ->
                      new InvalidTelemetryException(
                          "size",
                          "size must be one of small, medium, large, xlarge but was '"
                              + sizeName
                              + "'"));
      int replicas = replicas(top.has("replicas") ? top : spec);
      String namespace = dnsLabel("namespace", top.text("namespace"), 63);
      String nameField = top.has("name") ? "name" : "resourceName";
      String name = dnsLabel(nameField, top.text(nameField), 52);
      return new ProvisionRequest(type, engine, version, size, replicas, namespace, name);
    } catch (InvalidTelemetryException e) {
      throw ApiError.badRequest(e.field().isEmpty() ? null : e.field(), e.getMessage());
    }
  }

  private static String field(JsonFields top, JsonFields spec, String name) {
    return optional(top, spec, name)
        .orElseThrow(() -> new InvalidTelemetryException(name, name + " is required"));
  }

  private static Optional<String> optional(JsonFields top, JsonFields spec, String name) {
    JsonNode v = top.node().has(name) ? top.node().get(name) : spec.node().get(name);
    if (v == null || v.isNull()) return Optional.empty();
    if (v.isNumber()) return Optional.of(v.asText()); // version: 15
    return (top.node().has(name) ? top : spec).optionalText(name);
  }

  private static int replicas(JsonFields f) {
    if (!f.has("replicas")) return 1;
    int n = f.count("replicas");
    if (n > MAX_REPLICAS) {
      throw new InvalidTelemetryException(
          "replicas", "replicas must be at most " + MAX_REPLICAS + " but was " + n);
    }
    return n;
  }

  private static String dnsLabel(String field, String value, int max) {
    if (value.length() > max || !LABEL.matcher(value).matches()) {
      throw new InvalidTelemetryException(
          field,
          field
              + " must be a DNS label (lower-case letters, digits and '-', at most "
              + max
              + " characters) but was '"
              + value
              + "'");
    }
    return value;
  }
}
