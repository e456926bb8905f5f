package io.driftline.server.provision;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Renders a provision into the Kubernetes objects that make it up (the desired state the reconcile
 * loop keeps in line). Documented in docs/config-drift.md ("Rendering"):
 *
 * <ul>
 *   <li>database: Secret {@code NAME-credentials}, Service {@code NAME}, StatefulSet {@code NAME}
 *       (image {@code REPO:VERSION}, requests by size, a {@code data} volume claim template);
 *   <li>cache: Secret (redis only), Service, Deployment;
 *   <li>topic: ConfigMap {@code NAME-topic} (partitions by size, replication factor = replicas) for
 *       a topic operator.
 * </ul>
 *
 * Every object carries {@code app.kubernetes.io/*} labels and {@code driftline.io/deployment-id}.
 * Only fields Driftline decides are written, so server defaults on the live side are not drift.
 */
public final class ResourceRenderer {
  public static final String DEPLOYMENT_LABEL = "driftline.io/deployment-id";
  public static final String ENGINE_LABEL = "driftline.io/engine";
  private static final SecureRandom RANDOM = new SecureRandom();

  private ResourceRenderer() {}

  /**
   * The objects of {@code r}; {@code password} is the existing one on re-provision (kept, so a
   * re-provision never rotates credentials by accident), else a fresh random one is made.
   */
  public static List<Map<String, Object>> render(
      ProvisionRequest r, String deploymentId, Optional<String> password) {
    List<Map<String, Object>> out = new ArrayList<>();
    Engine e = r.engine();
    if (e == Engine.KAFKA) {
      out.add(topic(r, deploymentId));
      return out;
    }
    if (e.hasCredentials()) out.add(secret(r, deploymentId, password.orElseGet(() -> password())));
    out.add(service(r, deploymentId));
    out.add(
        r.resourceType().equals("database")
            ? statefulSet(r, deploymentId)
            : deployment(r, deploymentId));
    return out;
  }

  public static String secretName(String name) {
    return name + "-credentials";
  }

  public static Map<String, String> selector(String name) {
    return Map.of("app.kubernetes.io/name", name, "app.kubernetes.io/instance", name);
  }

  static Map<String, Object> labels(ProvisionRequest r, String deploymentId) {
    Map<String, Object> l = new LinkedHashMap<>(selector(r.name()));
    l.put("app.kubernetes.io/component", r.resourceType());
    l.put("app.kubernetes.io/managed-by", "driftline");
    l.put(DEPLOYMENT_LABEL, deploymentId);
    l.put(ENGINE_LABEL, r.engine().wire());
    return l;
  }

  private static Map<String, Object> meta(ProvisionRequest r, String name, String deploymentId) {
    return m("name", name, "namespace", r.namespace(), "labels", labels(r, deploymentId));
  }

  private static Map<String, Object> secret(ProvisionRequest r, String id, String password) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("username", b64(r.engine() == Engine.REDIS ? "default" : "app"));
    data.put("password", b64(password));
    if (r.resourceType().equals("database")) data.put("database", b64(r.name().replace('-', '_')));
    data.put("host", b64(r.name() + "." + r.namespace() + ".svc.cluster.local"));
    data.put("port", b64(Integer.toString(r.engine().port())));
    return m(
        "apiVersion", "v1",
        "kind", "Secret",
        "metadata", meta(r, secretName(r.name()), id),
        "type", "Opaque",
        "data", data);
  }

  private static Map<String, Object> service(ProvisionRequest r, String id) {
    int port = r.engine().port();
    return m(
        "apiVersion",
        "v1",
        "kind",
        "Service",
        "metadata",
        meta(r, r.name(), id),
        "spec",
        m(
            "type",
            "ClusterIP",
            "selector",
            new LinkedHashMap<>(selector(r.name())),
            "ports",
            List.of(
                m(
                    "name",
                    r.engine().wire(),
                    "port",
                    port,
                    "targetPort",
                    port,
                    "protocol",
                    "TCP"))));
  }

  private static Map<String, Object> statefulSet(ProvisionRequest r, String id) {
    Map<String, Object> container = container(r);
    container.put("volumeMounts", List.of(m("name", "data", "mountPath", r.engine().dataPath())));
    Map<String, Object> claim =
        m(
            "metadata", m("name", "data"),
            "spec",
                m(
                    "accessModes", List.of("ReadWriteOnce"),
                    "resources", m("requests", m("storage", r.size().storage()))));
    return m(
        "apiVersion",
        "apps/v1",
        "kind",
        "StatefulSet",
        "metadata",
        meta(r, r.name(), id),
        "spec",
        m(
            "serviceName", r.name(),
            "replicas", r.replicas(),
            "selector", m("matchLabels", new LinkedHashMap<>(selector(r.name()))),
            "template", podTemplate(r, id, container),
            "volumeClaimTemplates", List.of(claim)));
  }

  private static Map<String, Object> deployment(ProvisionRequest r, String id) {
    return m(
        "apiVersion",
        "apps/v1",
        "kind",
        "Deployment",
        "metadata",
        meta(r, r.name(), id),
        "spec",
        m(
            "replicas", r.replicas(),
            "selector", m("matchLabels", new LinkedHashMap<>(selector(r.name()))),
            "template", podTemplate(r, id, container(r))));
  }

  private static Map<String, Object> podTemplate(
      ProvisionRequest r, String id, Map<String, Object> container) {
    return m(
        "metadata", m("labels", labels(r, id)),
        "spec", m("containers", List.of(container)));
  }

  private static Map<String, Object> container(ProvisionRequest r) {
    Engine e = r.engine();
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("name", e.wire());
    c.put("image", e.image() + ":" + r.version());
    c.put("ports", List.of(m("name", e.wire(), "containerPort", e.port(), "protocol", "TCP")));
    List<Map<String, Object>> env = env(r);
    if (!env.isEmpty()) c.put("env", env);
    if (e == Engine.REDIS) {
      c.put("args", List.of("--requirepass", "$(REDIS_PASSWORD)"));
    }
    c.put(
        "resources",
        m(
            "requests", m("cpu", r.size().cpu(), "memory", r.size().memory()),
            "limits", m("memory", r.size().memory())));
    c.put("readinessProbe", m("tcpSocket", m("port", e.port()), "periodSeconds", 10));
    return c;
  }

  private static List<Map<String, Object>> env(ProvisionRequest r) {
    String s = secretName(r.name());
    return switch (r.engine()) {
      case POSTGRESQL ->
          List.of(
              secretEnv("POSTGRES_USER", s, "username"),
              secretEnv("POSTGRES_PASSWORD", s, "password"),
              secretEnv("POSTGRES_DB", s, "database"),
              m("name", "PGDATA", "value", "/var/lib/postgresql/data/pgdata"));
      case MYSQL ->
          List.of(
              secretEnv("MYSQL_ROOT_PASSWORD", s, "password"),
              secretEnv("MYSQL_USER", s, "username"),
              secretEnv("MYSQL_PASSWORD", s, "password"),
              secretEnv("MYSQL_DATABASE", s, "database"));
      case MONGODB ->
          List.of(
              secretEnv("MONGO_INITDB_ROOT_USERNAME", s, "username"),
              secretEnv("MONGO_INITDB_ROOT_PASSWORD", s, "password"));
      case REDIS -> List.of(secretEnv("REDIS_PASSWORD", s, "password"));
      default -> List.of();
    };
  }

  private static Map<String, Object> secretEnv(String name, String secret, String key) {
    return m("name", name, "valueFrom", m("secretKeyRef", m("name", secret, "key", key)));
  }

  private static Map<String, Object> topic(ProvisionRequest r, String id) {
    return m(
        "apiVersion",
        "v1",
        "kind",
        "ConfigMap",
        "metadata",
        meta(r, r.name() + "-topic", id),
        "data",
        m(
            "topic", r.name(),
            "engine", r.engine().wire(),
            "version", r.version(),
            "partitions", Integer.toString(r.size().partitions()),
            "replicationFactor", Integer.toString(r.replicas())));
  }

  /** 24 characters from a 62-letter alphabet: about 143 bits. */
  private static String password() {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 24; i++) b.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    return b.toString();
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  /** An insertion-ordered map from key/value pairs. */
  static Map<String, Object> m(Object... kv) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) out.put((String) kv[i], kv[i + 1]);
    return out;
  }
}
