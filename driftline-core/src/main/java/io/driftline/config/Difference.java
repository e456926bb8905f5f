package io.driftline.config;

import java.util.Objects;

/**
 * One drifted field of one object.
 *
 * <p>{@code kind} says what applying the desired state would do to the live object: {@link
 * Kind#ADDED} the field is declared but missing in the cluster, {@link Kind#REMOVED} the field is
 * in the cluster but would be removed (a known removal: last-applied configuration, server-side
 * apply ownership or a server-side dry run), {@link Kind#CHANGED} both sides hold different values.
 * {@code desired} and {@code live} are plain trees; {@code null} means absent on that side. Secret
 * values arrive here already masked by {@link SecretMasker}.
 *
 * @param path JSON pointer with keyed-list selectors, e.g. {@code
 *     /spec/template/spec/containers[name=nginx]/image}; {@code /} is the whole object
 * @param riskScore 0 (harmless) to 100 (dangerous), see {@link DriftClassifier}
 * @param reason one line saying why the severity was chosen
 */
public record Difference(
    String path,
    Kind kind,
    Object desired,
    Object live,
    Severity severity,
    boolean expected,
    int riskScore,
    String reason) {

  /** What applying the desired state would do to this field. */
  public enum Kind {
    ADDED,
    REMOVED,
    CHANGED
  }

  public Difference {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(reason, "reason");
    if (riskScore < 0 || riskScore > 100) {
      throw new IllegalArgumentException("riskScore must be in [0, 100] but was " + riskScore);
    }
  }

  /** An unclassified difference, as the comparison finds it. */
  static Difference raw(String path, Kind kind, Object desired, Object live) {
    return new Difference(
        path.isEmpty() ? "/" : path, kind, desired, live, Severity.INFO, false, 0, "");
  }

  Difference classified(Severity severity, boolean expected, int riskScore, String reason) {
    return new Difference(path, kind, desired, live, severity, expected, riskScore, reason);
  }
}
