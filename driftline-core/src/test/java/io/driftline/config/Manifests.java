package io.driftline.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Small synthetic manifests for tests, written as JSON text blocks. */
final class Manifests {
  static final SecretMasker MASKER =
      new SecretMasker("fixed-test-salt".getBytes(java.nio.charset.StandardCharsets.UTF_8));

  private Manifests() {}

  static Map<String, Object> json(String text) {
    return Trees.map(Json.parse(text));
  }

  static DiffResult diff(DiffOptions options, String desired, String live) {
    return new ManifestDiffer(options, MASKER).diff(json(desired), json(live));
  }

  static DiffResult diff(String desired, String live) {
    return diff(DiffOptions.defaults(), desired, live);
  }

  static DiffResult serverSide(DiffOptions options, String desired, String live, String predicted) {
    return new ManifestDiffer(options, MASKER)
        .diff(Optional.of(json(desired)), Optional.of(json(live)), Optional.of(json(predicted)));
  }

  /** {@code text} as a JSON string literal. */
  static String quote(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  static List<String> paths(DiffResult r) {
    return r.differences().stream().map(Difference::path).toList();
  }

  /** A Deployment with one container {@code app} whose body is spliced in. */
  static String deployment(String containerFields) {
    return deployment(containerFields, "");
  }

  static String deployment(String containerFields, String extraSpec) {
    return """
        {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": "shop"},
         "spec": {%s "template": {"spec": {"containers": [{"name": "app", %s}]}}}}
        """
        .formatted(extraSpec, containerFields);
  }
}
