package io.driftline.config;

/** Building JSON pointers (RFC 6901) with keyed-list selectors. */
final class Paths {
  private Paths() {}

  /** RFC 6901 escaping: {@code ~} becomes {@code ~0}, {@code /} becomes {@code ~1}. */
  static String child(String parent, String key) {
    return parent + "/" + key.replace("~", "~0").replace("/", "~1");
  }

  static String unescape(String token) {
    return token.replace("~1", "/").replace("~0", "~");
  }

  static String display(String path) {
    return path.isEmpty() ? "/" : path;
  }
}
