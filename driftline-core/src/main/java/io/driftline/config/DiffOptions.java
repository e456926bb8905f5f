package io.driftline.config;

import java.util.List;
import java.util.Objects;

/**
 * How {@link ManifestDiffer} compares. Defaults are written down in {@link #defaults()}.
 *
 * @param mode how removals are detected
 * @param manager the server-side-apply field manager whose ownership defines removals; Argo CD's is
 *     {@code argocd-controller}
 * @param ignoreMutationWebhook with a predicted live object: revert fields that another manager (a
 *     mutating webhook, a controller) set during the dry run, so only the effect of our apply
 *     remains
 * @param ignoreRules Argo CD {@code ignoreDifferences} entries
 * @param patchVersionsExpected classify version refinements ({@code 15} to {@code 15.2}) and patch
 *     differences ({@code 1.21.1} to {@code 1.21.3}) as expected drift
 * @param expectedPaths JSON pointer prefixes whose drift is always expected (e.g. {@code
 *     /metadata/annotations})
 * @param ignoreAggregatedRoles ignore {@code rules} of a ClusterRole with an {@code
 *     aggregationRule}: the controller fills them in
 *     (https://kubernetes.io/docs/reference/access-authn-authz/rbac/#aggregated-clusterroles), as
 *     Argo CD's {@code ignoreAggregatedRoles} does
 */
public record DiffOptions(
    DiffMode mode,
    String manager,
    boolean ignoreMutationWebhook,
    List<IgnoreRule> ignoreRules,
    boolean patchVersionsExpected,
    List<String> expectedPaths,
    boolean ignoreAggregatedRoles) {

  /** Argo CD's default field manager for server-side apply. */
  public static final String DEFAULT_MANAGER = "argocd-controller";

  public DiffOptions {
    Objects.requireNonNull(mode, "mode");
    manager = manager == null ? "" : manager;
    ignoreRules = List.copyOf(ignoreRules);
    expectedPaths = List.copyOf(expectedPaths);
  }

  /** {@code AUTO}, no manager, webhook mutations ignored, no rules, patch versions expected. */
  public static DiffOptions defaults() {
    return new DiffOptions(DiffMode.AUTO, "", true, List.of(), true, List.of(), false);
  }

  public DiffOptions withMode(DiffMode m) {
    return new DiffOptions(
        m,
        manager,
        ignoreMutationWebhook,
        ignoreRules,
        patchVersionsExpected,
        expectedPaths,
        ignoreAggregatedRoles);
  }

  public DiffOptions withManager(String m) {
    return new DiffOptions(
        mode,
        m,
        ignoreMutationWebhook,
        ignoreRules,
        patchVersionsExpected,
        expectedPaths,
        ignoreAggregatedRoles);
  }

  public DiffOptions withIgnoreMutationWebhook(boolean b) {
    return new DiffOptions(
        mode, manager, b, ignoreRules, patchVersionsExpected, expectedPaths, ignoreAggregatedRoles);
  }

  public DiffOptions withIgnoreRules(List<IgnoreRule> rules) {
    return new DiffOptions(
        mode,
        manager,
        ignoreMutationWebhook,
        rules,
        patchVersionsExpected,
        expectedPaths,
        ignoreAggregatedRoles);
  }

  public DiffOptions withPatchVersionsExpected(boolean b) {
    return new DiffOptions(
        mode, manager, ignoreMutationWebhook, ignoreRules, b, expectedPaths, ignoreAggregatedRoles);
  }

  public DiffOptions withExpectedPaths(List<String> paths) {
    return new DiffOptions(
        mode,
        manager,
        ignoreMutationWebhook,
        ignoreRules,
        patchVersionsExpected,
        paths,
        ignoreAggregatedRoles);
  }

  public DiffOptions withIgnoreAggregatedRoles(boolean b) {
    return new DiffOptions(
        mode, manager, ignoreMutationWebhook, ignoreRules, patchVersionsExpected, expectedPaths, b);
  }

  /** The manager for ownership-based removal, falling back to Argo CD's in the SSA modes. */
  String effectiveManager() {
    if (!manager.isEmpty()) return manager;
    return mode == DiffMode.STRUCTURED_MERGE_DIFF || mode == DiffMode.SERVER_SIDE_DIFF
        ? DEFAULT_MANAGER
        : "";
  }
}
