package io.driftline.config;

import io.driftline.config.Difference.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Fields that are in the live object, not in the desired one, and that applying the desired object
 * would remove. Two sources know such removals:
 *
 * <ul>
 *   <li>Client-side {@code kubectl apply} deletes a field that is in the {@code
 *       last-applied-configuration} annotation but no longer in the new manifest (the three-way
 *       merge,
 *       https://kubernetes.io/docs/tasks/manage-kubernetes-objects/declarative-config/#how-apply-calculates-differences-and-merges-changes).
 *   <li>Server-side apply deletes a field the applying manager owns and no longer applies, unless
 *       another manager owns it too
 *       (https://kubernetes.io/docs/reference/using-api/server-side-apply/#merge-strategy).
 * </ul>
 *
 * {@code apiVersion}, {@code kind}, {@code metadata.name} and {@code metadata.namespace} are never
 * removals: a manifest may leave the namespace to the context {@code kubectl} runs in.
 */
final class KnownRemovals {
  private static final Set<String> IDENTITY =
      Set.of("/apiVersion", "/kind", "/metadata/name", "/metadata/namespace");

  private final List<Difference> out = new ArrayList<>();

  private KnownRemovals() {}

  /**
   * @param applied what was applied before (or what the manager owns)
   * @param others fields owned by other managers, which keep a field alive; empty for three-way
   */
  static List<Difference> find(
      FieldSet applied, FieldSet others, Map<String, Object> desired, Map<String, Object> live) {
    KnownRemovals r = new KnownRemovals();
    r.walk(applied, Optional.of(others), desired, live, "");
    return r.out;
  }

  private void walk(
      FieldSet set,
      Optional<FieldSet> others,
      Map<String, Object> d,
      Map<String, Object> l,
      String path) {
    set.fields.forEach(
        (name, child) -> {
          String p = Paths.child(path, name);
          Object lv = l.get(name);
          if (lv == null || IDENTITY.contains(p)) return;
          Object dv = d.get(name);
          Optional<FieldSet> oc = others.flatMap(o -> o.field(name));
          if (child.isLeaf() || !(lv instanceof Map<?, ?> || lv instanceof List<?>)) {
            if (dv == null && (oc.isEmpty() || !oc.get().isLeaf()))
              out.add(Difference.raw(p, Kind.REMOVED, null, lv));
          } else if (lv instanceof Map<?, ?>) {
            walk(child, oc, Trees.map(dv), Trees.map(lv), p);
          } else {
            items(name, child, oc, Trees.list(dv), Trees.list(lv), p);
          }
        });
  }

  private void items(
      String field,
      FieldSet set,
      Optional<FieldSet> others,
      List<Object> d,
      List<Object> l,
      String path) {
    List<String> keys = MergeKeys.keysFor(field, l);
    for (FieldSet.Item it : set.items) {
      Optional<Map<String, Object>> li = MergeKeys.find(l, it.key());
      if (li.isEmpty()) continue;
      Optional<Map<String, Object>> di = MergeKeys.find(d, it.key());
      Optional<FieldSet> oi = others.flatMap(o -> o.itemFor(li.get())).map(FieldSet.Item::set);
      String p =
          path + MergeKeys.selector(keys.isEmpty() ? it.key() : MergeKeys.keyOf(li.get(), keys));
      if (di.isEmpty() && it.set().self && oi.isEmpty())
        out.add(Difference.raw(p, Kind.REMOVED, null, li.get()));
      else walk(it.set(), oi, di.orElse(Map.of()), li.get(), p);
    }
  }
}
