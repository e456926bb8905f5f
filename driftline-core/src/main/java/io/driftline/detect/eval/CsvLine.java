package io.driftline.detect.eval;

import java.util.ArrayList;
import java.util.List;

/** Splits one CSV line into fields (RFC 4180 quoting, no embedded line breaks). */
final class CsvLine {
  private CsvLine() {}

  static List<String> split(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    fields.add(field.toString());
    return fields;
  }

  /** Index of the column named {@code name} (case-insensitive, trimmed), or -1. */
  static int column(List<String> header, String name) {
    for (int i = 0; i < header.size(); i++) {
      if (header.get(i).strip().equalsIgnoreCase(name)) return i;
    }
    return -1;
  }
}
