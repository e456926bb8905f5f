package io.driftline.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reverts, in a predicted live object (a server-side apply dry run), the fields that managers other
 * than ours set: mutating admission webhooks and controllers. What stays is the effect of our own
 * apply, so defaults and webhook injections do not show as drift. Argo CD's server-side diff does
 * the same when {@code IgnoreMutationWebhook} is on
 * (https://argo-cd.readthedocs.io/en/stable/user-guide/diff-strategies/#server-side-diff).
 *
 * <p>A reverted field takes the live value, or is removed when live has none. The key fields of a
 * list item (e.g. a webhook-defaulted {@code protocol} of a new port) are never reverted: without
 * them the item could no longer be matched by its merge key. Fields our manager also owns are kept.
 */
final class WebhookMutations {
  private WebhookMutations() {}

  static void revert(
      Map<String, FieldSet> predictedOwners,
      String manager,
      Map<String, Object> predicted,
      Map<String, Object> live) {
    FieldSet mutated = FieldSet.union(predictedOwners, m -> !m.equals(manager));
    Optional<FieldSet> ours = Optional.ofNullable(predictedOwners.get(manager));
    revert(mutated, ours, predicted, live, Set.of());
    ManifestNormalizer.prune(predicted);
  }

  private static void revert(
      FieldSet set,
      Optional<FieldSet> ours,
      Map<String, Object> p,
      Map<String, Object> l,
      Set<String> keyFields) {
    set.fields.forEach(
        (name, child) -> {
          if (keyFields.contains(name)) return;
          Optional<FieldSet> oc = ours.flatMap(o -> o.field(name));
          Object pv = p.get(name);
          Object lv = l.get(name);
          if (child.isLeaf()) {
            if (oc.isPresent()) return;
            if (lv == null) p.remove(name);
            else p.put(name, Trees.copy(lv));
          } else if (pv instanceof Map<?, ?>) {
            revert(child, oc, Trees.map(pv), Trees.map(lv), Set.of());
          } else if (pv instanceof List<?>) {
            items(child, oc, Trees.list(pv), Trees.list(lv));
          }
        });
  }

  private static void items(FieldSet set, Optional<FieldSet> ours, List<Object> p, List<Object> l) {
    for (FieldSet.Item it : set.items) {
      Optional<Map<String, Object>> pi = MergeKeys.find(p, it.key());
      if (pi.isEmpty()) continue;
      Optional<Map<String, Object>> li = MergeKeys.find(l, it.key());
      Optional<FieldSet> oi = ours.flatMap(o -> o.itemFor(pi.get())).map(FieldSet.Item::set);
      if (li.isEmpty() && it.set().self && oi.isEmpty()) p.remove(pi.get());
      else revert(it.set(), oi, pi.get(), li.orElse(Map.of()), it.key().keySet());
    }
  }
}
