package io.driftline.config;

import java.util.Locale;

/**
 * How removals are detected. A field that is only in the live object is never drift by itself
 * (server defaults, other controllers); it only counts when the mode knows that applying the
 * desired state would remove it.
 */
public enum DiffMode {
  /**
   * Three-way diff when the live object carries {@code
   * kubectl.kubernetes.io/last-applied-configuration}, plus server-side-apply ownership when a
   * manager is configured; a predicted live object, when given, switches to {@link
   * #SERVER_SIDE_DIFF}.
   */
  AUTO,
  /** Only {@code last-applied-configuration} (client-side {@code kubectl apply}). */
  THREE_WAY,
  /** Only server-side-apply ownership: fields in {@code managedFields} of the manager. */
  STRUCTURED_MERGE_DIFF,
  /** Live vs a server-side dry-run result (Argo CD's server-side diff); falls back to ownership. */
  SERVER_SIDE_DIFF,
  /** Declared fields only: no removal is ever detected. */
  TWO_WAY;

  /** Accepts Argo-style spellings: {@code server-side-diff}, {@code structured-merge-diff}, ... */
  public static DiffMode parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    return switch (t) {
      case "auto", "" -> AUTO;
      case "three-way", "threeway", "legacy", "client-side-apply" -> THREE_WAY;
      case "structured-merge-diff", "smd", "server-side-apply", "ssa" -> STRUCTURED_MERGE_DIFF;
      case "server-side-diff", "ssd", "server-side" -> SERVER_SIDE_DIFF;
      case "two-way", "twoway", "subset" -> TWO_WAY;
      default ->
          throw new IllegalArgumentException(
              "diff mode must be auto, three-way, structured-merge-diff, server-side-diff or two-way but was "
                  + text);
    };
  }
}
