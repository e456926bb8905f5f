package io.driftline.detect.eval;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Loads a NAB-style corpus: data files ({@code category/file.csv} with a {@code timestamp} column),
 * the labelled windows of each, and a detector's results in the same layout (each file with an
 * {@code anomaly_score} column and one row per data row, or NAB's {@code
 * category/<detector>_file.csv}).
 */
public final class NabCorpus {
  /** A labelled anomaly window; both edges must occur exactly once in the file's timestamps. */
  public record Window(String start, String end) {}

  private NabCorpus() {}

  /**
   * @param labels windows per file path relative to {@code dataDir}, e.g. NAB's
   *     combined_windows.json
   */
  public static List<NabFile> load(Path dataDir, Map<String, List<Window>> labels)
      throws IOException {
    List<NabFile> files = new ArrayList<>();
    for (var e : new TreeMap<>(labels).entrySet()) {
      Path file = dataDir.resolve(e.getKey());
      if (!Files.isRegularFile(file)) throw new IOException("labelled file not found: " + file);
      List<Instant> ts = timestamps(file);
      int[][] windows = new int[e.getValue().size()][];
      for (int k = 0; k < windows.length; k++) {
        Window w = e.getValue().get(k);
        windows[k] = new int[] {locate(file, ts, w.start()), locate(file, ts, w.end())};
      }
      Arrays.sort(windows, Comparator.comparingInt(w -> w[0]));
      for (int k = 1; k < windows.length; k++) {
        if (windows[k][0] <= windows[k - 1][1])
          throw new IOException(file + ": overlapping windows");
      }
      files.add(new NabFile(e.getKey(), ts.size(), windows));
    }
    return files;
  }

  /** The anomaly scores of every file, found under {@code resultsDir} in the data's layout. */
  public static Map<String, double[]> readScores(Path resultsDir, List<NabFile> files)
      throws IOException {
    Map<String, double[]> scores = new LinkedHashMap<>();
    for (NabFile f : files) {
      Path results = resultsFile(resultsDir, f.path());
      double[] a = column(results, "anomaly_score");
      if (a.length != f.rows()) {
        throw new IOException(
            results + ": " + a.length + " result rows vs " + f.rows() + " data rows");
      }
      scores.put(f.path(), a);
    }
    return scores;
  }

  private static Path resultsFile(Path resultsDir, String rel) throws IOException {
    Path plain = resultsDir.resolve(rel);
    if (Files.isRegularFile(plain)) return plain;
    Path dir = plain.getParent();
    String suffix = "_" + plain.getFileName();
    if (Files.isDirectory(dir)) {
      try (Stream<Path> s = Files.list(dir)) {
        List<Path> m = s.filter(p -> p.getFileName().toString().endsWith(suffix)).toList();
        if (m.size() == 1) return m.get(0);
      }
    }
    throw new IOException("no results file for " + rel + " under " + resultsDir);
  }

  private static int locate(Path file, List<Instant> ts, String edge) throws IOException {
    Instant t =
        CsvTimestamps.parse(edge)
            .orElseThrow(
                () -> new IOException(file + ": window edge '" + edge + "' is not a timestamp"));
    int found = -1;
    for (int i = 0; i < ts.size(); i++) {
      if (t.equals(ts.get(i))) {
        if (found >= 0)
          throw new IOException(file + ": window edge " + edge + " occurs more than once");
        found = i;
      }
    }
    if (found < 0) throw new IOException(file + ": window edge " + edge + " not found");
    return found;
  }

  private static List<Instant> timestamps(Path file) throws IOException {
    List<Instant> ts = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      int col = headerColumn(file, in.readLine(), "timestamp");
      int lineNo = 1;
      String line;
      while ((line = in.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) continue;
        String text = CsvLine.split(line).get(col);
        int n = lineNo;
        ts.add(
            CsvTimestamps.parse(text)
                .orElseThrow(
                    () ->
                        new IOException(
                            file + ": line " + n + ": not a timestamp: '" + text + "'")));
      }
    }
    return ts;
  }

  private static double[] column(Path file, String name) throws IOException {
    List<Double> values = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      int col = headerColumn(file, in.readLine(), name);
      int lineNo = 1;
      String line;
      while ((line = in.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) continue;
        List<String> fields = CsvLine.split(line);
        try {
          double v = Double.parseDouble(fields.get(col).strip());
          if (Double.isNaN(v)) throw new NumberFormatException();
          values.add(v);
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
          throw new IOException(file + ": line " + lineNo + ": " + name + " is not a number");
        }
      }
    }
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static int headerColumn(Path file, String header, String name) throws IOException {
    if (header == null) throw new IOException(file + ": empty file");
    int col = CsvLine.column(CsvLine.split(header.replace("\uFEFF", "")), name);
    if (col < 0)
      throw new IOException(file + ": line 1: no '" + name + "' column in '" + header + "'");
    return col;
  }
}
