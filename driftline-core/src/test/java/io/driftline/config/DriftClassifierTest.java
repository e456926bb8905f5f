package io.driftline.config;

import static io.driftline.config.Manifests.deployment;
import static io.driftline.config.Manifests.diff;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DriftClassifierTest {
  private static String database(String version, int replicas) {
    return """
        {"apiVersion": "platform.company.com/v1", "kind": "Database", "metadata": {"name": "db"},
         "spec": {"engine": "postgresql", "version": "%s", "replicas": %d}}"""
        .formatted(version, replicas);
  }

  @Test
  void patchVersionRefinementIsExpectedDrift() {
    DiffResult r = diff(database("15", 1), database("15.2", 1));
    assertThat(r.drift()).isTrue();
    assertThat(r.differences().get(0).expected()).isTrue();
    assertThat(r.differences().get(0).severity()).isEqualTo(Severity.INFO);
    assertThat(r.unexpected()).isEmpty();
  }

  @Test
  void patchVersionsCanBeMadeUnexpected() {
    DiffResult r =
        diff(
            DiffOptions.defaults().withPatchVersionsExpected(false),
            database("15", 1),
            database("15.2", 1));
    assertThat(r.unexpected()).hasSize(1);
  }

  @Test
  void majorVersionChangeIsCritical() {
    Difference d = diff(database("15", 1), database("16.1", 1)).differences().get(0);
    assertThat(d.expected()).isFalse();
    assertThat(d.severity()).isEqualTo(Severity.CRITICAL);
  }

  @Test
  void replicaChangeIsAWarningAndScalingToZeroIsCritical() {
    assertThat(diff(database("15", 1), database("15", 3)).severity()).isEqualTo(Severity.WARNING);
    assertThat(diff(database("15", 1), database("15", 0)).severity()).isEqualTo(Severity.CRITICAL);
  }

  @Test
  void imageRepositoryChangeIsCriticalAndTagPatchIsExpected() {
    assertThat(
            diff(
                    deployment("\"image\": \"nginx:1.25\""),
                    deployment("\"image\": \"evil/nginx:1.25\""))
                .severity())
        .isEqualTo(Severity.CRITICAL);
    assertThat(
            diff(
                    deployment("\"image\": \"nginx:1.25.1\""),
                    deployment("\"image\": \"nginx:1.25.3\""))
                .unexpected())
        .isEmpty();
    assertThat(
            diff(deployment("\"image\": \"nginx:stable\""), deployment("\"image\": \"nginx:edge\""))
                .severity())
        .isEqualTo(Severity.WARNING);
  }

  @Test
  void securityContextAndRbacChangesAreCritical() {
    assertThat(
            diff(
                    deployment("\"securityContext\": {\"privileged\": false}"),
                    deployment("\"securityContext\": {\"privileged\": true}"))
                .severity())
        .isEqualTo(Severity.CRITICAL);
    String role =
        """
        {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role", "metadata": {"name": "r"},
         "rules": [{"apiGroups": [""], "resources": ["pods"], "verbs": [%s]}]}""";
    assertThat(diff(role.formatted("\"get\""), role.formatted("\"*\"")).severity())
        .isEqualTo(Severity.CRITICAL);
  }

  @Test
  void resourceSizeChangeIsAWarningAndLabelsAreInfo() {
    assertThat(
            diff(
                    deployment("\"resources\": {\"limits\": {\"cpu\": \"1\"}}"),
                    deployment("\"resources\": {\"limits\": {\"cpu\": \"2\"}}"))
                .severity())
        .isEqualTo(Severity.WARNING);
    String cm =
        "{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"c\", \"labels\": {\"team\": \"%s\"}}}";
    assertThat(diff(cm.formatted("a"), cm.formatted("b")).severity()).isEqualTo(Severity.INFO);
  }

  @Test
  void expectedPathsAreAlwaysExpected() {
    var options = DiffOptions.defaults().withExpectedPaths(java.util.List.of("/spec/replicas"));
    assertThat(diff(options, database("15", 1), database("15", 4)).unexpected()).isEmpty();
  }

  @Test
  void riskScoreIsTheWorstDifferencePlusTwoPerFurtherUnexpectedOne() {
    DiffResult r = diff(database("15", 1), database("16", 3));
    assertThat(r.riskScore()).isEqualTo(70 + 2);
    assertThat(diff(database("15", 1), database("15", 1)).riskScore()).isZero();
  }
}
