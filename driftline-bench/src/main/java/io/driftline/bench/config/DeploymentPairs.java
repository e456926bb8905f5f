package io.driftline.bench.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Realistic desired/live Deployment pairs from a fixed seed. The desired side is what a team writes
 * (two containers, env from literals and Secrets, ports, probes, resources, volumes); the live side
 * is what the API server returns for it: the defaults it fills in, metadata it manages,
 * managedFields of two managers and status. One pair in ten has drift (an image tag, the replica
 * count, or an env value changed by hand).
 */
public final class DeploymentPairs {
  private DeploymentPairs() {}

  public record Pair(Map<String, Object> desired, Map<String, Object> live, boolean drifted) {}

  public static List<Pair> generate(int count, long seed) {
    return generate(count, seed, 10);
  }

  /** {@code count} pairs over 100 namespaces; one in {@code driftEvery} has drift. */
  public static List<Pair> generate(int count, long seed, int driftEvery) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Pair> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) out.add(pair(i, "team-" + (i % 100), random, driftEvery));
    return out;
  }

  static Pair pair(int i, String namespace, SplittableRandom random, int driftEvery) {
    String name = "svc-" + i;
    int replicas = 1 + random.nextInt(5);
    String tag = "1." + random.nextInt(30) + "." + random.nextInt(10);
    Map<String, Object> desired = desired(name, namespace, replicas, tag, random.nextInt(1000));
    Map<String, Object> live = deepCopy(desired);
    serverShape(live, i, replicas);
    boolean drifted = random.nextInt(driftEvery) == 0;
    if (drifted) drift(live, random.nextInt(3));
    return new Pair(desired, live, drifted);
  }

  static Map<String, Object> desired(String name, String ns, int replicas, String tag, int v) {
    Map<String, Object> labels =
        m(
            "app.kubernetes.io/name",
            name,
            "app.kubernetes.io/part-of",
            "shop",
            "team",
            ns,
            "tier",
            "backend");
    Map<String, Object> app = new LinkedHashMap<>();
    app.put("name", "app");
    app.put("image", "registry.example.com/shop/" + name + ":" + tag);
    app.put("args", List.of("--port=8080", "--log-format=json"));
    app.put(
        "ports",
        List.of(
            m("name", "http", "containerPort", 8080, "protocol", "TCP"),
            m("name", "metrics", "containerPort", 9090, "protocol", "TCP")));
    List<Object> env = new ArrayList<>();
    env.add(m("name", "LOG_LEVEL", "value", "info"));
    env.add(m("name", "FEATURE_FLAGS", "value", "checkout-v2,search-" + v));
    env.add(m("name", "DB_HOST", "value", name + "-db." + ns + ".svc.cluster.local"));
    env.add(m("name", "DB_PORT", "value", "5432"));
    env.add(m("name", "CACHE_TTL", "value", "300"));
    env.add(
        m(
            "name",
            "DB_PASSWORD",
            "valueFrom",
            m("secretKeyRef", m("name", name + "-db-credentials", "key", "password"))));
    env.add(m("name", "POD_NAME", "valueFrom", m("fieldRef", m("fieldPath", "metadata.name"))));
    app.put("env", env);
    app.put(
        "resources",
        m(
            "requests",
            m("cpu", "250m", "memory", "512Mi"),
            "limits",
            m("cpu", "1", "memory", "1Gi")));
    app.put(
        "readinessProbe", m("httpGet", m("path", "/ready", "port", "http"), "periodSeconds", 5));
    app.put(
        "livenessProbe", m("httpGet", m("path", "/live", "port", 8080), "initialDelaySeconds", 10));
    app.put(
        "volumeMounts",
        List.of(
            m("name", "config", "mountPath", "/etc/app"), m("name", "tmp", "mountPath", "/tmp")));
    Map<String, Object> sidecar = new LinkedHashMap<>();
    sidecar.put("name", "proxy");
    sidecar.put("image", "envoyproxy/envoy:v1.29.1");
    sidecar.put("ports", List.of(m("name", "proxy", "containerPort", 15001, "protocol", "TCP")));
    sidecar.put("resources", m("requests", m("cpu", "100m", "memory", "128Mi")));
    return m(
        "apiVersion",
        "apps/v1",
        "kind",
        "Deployment",
        "metadata",
        m(
            "name",
            name,
            "namespace",
            ns,
            "labels",
            labels,
            "annotations",
            m("shop.example.com/owner", "team-" + ns)),
        "spec",
        m(
            "replicas", replicas,
            "selector", m("matchLabels", m("app.kubernetes.io/name", name)),
            "template",
                m(
                    "metadata", m("labels", new LinkedHashMap<>(labels)),
                    "spec",
                        m(
                            "serviceAccountName", name,
                            "containers", List.of(app, sidecar),
                            "volumes",
                                List.of(
                                    m("name", "config", "configMap", m("name", name + "-config")),
                                    m("name", "tmp", "emptyDir", m()))))));
  }

  /** What the API server adds: defaults, managed metadata, managedFields, status. */
  @SuppressWarnings("unchecked")
  static void serverShape(Map<String, Object> live, int i, int replicas) {
    Map<String, Object> meta = (Map<String, Object>) live.get("metadata");
    meta.put("uid", String.format("6f1c2d3e-%04x-4a5b-8c9d-%012x", i % 65536, (long) i));
    meta.put("resourceVersion", Integer.toString(100_000 + i));
    meta.put("generation", 3);
    meta.put("creationTimestamp", "2026-01-10T08:00:00Z");
    ((Map<String, Object>) meta.get("annotations")).put("deployment.kubernetes.io/revision", "3");
    meta.put(
        "managedFields",
        List.of(
            m(
                "manager",
                "argocd-controller",
                "operation",
                "Apply",
                "apiVersion",
                "apps/v1",
                "time",
                "2026-01-10T08:00:00Z",
                "fieldsType",
                "FieldsV1",
                "fieldsV1",
                m(
                    "f:metadata",
                    m("f:labels", m("f:app.kubernetes.io/name", m(), "f:team", m())),
                    "f:spec",
                    m(
                        "f:replicas",
                        m(),
                        "f:selector",
                        m(),
                        "f:template",
                        m(
                            "f:spec",
                            m(
                                "f:containers",
                                m(
                                    "k:{\"name\":\"app\"}",
                                        m(".", m(), "f:image", m(), "f:env", m(), "f:ports", m()),
                                    "k:{\"name\":\"proxy\"}", m(".", m(), "f:image", m()))))))),
            m(
                "manager",
                "kube-controller-manager",
                "operation",
                "Update",
                "apiVersion",
                "apps/v1",
                "time",
                "2026-01-10T08:01:00Z",
                "fieldsType",
                "FieldsV1",
                "subresource",
                "status",
                "fieldsV1",
                m(
                    "f:status",
                    m(
                        "f:availableReplicas",
                        m(),
                        "f:conditions",
                        m(),
                        "f:observedGeneration",
                        m(),
                        "f:readyReplicas",
                        m(),
                        "f:replicas",
                        m(),
                        "f:updatedReplicas",
                        m())))));
    Map<String, Object> spec = (Map<String, Object>) live.get("spec");
    spec.put("progressDeadlineSeconds", 600);
    spec.put("revisionHistoryLimit", 10);
    spec.put(
        "strategy",
        m("type", "RollingUpdate", "rollingUpdate", m("maxSurge", "25%", "maxUnavailable", "25%")));
    Map<String, Object> template = (Map<String, Object>) spec.get("template");
    ((Map<String, Object>) template.get("metadata")).put("creationTimestamp", null);
    Map<String, Object> pod = (Map<String, Object>) template.get("spec");
    pod.put("dnsPolicy", "ClusterFirst");
    pod.put("restartPolicy", "Always");
    pod.put("schedulerName", "default-scheduler");
    pod.put("securityContext", m());
    pod.put("serviceAccount", pod.get("serviceAccountName"));
    pod.put("terminationGracePeriodSeconds", 30);
    for (Object c : (List<Object>) pod.get("containers")) {
      Map<String, Object> container = (Map<String, Object>) c;
      container.put("imagePullPolicy", "IfNotPresent");
      container.put("terminationMessagePath", "/dev/termination-log");
      container.put("terminationMessagePolicy", "File");
      for (String probe : List.of("readinessProbe", "livenessProbe")) {
        if (container.get(probe) instanceof Map<?, ?> p) {
          Map<String, Object> pm = (Map<String, Object>) p;
          pm.putIfAbsent("periodSeconds", 10);
          pm.put("timeoutSeconds", 1);
          pm.put("successThreshold", 1);
          pm.put("failureThreshold", 3);
          ((Map<String, Object>) pm.get("httpGet")).put("scheme", "HTTP");
        }
      }
      if (container.get("env") instanceof List<?> env) {
        for (Object e : env) {
          if (((Map<String, Object>) e).get("valueFrom") instanceof Map<?, ?> vf
              && vf.get("fieldRef") instanceof Map<?, ?> fr) {
            ((Map<String, Object>) fr).put("apiVersion", "v1");
          }
        }
      }
    }
    for (Object v : (List<Object>) pod.get("volumes")) {
      if (((Map<String, Object>) v).get("configMap") instanceof Map<?, ?> cm) {
        ((Map<String, Object>) cm).put("defaultMode", 420);
      }
    }
    live.put(
        "status",
        m(
            "availableReplicas",
            replicas,
            "observedGeneration",
            3,
            "readyReplicas",
            replicas,
            "replicas",
            replicas,
            "updatedReplicas",
            replicas,
            "conditions",
            List.of(
                m(
                    "type",
                    "Available",
                    "status",
                    "True",
                    "reason",
                    "MinimumReplicasAvailable",
                    "lastTransitionTime",
                    "2026-01-10T08:01:00Z",
                    "lastUpdateTime",
                    "2026-01-10T08:01:00Z",
                    "message",
                    "Deployment has minimum availability."),
                m(
                    "type",
                    "Progressing",
                    "status",
                    "True",
                    "reason",
                    "NewReplicaSetAvailable",
                    "lastTransitionTime",
                    "2026-01-10T08:00:00Z",
                    "lastUpdateTime",
                    "2026-01-10T08:01:00Z",
                    "message",
                    "ReplicaSet has successfully progressed."))));
  }

  @SuppressWarnings("unchecked")
  static void drift(Map<String, Object> live, int which) {
    Map<String, Object> spec = (Map<String, Object>) live.get("spec");
    Map<String, Object> pod =
        (Map<String, Object>) ((Map<String, Object>) spec.get("template")).get("spec");
    Map<String, Object> app = (Map<String, Object>) ((List<Object>) pod.get("containers")).get(0);
    switch (which) {
      case 0 -> app.put("image", app.get("image") + "-hotfix");
      case 1 -> spec.put("replicas", ((Integer) spec.get("replicas")) + 2);
      default ->
          ((Map<String, Object>) ((List<Object>) app.get("env")).get(0)).put("value", "debug");
    }
  }

  /** A deep copy of a tree of maps, lists and scalars. */
  @SuppressWarnings("unchecked")
  public static <T> T deepCopy(T o) {
    if (o instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put((String) k, deepCopy(v)));
      return (T) out;
    }
    if (o instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      for (Object v : list) out.add(deepCopy(v));
      return (T) out;
    }
    return o;
  }

  static Map<String, Object> m(Object... kv) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (int k = 0; k < kv.length; k += 2) out.put((String) kv[k], kv[k + 1]);
    return out;
  }
}
