package io.driftline.server.configdrift;

import io.driftline.config.Difference;
import io.driftline.config.ResourceId;
import io.driftline.server.http.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code driftDetails} lines of seeds/004 ({@code "Version mismatch: desired=15, actual=15.2"},
 * {@code "This is expected patch version drift"}, {@code "Replica count mismatch: desired=1,
 * actual=3"}) made from the differ's differences. Secret values arrive masked.
 */
public final class DriftDetails {
  private static final int MAX_VALUE = 120;

  private DriftDetails() {}

  public static List<String> lines(ResourceId id, List<Difference> differences) {
    List<String> out = new ArrayList<>();
    String what = id.kind() + " " + id.name();
    for (Difference d : differences) {
      String path = d.path();
      if (path.equals("/")) {
        out.add(
            d.kind() == Difference.Kind.ADDED
                ? what + " is missing"
                : what + " exists but is not desired");
      } else if (path.endsWith("/image")) {
        out.add(image(d));
        if (d.expected()) out.add("This is expected patch version drift");
      } else if (path.endsWith("/replicas")) {
        out.add("Replica count mismatch: " + values(d));
      } else if (path.contains("/resources/") || path.endsWith("/storage")) {
        out.add("Size mismatch at " + path + ": " + values(d));
      } else if (d.kind() == Difference.Kind.REMOVED) {
        out.add(what + " " + path + " would be removed: actual=" + text(d.live()));
      } else {
        out.add(what + " " + path + " differs: " + values(d));
        if (d.expected()) out.add("This is expected drift (" + d.reason() + ")");
      }
    }
    return out;
  }

  private static String image(Difference d) {
    String desired = text(d.desired());
    String live = text(d.live());
    String repoD = repository(desired);
    if (d.desired() != null && d.live() != null && repoD.equals(repository(live))) {
      return "Version mismatch: desired="
          + tag(desired, repoD)
          + ", actual="
          + tag(live, repository(live));
    }
    return "Image mismatch: desired=" + desired + ", actual=" + live;
  }

  static String repository(String image) {
    String noDigest = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
    int colon = noDigest.lastIndexOf(':');
    return colon > noDigest.lastIndexOf('/') ? noDigest.substring(0, colon) : noDigest;
  }

  static String tag(String image, String repository) {
    return image.length() > repository.length() + 1
        ? image.substring(repository.length() + 1)
        : "latest";
  }

  private static String values(Difference d) {
    return "desired=" + text(d.desired()) + ", actual=" + text(d.live());
  }

  static String text(Object v) {
    if (v == null) return "(absent)";
    String s;
    if (v instanceof String str) {
      s = str;
    } else {
      try {
        s = Json.MAPPER.writeValueAsString(v);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        s = String.valueOf(v);
      }
    }
    return s.length() > MAX_VALUE ? s.substring(0, MAX_VALUE - 3) + "..." : s;
  }
}
