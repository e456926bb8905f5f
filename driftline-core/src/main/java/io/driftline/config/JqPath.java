package io.driftline.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The subset of jq path expressions that Argo CD users write in {@code jqPathExpressions}
 * (https://argo-cd.readthedocs.io/en/stable/user-guide/diffing/), evaluated without jq. Argo CD
 * deletes what {@code del(EXPR)} would delete; so does {@link #deleteFrom(Map)}.
 *
 * <p>Supported: field steps {@code .a.b}, quoted fields {@code ."a.b"} and {@code .["a.b"]},
 * iteration {@code []} / {@code .[]}, indices {@code [0]} and {@code [-1]}, pipes {@code |}, and
 * {@code select(COND)} where COND compares a relative path with a literal using {@code ==} or
 * {@code !=}, combined with {@code and} / {@code or} (left to right, no parentheses). Example:
 * {@code .spec.template.spec.containers[] | select(.name == "app") | .image}. Anything else
 * (functions, {@code ..}, regex tests, arithmetic) is rejected when the rule is loaded.
 */
final class JqPath {
  private sealed interface Step permits Field, Iterate, Index, Select {}

  private record Field(String name) implements Step {}

  private record Iterate() implements Step {}

  private record Index(int index) implements Step {}

  private record Select(List<Condition> conditions, List<Boolean> ands) implements Step {}

  private record Condition(List<Step> path, boolean equal, Object literal) {}

  private final String text;
  private final List<Step> steps;
  private int i;

  private JqPath(String text) {
    this.text = text;
    this.steps = new ArrayList<>();
  }

  static JqPath parse(String expression) {
    JqPath p = new JqPath(expression.strip());
    p.pipeline();
    return p;
  }

  /** Deletes every location the expression selects; a path that selects nothing is a no-op. */
  void deleteFrom(Map<String, Object> root) {
    List<List<Object>> found = locate(root, steps);
    found.sort(JqPath::byIndexDescending);
    for (List<Object> pos : found) {
      if (pos.isEmpty()) continue;
      Object parent = get(root, pos.subList(0, pos.size() - 1));
      Object last = pos.get(pos.size() - 1);
      if (parent instanceof Map<?, ?> m) m.remove(last);
      else if (parent instanceof List<?> l && last instanceof Integer idx && idx < l.size())
        l.remove((int) idx);
    }
  }

  private static int byIndexDescending(List<Object> a, List<Object> b) {
    for (int k = 0; k < Math.min(a.size(), b.size()); k++) {
      if (a.get(k) instanceof Integer x && b.get(k) instanceof Integer y && !x.equals(y))
        return Integer.compare(y, x);
    }
    return Integer.compare(b.size(), a.size());
  }

  private static List<List<Object>> locate(Object root, List<Step> steps) {
    List<List<Object>> positions = new ArrayList<>();
    positions.add(List.of());
    for (Step s : steps) {
      List<List<Object>> next = new ArrayList<>();
      for (List<Object> pos : positions) expand(s, get(root, pos), pos, next);
      positions = next;
    }
    return positions;
  }

  private static void expand(Step s, Object v, List<Object> pos, List<List<Object>> next) {
    switch (s) {
      case Field f -> {
        if (v instanceof Map<?, ?> m && m.containsKey(f.name())) next.add(plus(pos, f.name()));
      }
      case Iterate it -> {
        if (v instanceof Map<?, ?> m) m.keySet().forEach(k -> next.add(plus(pos, k)));
        if (v instanceof List<?> l) for (int k = 0; k < l.size(); k++) next.add(plus(pos, k));
      }
      case Index ix -> {
        if (v instanceof List<?> l) {
          int k = ix.index() < 0 ? l.size() + ix.index() : ix.index();
          if (k >= 0 && k < l.size()) next.add(plus(pos, k));
        }
      }
      case Select sel -> {
        if (holds(sel, v)) next.add(pos);
      }
    }
  }

  private static boolean holds(Select sel, Object v) {
    boolean result = test(sel.conditions().get(0), v);
    for (int k = 1; k < sel.conditions().size(); k++) {
      boolean c = test(sel.conditions().get(k), v);
      result = sel.ands().get(k - 1) ? result && c : result || c;
    }
    return result;
  }

  private static boolean test(Condition c, Object v) {
    List<List<Object>> found = locate(v, c.path());
    Object actual = found.isEmpty() ? null : get(v, found.get(0));
    boolean same =
        actual == null
            ? c.literal() == null
            : Trees.isScalar(actual) && Trees.sameScalar(actual, c.literal(), false);
    return same == c.equal();
  }

  private static List<Object> plus(List<Object> pos, Object token) {
    List<Object> p = new ArrayList<>(pos);
    p.add(token);
    return p;
  }

  private static Object get(Object root, List<Object> pos) {
    Object v = root;
    for (Object t : pos) v = t instanceof Integer k ? Trees.list(v).get(k) : Trees.map(v).get(t);
    return v;
  }

  // ---------------------------------------------------------------- parsing

  private void pipeline() {
    do {
      ws();
      if (text.startsWith("select(", i)) {
        i += "select(".length();
        steps.add(select());
      } else {
        steps.addAll(path());
      }
      ws();
    } while (eat("|"));
    if (i != text.length()) throw error("unsupported syntax");
  }

  private Select select() {
    List<Condition> conditions = new ArrayList<>();
    List<Boolean> ands = new ArrayList<>();
    while (true) {
      ws();
      List<Step> p = path();
      ws();
      boolean equal;
      if (eat("==")) equal = true;
      else if (eat("!=")) equal = false;
      else throw error("expected == or != in select()");
      ws();
      conditions.add(new Condition(p, equal, literal()));
      ws();
      if (eat("and")) ands.add(true);
      else if (eat("or")) ands.add(false);
      else break;
    }
    if (!eat(")")) throw error("expected ) closing select(");
    return new Select(conditions, ands);
  }

  private List<Step> path() {
    List<Step> p = new ArrayList<>();
    if (!eat(".")) throw error("a path must start with '.'");
    if (i < text.length() && text.charAt(i) == '"') p.add(new Field(quoted()));
    else if (i < text.length() && isIdent(text.charAt(i))) p.add(new Field(ident()));
    while (i < text.length()) {
      if (text.startsWith(".[", i)) i++;
      if (eat("[")) p.add(bracket());
      else if (text.startsWith(".\"", i)) {
        i++;
        p.add(new Field(quoted()));
      } else if (text.startsWith(".", i) && i + 1 < text.length() && isIdent(text.charAt(i + 1))) {
        i++;
        p.add(new Field(ident()));
      } else break;
    }
    return p;
  }

  private Step bracket() {
    Step s;
    if (eat("]")) return new Iterate();
    if (text.charAt(i) == '"') s = new Field(quoted());
    else {
      int start = i;
      if (text.charAt(i) == '-') i++;
      while (i < text.length() && Character.isDigit(text.charAt(i))) i++;
      if (start == i) throw error("expected an index or a quoted key in []");
      s = new Index(Integer.parseInt(text.substring(start, i)));
    }
    if (!eat("]")) throw error("expected ]");
    return s;
  }

  private Object literal() {
    if (i < text.length() && text.charAt(i) == '"') return quoted();
    int start = i;
    while (i < text.length() && !Character.isWhitespace(text.charAt(i)) && text.charAt(i) != ')')
      i++;
    String word = text.substring(start, i);
    return switch (word) {
      case "null" -> null;
      case "true" -> Boolean.TRUE;
      case "false" -> Boolean.FALSE;
      default -> {
        if (Trees.number(word) == null) throw error("expected a literal but found '" + word + "'");
        yield Trees.number(word);
      }
    };
  }

  private String quoted() {
    int end = i + 1;
    while (end < text.length() && text.charAt(end) != '"') end += text.charAt(end) == '\\' ? 2 : 1;
    if (end >= text.length()) throw error("unterminated string");
    String s = (String) Json.parse(text.substring(i, end + 1));
    i = end + 1;
    return s;
  }

  private String ident() {
    int start = i;
    while (i < text.length() && isIdent(text.charAt(i))) i++;
    return text.substring(start, i);
  }

  private static boolean isIdent(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$';
  }

  private boolean eat(String s) {
    if (!text.startsWith(s, i)) return false;
    i += s.length();
    return true;
  }

  private void ws() {
    while (i < text.length() && Character.isWhitespace(text.charAt(i))) i++;
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException(
        "jq path expression '"
            + text
            + "' at "
            + i
            + ": "
            + what
            + " (supported: .a.b, .\"a.b\", [], [N], | and select(.x == \"v\" and ...))");
  }
}
