package io.driftline.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A set of field paths, in the shape of server-side apply's {@code fieldsV1}
 * (https://kubernetes.io/docs/reference/using-api/server-side-apply/#field-management): {@code
 * f:<name>} a field, {@code k:<json>} a list item by its key, {@code .} the node itself. Built
 * either from a manager's {@code managedFields} entry or from an applied object (the last-applied
 * configuration), so three-way and ownership removals share one walk. Set members ({@code v:}) and
 * positions ({@code i:}) are not tracked.
 */
final class FieldSet {
  final Map<String, FieldSet> fields = new LinkedHashMap<>();
  final List<Item> items = new ArrayList<>();
  boolean self;

  /** A keyed list item and the fields set inside it. */
  record Item(Map<String, Object> key, FieldSet set) {}

  boolean isLeaf() {
    return fields.isEmpty() && items.isEmpty();
  }

  static FieldSet fromFieldsV1(Map<String, Object> v1) {
    FieldSet set = new FieldSet();
    v1.forEach(
        (k, v) -> {
          if (k.equals(".")) set.self = true;
          else if (k.startsWith("f:")) set.fields.put(k.substring(2), fromFieldsV1(Trees.map(v)));
          else if (k.startsWith("k:")) {
            FieldSet child = fromFieldsV1(Trees.map(v));
            set.items.add(new Item(Trees.map(Json.parse(k.substring(2))), child));
          }
        });
    return set;
  }

  /** Every field set in an applied object; keyed list items by their merge key. */
  static FieldSet fromObject(Map<String, Object> object) {
    FieldSet set = new FieldSet();
    object.forEach((k, v) -> set.fields.put(k, fromValue(k, v)));
    return set;
  }

  private static FieldSet fromValue(String field, Object v) {
    if (v instanceof Map<?, ?>) return fromObject(Trees.map(v));
    FieldSet set = new FieldSet();
    List<Object> list = Trees.list(v);
    List<String> keys = MergeKeys.keysFor(field, list);
    if (keys.isEmpty()) return set; // scalars and atomic lists: one leaf
    for (Object o : list) {
      FieldSet item = fromObject(Trees.map(o));
      item.self = true;
      set.items.add(new Item(MergeKeys.keyOf(Trees.map(o), keys), item));
    }
    return set;
  }

  Optional<FieldSet> field(String name) {
    return Optional.ofNullable(fields.get(name));
  }

  /** The item entry whose key the given list item carries. */
  Optional<Item> itemFor(Map<String, Object> listItem) {
    return items.stream().filter(it -> MergeKeys.matches(listItem, it.key())).findFirst();
  }

  /** Adds every path of {@code other} to this set. */
  void addAll(FieldSet other) {
    self |= other.self;
    other.fields.forEach((k, v) -> fields.computeIfAbsent(k, x -> new FieldSet()).addAll(v));
    for (Item it : other.items) {
      Optional<Item> mine = items.stream().filter(m -> sameKey(m.key(), it.key())).findFirst();
      if (mine.isPresent()) mine.get().set().addAll(it.set());
      else {
        FieldSet copy = new FieldSet();
        copy.addAll(it.set());
        items.add(new Item(it.key(), copy));
      }
    }
  }

  private static boolean sameKey(Map<String, Object> a, Map<String, Object> b) {
    return a.keySet().equals(b.keySet()) && MergeKeys.matches(a, b);
  }

  /**
   * Removes the fields of this set from a tree; list items lose their owned fields but keep their
   * key fields, so the list still merges by key.
   */
  void removeFrom(Map<String, Object> tree) {
    fields.forEach(
        (name, child) -> {
          Object v = tree.get(name);
          if (v == null) return;
          if (child.isLeaf()) tree.remove(name);
          else if (v instanceof Map<?, ?>) child.removeFrom(Trees.map(v));
          else if (v instanceof List<?>) child.removeItems(Trees.list(v));
        });
  }

  private void removeItems(List<Object> list) {
    for (Item it : items) {
      for (Object o : list) {
        Map<String, Object> m = Trees.map(o);
        if (m.isEmpty() || !MergeKeys.matches(m, it.key())) continue;
        Map<String, Object> keep = new HashMap<>();
        it.key()
            .keySet()
            .forEach(
                k -> {
                  if (m.containsKey(k)) keep.put(k, m.get(k));
                });
        it.set().removeFrom(m);
        m.putAll(keep);
      }
    }
  }

  /** The union of the {@code fieldsV1} of every {@code managedFields} entry, per manager. */
  static Map<String, FieldSet> byManager(Map<String, Object> object) {
    Map<String, FieldSet> out = new LinkedHashMap<>();
    for (Object e : Trees.list(Trees.map(object.get("metadata")).get("managedFields"))) {
      Map<String, Object> entry = Trees.map(e);
      String manager = Trees.string(entry.get("manager"));
      out.computeIfAbsent(manager, m -> new FieldSet())
          .addAll(fromFieldsV1(Trees.map(entry.get("fieldsV1"))));
    }
    return out;
  }

  /** The union of the sets of all managers accepted by the filter. */
  static FieldSet union(
      Map<String, FieldSet> byManager, java.util.function.Predicate<String> manager) {
    FieldSet u = new FieldSet();
    byManager.forEach(
        (m, s) -> {
          if (manager.test(m)) u.addAll(s);
        });
    return u;
  }
}
