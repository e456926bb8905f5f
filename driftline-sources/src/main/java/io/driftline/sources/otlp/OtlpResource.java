package io.driftline.sources.otlp;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a resource says about where its metrics come from, in Driftline's terms: the service (from
 * the configured attribute, {@code service.name} by default) and the labels {@code cluster}, {@code
 * namespace}, {@code pod} and {@code workload} from the OpenTelemetry semantic conventions' {@code
 * k8s.*} resource attributes. {@code service.instance.id} is kept apart, never as a label: it only
 * tells two processes' cumulative streams apart.
 */
record OtlpResource(String service, Map<String, String> labels, String instance) {
  static final String UNKNOWN_SERVICE = "unknown_service";
  private static final Pattern INVALID_LABEL_CHARS = Pattern.compile("[^a-zA-Z0-9_]");

  /** Semantic-convention attribute -> Driftline label, first match wins for workload. */
  private static final Map<String, String> K8S_LABELS = new LinkedHashMap<>();

  static {
    K8S_LABELS.put("k8s.cluster.name", "cluster");
    K8S_LABELS.put("k8s.namespace.name", "namespace");
    K8S_LABELS.put("k8s.pod.name", "pod");
    K8S_LABELS.put("k8s.deployment.name", "workload");
    K8S_LABELS.put("k8s.statefulset.name", "workload");
    K8S_LABELS.put("k8s.daemonset.name", "workload");
    K8S_LABELS.put("k8s.replicaset.name", "workload");
    K8S_LABELS.put("k8s.job.name", "workload");
    K8S_LABELS.put("k8s.cronjob.name", "workload");
  }

  static OtlpResource of(List<KeyValue> attributes, String serviceAttribute) {
    Map<String, String> values = new LinkedHashMap<>();
    for (KeyValue kv : attributes) values.put(kv.getKey(), text(kv.getValue()));
    String service = values.getOrDefault(serviceAttribute, "");
    if (service.isBlank()) service = values.getOrDefault("k8s.deployment.name", "");
    if (service.isBlank()) service = UNKNOWN_SERVICE;
    Map<String, String> labels = new LinkedHashMap<>();
    K8S_LABELS.forEach(
        (attribute, label) -> {
          String value = values.get(attribute);
          if (value != null && !value.isBlank()) labels.putIfAbsent(label, value);
        });
    return new OtlpResource(service, labels, values.getOrDefault("service.instance.id", ""));
  }

  /** A label name Driftline accepts ({@code [a-zA-Z_][a-zA-Z0-9_]*}) from an attribute key. */
  static String labelName(String key) {
    String name = INVALID_LABEL_CHARS.matcher(key).replaceAll("_");
    if (name.isEmpty() || Character.isDigit(name.charAt(0))) name = "_" + name;
    return name;
  }

  /** An attribute value as label text; arrays and maps in a compact JSON-like form. */
  static String text(AnyValue value) {
    return switch (value.getValueCase()) {
      case STRING_VALUE -> value.getStringValue();
      case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
      case INT_VALUE -> Long.toString(value.getIntValue());
      case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
      case ARRAY_VALUE ->
          value.getArrayValue().getValuesList().stream()
              .map(OtlpResource::text)
              .toList()
              .toString();
      case KVLIST_VALUE -> {
        Map<String, String> map = new LinkedHashMap<>();
        value
            .getKvlistValue()
            .getValuesList()
            .forEach(kv -> map.put(kv.getKey(), text(kv.getValue())));
        yield map.toString();
      }
      default -> "";
    };
  }
}
