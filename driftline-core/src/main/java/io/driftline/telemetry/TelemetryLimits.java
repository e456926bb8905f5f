package io.driftline.telemetry;

import java.text.Normalizer;
import java.util.Map;

/**
 * The rules every identifier and value must follow before it becomes part of a series.
 *
 * <p>Decisions (documented in docs/api.md): ids are at most {@value #MAX_ID_LENGTH} characters
 * after Unicode NFC normalisation; control and invisible format characters (e.g. zero-width space,
 * bidi overrides) are rejected rather than stripped, because two ids that print the same must be
 * the same id; leading or trailing whitespace is rejected for the same reason.
 */
public final class TelemetryLimits {
  public static final int MAX_ID_LENGTH = 256;
  public static final int MAX_LABELS = 32;

  private TelemetryLimits() {}

  /** Returns the NFC form of an id, or throws naming the field and the reason. */
  public static String normalizeId(String field, String id) {
    if (id == null) throw new InvalidTelemetryException(field, field + " is required");
    if (isPlainAscii(id)) return id; // printable ASCII is its own NFC form: nothing to check
    String nfc = Normalizer.normalize(id, Normalizer.Form.NFC);
    if (nfc.isBlank()) throw new InvalidTelemetryException(field, field + " must not be empty");
    if (nfc.length() > MAX_ID_LENGTH) {
      throw new InvalidTelemetryException(
          field,
          field + " must be at most " + MAX_ID_LENGTH + " characters but was " + nfc.length());
    }
    if (isSpace(nfc.codePointAt(0)) || isSpace(nfc.codePointBefore(nfc.length()))) {
      throw new InvalidTelemetryException(field, field + " must not start or end with whitespace");
    }
    for (int i = 0; i < nfc.length(); ) {
      int cp = nfc.codePointAt(i);
      int type = Character.getType(cp);
      if (Character.isISOControl(cp)
          || type == Character.FORMAT
          || type == Character.SURROGATE
          || type == Character.UNASSIGNED
          || type == Character.PRIVATE_USE) {
        throw new InvalidTelemetryException(
            field,
            field
                + " must not contain control or invisible characters (found U+"
                + String.format("%04X", cp)
                + " at index "
                + i
                + ")");
      }
      i += Character.charCount(cp);
    }
    return nfc;
  }

  /**
   * Printable ASCII, not empty, within the length limit, no space at either end: valid as it is.
   * Almost every id is; the general path (NFC, code point classes) costs several times more.
   */
  private static boolean isPlainAscii(String id) {
    int n = id.length();
    if (n == 0 || n > MAX_ID_LENGTH || id.charAt(0) == ' ' || id.charAt(n - 1) == ' ') {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = id.charAt(i);
      if (c < 0x20 || c > 0x7E) return false;
    }
    return true;
  }

  /** {@code [a-zA-Z_][a-zA-Z0-9_:.]{0,127}} without a regex (checked on every sample). */
  private static boolean isMetricName(String name) {
    int n = name.length();
    if (n == 0 || n > 128 || !isNameStart(name.charAt(0))) return false;
    for (int i = 1; i < n; i++) {
      char c = name.charAt(i);
      if (!isNameStart(c) && !(c >= '0' && c <= '9') && c != ':' && c != '.') return false;
    }
    return true;
  }

  /** {@code [a-zA-Z_][a-zA-Z0-9_]{0,63}} without a regex. */
  private static boolean isLabelName(String name) {
    int n = name.length();
    if (n == 0 || n > 64 || !isNameStart(name.charAt(0))) return false;
    for (int i = 1; i < n; i++) {
      char c = name.charAt(i);
      if (!isNameStart(c) && !(c >= '0' && c <= '9')) return false;
    }
    return true;
  }

  private static boolean isNameStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  }

  static void checkServiceId(String service) {
    if (service == null || !normalizeId("service_id", service).equals(service)) {
      throw new InvalidTelemetryException("service_id", "service_id is not normalised: " + service);
    }
  }

  public static void checkMetricName(String metric) {
    if (metric == null || !isMetricName(metric)) {
      throw new InvalidTelemetryException(
          "metric",
          "metric name must match [a-zA-Z_][a-zA-Z0-9_:.]* (at most 128 characters) but was "
              + quote(metric));
    }
  }

  static void checkLabels(Map<String, String> labels) {
    if (labels.size() > MAX_LABELS) {
      throw new InvalidTelemetryException(
          "labels", "at most " + MAX_LABELS + " labels are allowed but got " + labels.size());
    }
    labels.forEach(
        (name, value) -> {
          if (!isLabelName(name)) {
            throw new InvalidTelemetryException(
                "labels", "label name must match [a-zA-Z_][a-zA-Z0-9_]* but was " + quote(name));
          }
          if (!normalizeId("labels." + name, value).equals(value)) {
            throw new InvalidTelemetryException("labels." + name, "label value is not normalised");
          }
        });
  }

  /** Checks that a metric value is a finite, non-negative number. */
  public static double checkValue(String field, double value) {
    if (Double.isNaN(value)) throw new InvalidTelemetryException(field, field + " must not be NaN");
    if (Double.isInfinite(value)) {
      throw new InvalidTelemetryException(field, field + " must be finite but was " + value);
    }
    if (value < 0) {
      throw new InvalidTelemetryException(field, field + " must be >= 0 but was " + value);
    }
    return value;
  }

  // String.strip() misses the no-break spaces (U+00A0, U+2007, U+202F), which print like spaces
  private static boolean isSpace(int cp) {
    return Character.isWhitespace(cp) || Character.isSpaceChar(cp);
  }

  private static String quote(String s) {
    return s == null ? "null" : "\"" + s + "\"";
  }
}
