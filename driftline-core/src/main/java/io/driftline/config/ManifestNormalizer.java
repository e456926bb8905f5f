package io.driftline.config;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Brings a desired, live or predicted object into the form both sides are compared in. Works on a
 * copy; the caller's tree is never changed.
 *
 * <ul>
 *   <li>{@code status} is dropped: it is written by controllers, never declared.
 *   <li>Server-managed metadata is dropped: {@code resourceVersion}, {@code uid}, {@code
 *       generation}, {@code creationTimestamp}, {@code managedFields}, {@code selfLink}, {@code
 *       deletionTimestamp}, {@code deletionGracePeriodSeconds} (see "ObjectMeta" in
 *       https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/object-meta/), and
 *       the {@code kubectl.kubernetes.io/last-applied-configuration} annotation, which is input to
 *       the three-way diff, not state. {@code creationTimestamp: null} in pod templates goes too.
 *   <li>{@code null}, {@code {}} and {@code []} are the same as absent (Argo CD treats {@code
 *       rules: []} and {@code rules: null} alike). {@code emptyDir: {}} is kept: there the empty
 *       map selects the volume type.
 *   <li>A Secret's {@code stringData} is folded into {@code data} as the API server does
 *       (https://kubernetes.io/docs/concepts/configuration/secret/: stringData is write-only and
 *       wins over data), then every {@code data} value is masked by {@link SecretMasker}.
 * </ul>
 */
final class ManifestNormalizer {
  static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
  private static final Set<String> SERVER_METADATA =
      Set.of(
          "resourceVersion",
          "uid",
          "generation",
          "creationTimestamp",
          "managedFields",
          "selfLink",
          "deletionTimestamp",
          "deletionGracePeriodSeconds");
  private static final Set<String> KEEP_EMPTY = Set.of("emptyDir");

  private final SecretMasker masker;

  ManifestNormalizer(SecretMasker masker) {
    this.masker = masker;
  }

  Map<String, Object> normalize(Map<String, Object> object) {
    Map<String, Object> o = Trees.map(Trees.copy(object));
    o.remove("status");
    Map<String, Object> meta = Trees.map(o.get("metadata"));
    if (!meta.isEmpty()) {
      SERVER_METADATA.forEach(meta::remove);
      if (meta.get("annotations") instanceof Map<?, ?> annotations)
        annotations.remove(LAST_APPLIED);
    }
    if (isSecret(o)) foldSecret(o);
    stripTemplateTimestamps(o);
    prune(o);
    return o;
  }

  static boolean isSecret(Map<String, Object> o) {
    return "Secret".equals(o.get("kind")) && "v1".equals(o.get("apiVersion"));
  }

  static boolean isSecretKind(ResourceId id) {
    return id.group().isEmpty() && id.kind().equals("Secret");
  }

  private void foldSecret(Map<String, Object> secret) {
    Map<String, Object> data = Trees.map(secret.get("data"));
    Map<String, Object> masked = new java.util.LinkedHashMap<>();
    data.forEach((k, v) -> masked.put(k, masker.maskBase64(v)));
    Trees.map(secret.get("stringData")).forEach((k, v) -> masked.put(k, masker.maskPlain(v)));
    secret.remove("stringData");
    if (masked.isEmpty()) secret.remove("data");
    else secret.put("data", masked);
  }

  private static void stripTemplateTimestamps(Object node) {
    if (node instanceof Map<?, ?> m) {
      Object meta = m.get("metadata");
      if (meta instanceof Map<?, ?> mm) mm.remove("creationTimestamp");
      m.values().forEach(ManifestNormalizer::stripTemplateTimestamps);
    } else if (node instanceof List<?> l) {
      l.forEach(ManifestNormalizer::stripTemplateTimestamps);
    }
  }

  /** Removes nulls and empty containers, bottom-up; true when {@code node} itself became empty. */
  static boolean prune(Object node) {
    if (node instanceof Map<?, ?> m) {
      for (Iterator<? extends Map.Entry<?, ?>> it = m.entrySet().iterator(); it.hasNext(); ) {
        var e = it.next();
        boolean keep =
            KEEP_EMPTY.contains(String.valueOf(e.getKey())) && e.getValue() instanceof Map<?, ?>;
        if (prune(e.getValue()) && !keep) it.remove();
      }
      return m.isEmpty();
    }
    if (node instanceof List<?> l) {
      l.removeIf(v -> v == null);
      for (Object v : l) prune(v);
      return l.isEmpty();
    }
    return node == null;
  }
}
