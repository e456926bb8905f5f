package io.driftline.config;

import io.driftline.config.Difference.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares two normalised trees field by field. In subset mode only what the first tree ("desired")
 * declares is compared: a field only in the second ("live") is not drift. In full mode (live vs a
 * predicted live object) fields only in live are reported as {@link Kind#REMOVED}.
 *
 * <p>Lists with Kubernetes merge keys ({@link MergeKeys}) are matched item by item by key, other
 * set-typed scalar lists ({@code finalizers}) as sets, other lists by position; a length difference
 * of a positional list is one change of the whole list, since such lists are replaced as a whole on
 * apply.
 */
final class TreeComparison {
  /** Keys whose values are resource quantities, or whose parent map holds quantities. */
  private static final Set<String> QUANTITY_PARENTS =
      Set.of("limits", "requests", "hard", "capacity", "allocatable", "overhead");

  private static final Set<String> QUANTITY_FIELDS =
      Set.of("sizeLimit", "storage", "cpu", "memory", "ephemeral-storage");

  /**
   * Scalar lists the Kubernetes API declares {@code x-kubernetes-list-type: set} (order carries no
   * meaning, server-side apply merges them as sets): compared as sets, not by position.
   */
  private static final Set<String> SET_LISTS = Set.of("finalizers");

  private final boolean full;
  private final List<Difference> out = new ArrayList<>();

  private TreeComparison(boolean full) {
    this.full = full;
  }

  static List<Difference> subset(Map<String, Object> desired, Map<String, Object> live) {
    TreeComparison c = new TreeComparison(false);
    c.maps(desired, live, "");
    return c.out;
  }

  static List<Difference> full(Map<String, Object> predicted, Map<String, Object> live) {
    TreeComparison c = new TreeComparison(true);
    c.maps(predicted, live, "");
    return c.out;
  }

  private void maps(Map<String, Object> d, Map<String, Object> l, String path) {
    d.forEach(
        (k, dv) -> {
          if (path.isEmpty() && k.equals("apiVersion")) return; // identity, matched by group
          value(dv, l.get(k), Paths.child(path, k), k, lastKey(path));
        });
    if (!full) return;
    l.forEach(
        (k, lv) -> {
          if (!d.containsKey(k) && !(path.isEmpty() && k.equals("apiVersion"))) {
            out.add(Difference.raw(Paths.child(path, k), Kind.REMOVED, null, lv));
          }
        });
  }

  private void value(Object d, Object l, String path, String key, String parentKey) {
    if (l == null) {
      out.add(Difference.raw(path, Kind.ADDED, d, null));
    } else if (d instanceof Map<?, ?> dm) {
      if (l instanceof Map<?, ?> lm) maps(Trees.map(dm), Trees.map(lm), path);
      else out.add(Difference.raw(path, Kind.CHANGED, d, l));
    } else if (d instanceof List<?> dl) {
      if (l instanceof List<?> ll) lists(key, Trees.list(dl), Trees.list(ll), path);
      else out.add(Difference.raw(path, Kind.CHANGED, d, l));
    } else {
      boolean quantity = QUANTITY_PARENTS.contains(parentKey) || QUANTITY_FIELDS.contains(key);
      if (!Trees.isScalar(l) || !Trees.sameScalar(d, l, quantity)) {
        out.add(Difference.raw(path, Kind.CHANGED, d, l));
      }
    }
  }

  private void lists(String key, List<Object> d, List<Object> l, String path) {
    List<Object> both = new ArrayList<>(d);
    both.addAll(l);
    List<String> keys = MergeKeys.keysFor(key, both);
    if (keys.isEmpty() && SET_LISTS.contains(key) && both.stream().allMatch(Trees::isScalar)) {
      // subset mode: every desired member present in live; full mode: the same members
      boolean same = l.containsAll(d) && (!full || d.containsAll(l));
      if (!same) out.add(Difference.raw(path, Kind.CHANGED, d, l));
      return;
    }
    if (keys.isEmpty()) {
      positional(key, d, l, path);
      return;
    }
    for (Object di : d) {
      Map<String, Object> dm = Trees.map(di);
      Map<String, Object> k = MergeKeys.keyOf(dm, keys);
      String p = path + MergeKeys.selector(k);
      MergeKeys.find(l, k)
          .ifPresentOrElse(
              lm -> maps(dm, lm, p), () -> out.add(Difference.raw(p, Kind.ADDED, dm, null)));
    }
    if (!full) return;
    for (Object li : l) {
      Map<String, Object> k = MergeKeys.keyOf(Trees.map(li), keys);
      if (MergeKeys.find(d, k).isEmpty())
        out.add(Difference.raw(path + MergeKeys.selector(k), Kind.REMOVED, null, li));
    }
  }

  private void positional(String key, List<Object> d, List<Object> l, String path) {
    if (d.size() != l.size()) {
      out.add(Difference.raw(path, Kind.CHANGED, d, l));
      return;
    }
    int before = out.size();
    for (int i = 0; i < d.size(); i++) value(d.get(i), l.get(i), path + "/" + i, key, key);
    if (out.size() > before && d.stream().allMatch(Trees::isScalar)) {
      // a list of scalars is one value to people: report it whole, not element by element
      out.subList(before, out.size()).clear();
      out.add(Difference.raw(path, Kind.CHANGED, d, l));
    }
  }

  private static String lastKey(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : Paths.unescape(path.substring(slash + 1));
  }
}
