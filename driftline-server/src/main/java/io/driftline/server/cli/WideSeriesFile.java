package io.driftline.server.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The M4 competition's wide CSV layout: a header row, then one row per series, its id followed by
 * its values, rows of different lengths (trailing cells empty). An empty or {@code NA} cell inside
 * a row is a gap (NaN); trailing empty cells are not values.
 */
final class WideSeriesFile {
  /** One series of the file. */
  record Series(String id, double[] values) {}

  /** A file that is not in the layout; the message names the line and the cell. */
  static final class InvalidFileException extends Exception {
    InvalidFileException(String message) {
      super(message);
    }
  }

  private WideSeriesFile() {}

  static List<Series> read(Path file) throws IOException, InvalidFileException {
    if (!Files.isRegularFile(file)) throw new InvalidFileException("no such file: " + file);
    List<Series> out = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String header = r.readLine();
      if (header == null)
        throw new InvalidFileException(file + " is empty (expected a header row)");
      String line;
      int lineNo = 1;
      while ((line = r.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) continue;
        out.add(parse(file, lineNo, line));
      }
    } catch (java.nio.charset.MalformedInputException e) {
      throw new InvalidFileException(file + " is not UTF-8 text");
    }
    if (out.isEmpty()) throw new InvalidFileException(file + " has a header but no series rows");
    return out;
  }

  private static Series parse(Path file, int lineNo, String line) throws InvalidFileException {
    String[] cells = line.split(",", -1);
    String id = unquote(cells[0]);
    if (id.isEmpty())
      throw new InvalidFileException(file + ":" + lineNo + ": the first cell (series id) is empty");
    int last = cells.length - 1;
    while (last > 0 && unquote(cells[last]).isEmpty()) last--;
    double[] values = new double[last];
    for (int c = 1; c <= last; c++) {
      String cell = unquote(cells[c]);
      if (cell.isEmpty() || cell.equalsIgnoreCase("NA") || cell.equalsIgnoreCase("NaN")) {
        values[c - 1] = Double.NaN;
        continue;
      }
      try {
        values[c - 1] = Double.parseDouble(cell);
      } catch (NumberFormatException e) {
        throw new InvalidFileException(
            file
                + ":"
                + lineNo
                + ": cell "
                + (c + 1)
                + " of series '"
                + id
                + "' is not a number: '"
                + cell
                + "'");
      }
      if (Double.isInfinite(values[c - 1]))
        throw new InvalidFileException(file + ":" + lineNo + ": cell " + (c + 1) + " is infinite");
    }
    boolean any = false;
    for (double v : values) any |= !Double.isNaN(v);
    if (!any)
      throw new InvalidFileException(file + ":" + lineNo + ": series '" + id + "' has no values");
    return new Series(id, values);
  }

  private static String unquote(String s) {
    String t = s.strip();
    if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\""))
      t = t.substring(1, t.length() - 1);
    return t;
  }

  /** Writes the header {@code id,F1,...,FH} of the layout M4 submissions and m4eval.py use. */
  static void writeHeader(Writer w, int h) throws IOException {
    StringBuilder sb = new StringBuilder("id");
    for (int i = 1; i <= h; i++) sb.append(",F").append(i);
    w.write(sb.append('\n').toString());
  }
}
