package io.driftline.config;

import io.driftline.config.Difference.Kind;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Severity, expectedness and a risk score (0-100) for each difference. The rules, first match wins:
 *
 * <table>
 *   <tr><th>difference</th><th>score</th></tr>
 *   <tr><td>whole object missing from the cluster, or present but not desired</td><td>90</td></tr>
 *   <tr><td>RBAC kinds (Role, ClusterRole, RoleBinding, ClusterRoleBinding): rules, subjects, roleRef</td><td>85</td></tr>
 *   <tr><td>security settings: {@code securityContext}, {@code privileged}, {@code capabilities},
 *       {@code hostNetwork/PID/IPC}, {@code serviceAccountName}, {@code automountServiceAccountToken}</td><td>80</td></tr>
 *   <tr><td>{@code image}: other repository 75; other major tag 70; tag refinement or patch: expected;
 *       other tag 50</td><td></td></tr>
 *   <tr><td>{@code version} / {@code *Version}: other major 70; refinement ({@code 15} to {@code 15.2}) or
 *       patch: expected; minor 40; not a version 40</td><td></td></tr>
 *   <tr><td>{@code replicas}: to or from 0 is 70, else 40</td><td></td></tr>
 *   <tr><td>resource sizes: under {@code resources}, {@code storage}, {@code sizeLimit}</td><td>45</td></tr>
 *   <tr><td>Secret {@code data}</td><td>60</td></tr>
 *   <tr><td>labels and annotations</td><td>15</td></tr>
 *   <tr><td>any other removed field</td><td>35</td></tr>
 *   <tr><td>any other field</td><td>30</td></tr>
 * </table>
 *
 * Expected drift (a version refinement or patch difference when {@link
 * DiffOptions#patchVersionsExpected()}, or a path under {@link DiffOptions#expectedPaths()}) is
 * scored 5. Severity follows the score ({@link Severity#ofScore(int)}). The categories follow the
 * seed's "Types of Drift": patch updates are expected; deletions, major versions and size changes
 * are not.
 */
final class DriftClassifier {
  private static final Set<String> RBAC =
      Set.of("Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding");
  private static final Set<String> SECURITY =
      Set.of(
          "securityContext",
          "privileged",
          "capabilities",
          "hostNetwork",
          "hostPID",
          "hostIPC",
          "allowPrivilegeEscalation",
          "runAsUser",
          "runAsNonRoot",
          "serviceAccountName",
          "automountServiceAccountToken");
  private static final Pattern VERSION = Pattern.compile("v?(\\d+(?:\\.\\d+)*)([-+].*)?");

  private DriftClassifier() {}

  static Difference classify(ResourceId id, Difference d, DiffOptions options) {
    Verdict v = verdict(id, d, options);
    boolean expected =
        v.expected || options.expectedPaths().stream().anyMatch(p -> under(d.path(), p));
    int score = expected ? 5 : v.score;
    return d.classified(
        Severity.ofScore(score),
        expected,
        score,
        expected && !v.expected ? "expected path" : v.reason);
  }

  /**
   * Risk of a whole result: the highest difference score, plus 2 for every further unexpected
   * difference (many small changes add up), capped at 100; 0 without differences.
   */
  static int riskScore(List<Difference> differences) {
    int max = differences.stream().mapToInt(Difference::riskScore).max().orElse(0);
    long more = differences.stream().filter(d -> !d.expected()).count() - 1;
    return (int) Math.min(100, max + 2 * Math.max(0, more));
  }

  private record Verdict(int score, boolean expected, String reason) {}

  private static Verdict verdict(ResourceId id, Difference d, DiffOptions options) {
    String path = d.path();
    String field = lastField(path);
    if (path.equals("/")) {
      return new Verdict(
          90,
          false,
          d.kind() == Kind.ADDED ? "object missing from the cluster" : "object not desired");
    }
    if (RBAC.contains(id.kind())
        && (path.startsWith("/rules")
            || path.startsWith("/subjects")
            || path.startsWith("/roleRef"))) {
      return new Verdict(85, false, "RBAC permissions");
    }
    if (segments(path).stream().anyMatch(SECURITY::contains))
      return new Verdict(80, false, "security settings");
    if (field.equals("image")) return image(d, options);
    if (field.equals("version") || (field.endsWith("Version") && !field.equals("apiVersion")))
      return version(d, options);
    if (field.equals("replicas")) {
      boolean zero = isZero(d.desired()) || isZero(d.live());
      return new Verdict(zero ? 70 : 40, false, zero ? "scaled to or from zero" : "replica count");
    }
    if (path.contains("/resources/") || field.equals("storage") || field.equals("sizeLimit")) {
      return new Verdict(45, false, "resource size");
    }
    if (path.startsWith("/data") && ManifestNormalizer.isSecretKind(id))
      return new Verdict(60, false, "secret value");
    if (path.contains("/labels") || path.contains("/annotations"))
      return new Verdict(15, false, "label or annotation");
    if (d.kind() == Kind.REMOVED) return new Verdict(35, false, "field would be removed");
    return new Verdict(30, false, "configuration change");
  }

  private static Verdict image(Difference d, DiffOptions options) {
    String a = Trees.string(d.desired());
    String b = Trees.string(d.live());
    if (d.desired() == null || d.live() == null) return new Verdict(50, false, "image");
    String repoA = repository(a);
    if (!repoA.equals(repository(b))) return new Verdict(75, false, "image repository");
    Verdict tag = compareVersions(tag(a), tag(b), options, "image tag");
    return tag.score == 40 ? new Verdict(50, false, "image tag") : tag;
  }

  private static Verdict version(Difference d, DiffOptions options) {
    if (d.desired() == null || d.live() == null) return new Verdict(40, false, "version");
    return compareVersions(Trees.string(d.desired()), Trees.string(d.live()), options, "version");
  }

  private static Verdict compareVersions(String a, String b, DiffOptions options, String what) {
    var ma = VERSION.matcher(a);
    var mb = VERSION.matcher(b);
    if (!ma.matches() || !mb.matches()) return new Verdict(40, false, what);
    String[] va = ma.group(1).split("\\.");
    String[] vb = mb.group(1).split("\\.");
    if (!va[0].equals(vb[0])) return new Verdict(70, false, "major " + what + " change");
    boolean refinement = isPrefix(va, vb) || isPrefix(vb, va);
    boolean patch = va.length >= 3 && vb.length >= 3 && va[1].equals(vb[1]);
    if ((refinement || patch) && options.patchVersionsExpected())
      return new Verdict(5, true, "patch " + what + " difference");
    return new Verdict(40, false, "minor " + what + " change");
  }

  private static boolean isPrefix(String[] shorter, String[] longer) {
    if (shorter.length >= longer.length) return false;
    for (int k = 0; k < shorter.length; k++) if (!shorter[k].equals(longer[k])) return false;
    return true;
  }

  private static String repository(String image) {
    String noDigest = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
    int colon = noDigest.lastIndexOf(':');
    return colon > noDigest.lastIndexOf('/') ? noDigest.substring(0, colon) : noDigest;
  }

  private static String tag(String image) {
    String repo = repository(image);
    return image.length() > repo.length() + 1 ? image.substring(repo.length() + 1) : "latest";
  }

  private static boolean isZero(Object o) {
    var n = Trees.number(o);
    return n != null && n.signum() == 0;
  }

  private static boolean under(String path, String prefix) {
    String p = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    return path.equals(p) || path.startsWith(p + "/") || path.startsWith(p + "[");
  }

  private static String lastField(String path) {
    List<String> s = segments(path);
    return s.isEmpty() ? "" : s.get(s.size() - 1);
  }

  private static List<String> segments(String path) {
    return java.util.Arrays.stream(path.split("/"))
        .map(t -> t.contains("[") ? t.substring(0, t.indexOf('[')) : t)
        .filter(t -> !t.isEmpty())
        .map(Paths::unescape)
        .toList();
  }
}
