package io.driftline.config;

import static io.driftline.config.Manifests.deployment;
import static io.driftline.config.Manifests.diff;
import static io.driftline.config.Manifests.json;
import static io.driftline.config.Manifests.paths;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IgnoreRuleTest {
  private static final String DESIRED = deployment("\"image\": \"app:1\"", "\"replicas\": 3,");
  private static final String LIVE = deployment("\"image\": \"app:2\"", "\"replicas\": 5,");

  private static DiffOptions rules(IgnoreRule... rules) {
    return DiffOptions.defaults().withIgnoreRules(List.of(rules));
  }

  @Test
  void jsonPointerRemovesTheFieldFromBothSides() {
    DiffResult r =
        diff(rules(IgnoreRule.pointers("apps", "Deployment", "/spec/replicas")), DESIRED, LIVE);
    assertThat(paths(r)).containsExactly("/spec/template/spec/containers[name=app]/image");
  }

  @Test
  void jsonPointerAcceptsIndicesAndKeySelectors() {
    var byIndex =
        IgnoreRule.pointers(
            "apps", "Deployment", "/spec/template/spec/containers/0/image", "/spec/replicas");
    var bySelector =
        IgnoreRule.pointers(
            "apps",
            "Deployment",
            "/spec/template/spec/containers[name=app]/image",
            "/spec/replicas");
    assertThat(diff(rules(byIndex), DESIRED, LIVE).drift()).isFalse();
    assertThat(diff(rules(bySelector), DESIRED, LIVE).drift()).isFalse();
  }

  @Test
  void ruleForAnotherGroupKindNameOrNamespaceDoesNotApply() {
    assertThat(
            diff(rules(IgnoreRule.pointers("", "Deployment", "/spec/replicas")), DESIRED, LIVE)
                .differences())
        .hasSize(2);
    var otherName =
        new IgnoreRule(
            "apps", "Deployment", "api", "", List.of("/spec/replicas"), List.of(), List.of());
    assertThat(diff(rules(otherName), DESIRED, LIVE).differences()).hasSize(2);
    var wildcard =
        new IgnoreRule("*", "*", "", "shop", List.of("/spec/replicas"), List.of(), List.of());
    assertThat(diff(rules(wildcard), DESIRED, LIVE).differences()).hasSize(1);
  }

  @Test
  void jqSelectOnContainerNameRemovesItsImage() {
    var rule =
        new IgnoreRule(
            "apps",
            "Deployment",
            "",
            "",
            List.of(),
            List.of(
                ".spec.template.spec.containers[] | select(.name == \"app\") | .image",
                ".spec.replicas"),
            List.of());
    assertThat(diff(rules(rule), DESIRED, LIVE).drift()).isFalse();
  }

  @Test
  void managedFieldsManagersIgnoreWhatThoseManagersOwn() {
    String live =
        """
        {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": "shop",
           "managedFields": [{"manager": "hpa-controller", "operation": "Update", "fieldsV1": {"f:spec": {"f:replicas": {}}}}]},
         "spec": {"replicas": 5, "template": {"spec": {"containers": [{"name": "app", "image": "app:1"}]}}}}""";
    String desired = deployment("\"image\": \"app:1\"", "\"replicas\": 3,");
    var rule = new IgnoreRule("*", "*", "", "", List.of(), List.of(), List.of("hpa-controller"));
    assertThat(diff(desired, live).drift()).isTrue();
    assertThat(diff(rules(rule), desired, live).drift()).isFalse();
  }

  @Test
  void jqPathsSupportQuotedKeysIndicesAndConditions() {
    Map<String, Object> tree =
        json(
            """
        {"metadata": {"annotations": {"a.b/c": "1", "keep": "2"}},
         "items": [{"k": "x", "n": 1, "v": 1}, {"k": "y", "n": 2, "v": 2}, {"k": "x", "n": 3, "v": 3}]}""");
    JqPath.parse(".metadata.annotations[\"a.b/c\"]").deleteFrom(tree);
    JqPath.parse(".items[] | select(.k == \"x\" and .n != 1)").deleteFrom(tree);
    JqPath.parse(".items[0].v").deleteFrom(tree);
    assertThat(tree)
        .isEqualTo(
            json(
                """
        {"metadata": {"annotations": {"keep": "2"}}, "items": [{"k": "x", "n": 1}, {"k": "y", "n": 2, "v": 2}]}"""));
  }

  @Test
  void unsupportedJqIsRejectedWhenTheRuleIsMade() {
    assertThatThrownBy(
            () ->
                new IgnoreRule("", "Pod", "", "", List.of(), List.of(".spec | del(.x)"), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("supported");
    assertThatThrownBy(() -> JqPath.parse("spec")).hasMessageContaining("must start with '.'");
  }

  @Test
  void aggregatedClusterRoleRulesAreIgnoredWhenAsked() {
    String desired =
        """
        {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "view-all"},
         "aggregationRule": {"clusterRoleSelectors": [{"matchLabels": {"agg": "true"}}]}, "rules": []}""";
    String live =
        desired.replace(
            "\"rules\": []", "\"rules\": [{\"verbs\": [\"get\"], \"resources\": [\"pods\"]}]");
    assertThat(diff(desired, live).drift()).isFalse(); // rules: [] declares nothing
    String declared =
        desired.replace(
            "\"rules\": []", "\"rules\": [{\"verbs\": [\"list\"], \"resources\": [\"pods\"]}]");
    assertThat(diff(declared, live).drift()).isTrue();
    assertThat(diff(DiffOptions.defaults().withIgnoreAggregatedRoles(true), declared, live).drift())
        .isFalse();
  }
}
