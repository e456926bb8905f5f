package io.driftline.server.configdrift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftline.config.Difference;
import io.driftline.config.ResourceId;
import io.driftline.config.Severity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RemediationPolicyTest {
  static final ResourceId STS = new ResourceId("apps", "StatefulSet", "team-a", "db");

  static Difference diff(String path, Severity severity) {
    return new Difference(path, Difference.Kind.CHANGED, 1, 3, severity, false, 40, "x");
  }

  final RemediationPolicy policy =
      RemediationPolicy.parse(
          Map.of(
              "rules",
              List.of(
                  Map.of(
                      "kind",
                      "StatefulSet",
                      "paths",
                      List.of("/spec/replicas"),
                      "policy",
                      "auto-remediate"),
                  Map.of(
                      "namespace",
                      "team-*",
                      "minSeverity",
                      "critical",
                      "policy",
                      "require-approval"),
                  Map.of("resourceType", "cache", "policy", "auto-remediate"))),
          "alert-only");

  @Test
  void firstMatchingRuleWins() {
    assertThat(
            policy.policyFor(STS, "database", List.of(diff("/spec/replicas", Severity.CRITICAL))))
        .isEqualTo("auto-remediate");
    assertThat(
            policy.policyFor(
                STS,
                "database",
                List.of(
                    diff("/spec/replicas", Severity.WARNING),
                    diff("/spec/template/spec/containers[name=a]/image", Severity.CRITICAL))))
        .isEqualTo("require-approval");
    assertThat(policy.policyFor(STS, "cache", List.of(diff("/data/x", Severity.INFO))))
        .isEqualTo("auto-remediate");
  }

  @Test
  void nothingMatchingFallsBackToTheDefault() {
    assertThat(policy.policyFor(STS, "database", List.of(diff("/data/x", Severity.WARNING))))
        .isEqualTo("alert-only");
  }

  @Test
  void unknownKeysAndPoliciesAreRefused() {
    assertThatThrownBy(() -> RemediationPolicy.parse(Map.of("rulez", List.of()), "alert-only"))
        .hasMessageContaining("rulez");
    assertThatThrownBy(
            () ->
                RemediationPolicy.parse(
                    Map.of("rules", List.of(Map.of("policy", "delete-it"))), "alert-only"))
        .hasMessageContaining("policy must be one of");
  }
}
