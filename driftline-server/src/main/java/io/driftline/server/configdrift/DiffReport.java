package io.driftline.server.configdrift;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.driftline.config.DiffResult;
import io.driftline.config.Difference;
import io.driftline.config.ResourceId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The results of one {@code driftline diff} run, rendered as JSON or as text for people. */
public record DiffReport(List<Entry> entries) {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** The result for one object. */
  public record Entry(ResourceId id, DiffResult result) {}

  public boolean drift() {
    return entries.stream().anyMatch(e -> e.result().drift());
  }

  public int riskScore() {
    return entries.stream().mapToInt(e -> e.result().riskScore()).max().orElse(0);
  }

  /**
   * {@code {"drift": .., "riskScore": .., "differences": [{"resource", "path", ...}], "resources":
   * [..]}}.
   */
  public String toJson() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("drift", drift());
    root.put("riskScore", riskScore());
    List<Object> differences = new ArrayList<>();
    List<Object> resources = new ArrayList<>();
    for (Entry e : entries) {
      for (Difference d : e.result().differences()) differences.add(difference(e.id(), d));
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("resource", e.id().toString());
      r.put("drift", e.result().drift());
      r.put("riskScore", e.result().riskScore());
      r.put("severity", lower(e.result().severity()));
      resources.add(r);
    }
    root.put("differences", differences);
    root.put("resources", resources);
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("plain trees always serialise", e);
    }
  }

  private static Map<String, Object> difference(ResourceId id, Difference d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("resource", id.toString());
    m.put("path", d.path());
    m.put("kind", lower(d.kind()));
    m.put("desired", d.desired());
    m.put("live", d.live());
    m.put("severity", lower(d.severity()));
    m.put("expected", d.expected());
    m.put("riskScore", d.riskScore());
    m.put("reason", d.reason());
    return m;
  }

  /** A readable diff: one block per object, one line per difference. */
  public String toText() {
    StringBuilder sb = new StringBuilder();
    for (Entry e : entries) {
      DiffResult r = e.result();
      sb.append(r.drift() ? "DRIFT " : "in sync ").append(e.id());
      if (r.drift())
        sb.append("  (risk ")
            .append(r.riskScore())
            .append(", ")
            .append(lower(r.severity()))
            .append(')');
      sb.append('\n');
      for (Difference d : r.differences()) sb.append(line(d));
    }
    sb.append(drift() ? "drift detected" : "no drift").append('\n');
    return sb.toString();
  }

  private static String line(Difference d) {
    String sign =
        switch (d.kind()) {
          case ADDED -> "+";
          case REMOVED -> "-";
          case CHANGED -> "~";
        };
    String values =
        switch (d.kind()) {
          case ADDED -> "desired " + render(d.desired()) + ", missing in live";
          case REMOVED -> "live " + render(d.live()) + " would be removed";
          case CHANGED -> "desired " + render(d.desired()) + ", live " + render(d.live());
        };
    return String.format(
        Locale.ROOT,
        "  %s %s: %s  [%s%s, %s]%n",
        sign,
        d.path(),
        values,
        lower(d.severity()),
        d.expected() ? ", expected" : "",
        d.reason());
  }

  private static String render(Object v) {
    try {
      String s = new ObjectMapper().writeValueAsString(v);
      return s.length() > 120 ? s.substring(0, 117) + "..." : s;
    } catch (JsonProcessingException e) {
      return String.valueOf(v);
    }
  }

  private static String lower(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }
}
