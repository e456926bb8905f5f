package io.driftline.config;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Operations on plain trees, the shape any YAML or JSON parser produces: {@code Map<String,
 * Object>}, {@code List<Object>}, {@code String}, {@code Number}, {@code Boolean} and {@code null}.
 */
final class Trees {
  private static final Pattern DECIMAL = Pattern.compile("[-+]?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");

  private Trees() {}

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object o) {
    return o instanceof List<?> l ? (List<Object>) l : List.of();
  }

  static String string(Object o) {
    return o == null ? "" : String.valueOf(o);
  }

  static boolean isScalar(Object o) {
    return !(o instanceof Map<?, ?>) && !(o instanceof List<?>);
  }

  /** A mutable deep copy with String keys, so normalisation never touches the caller's tree. */
  static Object copy(Object o) {
    if (o instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(String.valueOf(k), copy(v)));
      return out;
    }
    if (o instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      l.forEach(v -> out.add(copy(v)));
      return out;
    }
    return o;
  }

  /** Follows map keys; empty map when a step is missing or not a map. */
  static Map<String, Object> at(Map<String, Object> root, String... keys) {
    Map<String, Object> m = root;
    for (String k : keys) m = map(m.get(k));
    return m;
  }

  /**
   * Scalars are equal when their text is equal or both are numbers of equal value, so {@code 80}
   * equals {@code "80"} (int-or-string ports) and {@code 1} equals {@code 1.0}. In a quantity
   * field, Kubernetes quantities are compared by value ({@code 0.2} equals {@code 200m}).
   */
  static boolean sameScalar(Object a, Object b, boolean quantity) {
    if (a == null || b == null) return a == b;
    if (a.equals(b)) return true;
    if (quantity) {
      var qa = Quantity.parse(a);
      var qb = Quantity.parse(b);
      if (qa.isPresent() && qb.isPresent()) return qa.get().compareTo(qb.get()) == 0;
    }
    BigDecimal na = number(a);
    BigDecimal nb = number(b);
    if (na != null && nb != null) return na.compareTo(nb) == 0;
    return String.valueOf(a).equals(String.valueOf(b));
  }

  static BigDecimal number(Object o) {
    if (o instanceof Number n) {
      return n instanceof BigDecimal d ? d : new BigDecimal(n.toString());
    }
    if (o instanceof String s && DECIMAL.matcher(s).matches()) return new BigDecimal(s);
    return null;
  }
}
