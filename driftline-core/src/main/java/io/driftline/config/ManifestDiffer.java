package io.driftline.config;

import io.driftline.config.Difference.Kind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Answers "would applying the desired manifest change the live object?" for one Kubernetes object
 * given as plain trees (what any YAML or JSON parser produces).
 *
 * <p>Both sides are normalised ({@link ManifestNormalizer}), ignore rules are applied ({@link
 * IgnoredFields}), then only what the desired side declares is compared ({@link TreeComparison}): a
 * field only in live is a server default or another controller's, not drift. Removals count only
 * where they are known ({@link KnownRemovals}): the last-applied configuration, or server-side
 * apply ownership of the configured manager. When a predicted live object (a server-side dry run of
 * the desired object) is given, live is compared with it instead, after reverting the fields that
 * webhooks and controllers set during the dry run ({@link WebhookMutations}), as Argo CD's
 * server-side diff does.
 *
 * <pre>{@code
 * var differ = new ManifestDiffer(DiffOptions.defaults(), SecretMasker.random());
 * DiffResult r = differ.diff(Optional.of(desired), Optional.of(live), Optional.empty());
 * }</pre>
 */
public final class ManifestDiffer {
  private final DiffOptions options;
  private final ManifestNormalizer normalizer;

  public ManifestDiffer(DiffOptions options, SecretMasker masker) {
    this.options = Objects.requireNonNull(options, "options");
    this.normalizer = new ManifestNormalizer(Objects.requireNonNull(masker, "masker"));
  }

  public DiffResult diff(Map<String, Object> desired, Map<String, Object> live) {
    return diff(Optional.of(desired), Optional.of(live), Optional.empty());
  }

  /** An absent side means the object is not desired, or does not exist in the cluster. */
  public DiffResult diff(
      Optional<Map<String, Object>> desired,
      Optional<Map<String, Object>> live,
      Optional<Map<String, Object>> predictedLive) {
    if (desired.isEmpty() && live.isEmpty()) return DiffResult.of(List.of());
    ResourceId id = ResourceId.of(desired.or(() -> live).orElseThrow());
    List<Difference> raw;
    if (live.isEmpty()) {
      raw = List.of(Difference.raw("/", Kind.ADDED, normalizer.normalize(desired.get()), null));
    } else if (desired.isEmpty()) {
      raw = List.of(Difference.raw("/", Kind.REMOVED, null, normalizer.normalize(live.get())));
    } else {
      raw = compare(id, desired.get(), live.get(), predictedLive);
    }
    return DiffResult.of(
        raw.stream()
            .map(d -> DriftClassifier.classify(id, d, options))
            .sorted(Comparator.comparing(Difference::path))
            .toList());
  }

  private List<Difference> compare(
      ResourceId id,
      Map<String, Object> desiredRaw,
      Map<String, Object> liveRaw,
      Optional<Map<String, Object>> predictedRaw) {
    Map<String, FieldSet> liveOwners = FieldSet.byManager(liveRaw);
    Map<String, FieldSet> predictedOwners = predictedRaw.map(FieldSet::byManager).orElse(Map.of());
    Map<String, FieldSet> allOwners = new LinkedHashMap<>(liveOwners);
    predictedOwners.forEach((m, s) -> allOwners.computeIfAbsent(m, x -> new FieldSet()).addAll(s));

    Map<String, Object> desired = normalizer.normalize(desiredRaw);
    Map<String, Object> live = normalizer.normalize(liveRaw);
    Optional<Map<String, Object>> predicted = predictedRaw.map(normalizer::normalize);
    Optional<Map<String, Object>> lastApplied = lastApplied(liveRaw).map(normalizer::normalize);

    List<Map<String, Object>> trees = new ArrayList<>(List.of(desired, live));
    predicted.ifPresent(trees::add);
    lastApplied.ifPresent(trees::add);
    IgnoredFields.remove(options.ignoreRules(), id, allOwners, trees);
    if (options.ignoreAggregatedRoles()
        && id.kind().equals("ClusterRole")
        && desired.containsKey("aggregationRule")) {
      trees.forEach(t -> t.remove("rules"));
    }

    boolean serverSide =
        options.mode() == DiffMode.AUTO || options.mode() == DiffMode.SERVER_SIDE_DIFF;
    if (predicted.isPresent() && serverSide) {
      if (options.ignoreMutationWebhook()) {
        WebhookMutations.revert(predictedOwners, options.effectiveManager(), predicted.get(), live);
      }
      return TreeComparison.full(predicted.get(), live);
    }
    List<Difference> out = new ArrayList<>(TreeComparison.subset(desired, live));
    removals(desired, live, lastApplied, liveOwners)
        .forEach(
            r -> {
              if (out.stream().noneMatch(d -> d.path().equals(r.path()))) out.add(r);
            });
    return out;
  }

  private List<Difference> removals(
      Map<String, Object> desired,
      Map<String, Object> live,
      Optional<Map<String, Object>> lastApplied,
      Map<String, FieldSet> owners) {
    List<Difference> out = new ArrayList<>();
    DiffMode mode = options.mode();
    if (lastApplied.isPresent() && (mode == DiffMode.AUTO || mode == DiffMode.THREE_WAY)) {
      out.addAll(
          KnownRemovals.find(
              FieldSet.fromObject(lastApplied.get()), new FieldSet(), desired, live));
    }
    String manager = options.effectiveManager();
    if (!manager.isEmpty()
        && owners.containsKey(manager)
        && mode != DiffMode.THREE_WAY
        && mode != DiffMode.TWO_WAY) {
      FieldSet others = FieldSet.union(owners, m -> !m.equals(manager));
      out.addAll(KnownRemovals.find(owners.get(manager), others, desired, live));
    }
    return out;
  }

  /** The {@code last-applied-configuration} annotation, parsed; empty when absent or not JSON. */
  private static Optional<Map<String, Object>> lastApplied(Map<String, Object> live) {
    Object text = Trees.at(live, "metadata", "annotations").get(ManifestNormalizer.LAST_APPLIED);
    if (!(text instanceof String s) || s.isBlank()) return Optional.empty();
    try {
      return Optional.of(Trees.map(Json.parse(s)));
    } catch (IllegalArgumentException notJson) {
      return Optional.empty(); // a corrupt annotation only costs us removal detection
    }
  }
}
