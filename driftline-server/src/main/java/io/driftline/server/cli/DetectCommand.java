package io.driftline.server.cli;

import io.driftline.detect.Detector;
import io.driftline.detect.Detectors;
import io.driftline.detect.IsolationForestDetector;
import io.driftline.detect.eval.CsvReplay;
import io.driftline.detect.eval.CsvVectorReplay;
import io.driftline.detect.eval.InvalidCsvException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code driftline detect}: scores recorded series offline with the same detectors the service
 * runs.
 */
@Command(
    name = "detect",
    mixinStandardHelpOptions = true,
    description = {
      "Score recorded series with a detector, strictly online (one sample at a time, no look-ahead).",
      "Input: CSV with a header naming 'timestamp' and 'value' (other columns are kept).",
      "Output: the same rows with 'anomaly_score' (0-1) and 'state' appended.",
      "A directory is processed file by file (*.csv) into the same layout under --output.",
      "With --columns a,b,c the named columns are scored together, as one point per row, by the",
      "multivariate isolation-forest detector (the golden signals of one workload)."
    })
final class DetectCommand implements Callable<Integer> {
  @Option(names = "--input", required = true, description = "CSV file or directory of CSV files")
  Path input;

  @Option(
      names = "--output",
      required = true,
      description = "output file, or directory when --input is one")
  Path output;

  @Option(
      names = "--detector",
      defaultValue = "ensemble",
      description = "detector: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})",
      completionCandidates = DetectorNames.class)
  String detector;

  @Option(
      names = "--columns",
      split = ",",
      description =
          "score these columns together with the isolation-forest detector instead of 'value'")
  List<String> columns;

  PrintStream err = System.err;
  PrintStream out = System.out;

  @Override
  public Integer call() {
    if (columns != null || detector.equals(IsolationForestDetector.NAME)) return multivariate();
    var found = Detectors.byName(detector);
    if (found.isEmpty()) {
      err.println(
          "driftline detect: unknown detector '" + detector + "'; known: " + Detectors.names());
      return 2;
    }
    try {
      if (Files.isDirectory(input)) return directory(found.get());
      if (!Files.isRegularFile(input)) {
        err.println("driftline detect: no such file or directory: " + input);
        return 2;
      }
      if (Files.isDirectory(output)) output = output.resolve(input.getFileName());
      if (output.getParent() != null) Files.createDirectories(output.getParent());
      var r = CsvReplay.run(input, output, found.get(), rows -> err.printf("  %,d rows%n", rows));
      out.printf(
          "%s: %,d rows (%,d without a value), %d alerts -> %s%n",
          input, r.rows(), r.skipped(), r.anomalies(), output);
      return 0;
    } catch (InvalidCsvException e) {
      err.println("driftline detect: " + e.getMessage());
      return 1;
    } catch (IOException e) {
      err.println("driftline detect: " + e);
      return 1;
    }
  }

  /** One point per row from {@code --columns}, scored by the isolation forest; one file only. */
  private int multivariate() {
    if (columns == null || columns.isEmpty()) {
      err.println("driftline detect: " + IsolationForestDetector.NAME + " needs --columns a,b,c");
      return 2;
    }
    // "ensemble" is --detector's default, i.e. not chosen
    if (!detector.equals(IsolationForestDetector.NAME) && !detector.equals("ensemble")) {
      err.println(
          "driftline detect: --columns runs "
              + IsolationForestDetector.NAME
              + ", not '"
              + detector
              + "'");
      return 2;
    }
    if (!Files.isRegularFile(input)) {
      err.println("driftline detect: --columns takes one CSV file: " + input);
      return 2;
    }
    try {
      if (output.getParent() != null) Files.createDirectories(output.getParent());
      var forest =
          new IsolationForestDetector(IsolationForestDetector.Settings.DEFAULTS, columns.size());
      var r =
          CsvVectorReplay.run(
              input, output, columns, forest, rows -> err.printf("  %,d rows%n", rows));
      out.printf(
          "%s: %,d rows (%,d with a gap), %d alerts (%s over %s) -> %s%n",
          input,
          r.rows(),
          r.skipped(),
          r.anomalies(),
          IsolationForestDetector.NAME,
          String.join(",", columns),
          output);
      return 0;
    } catch (InvalidCsvException e) {
      err.println("driftline detect: " + e.getMessage());
      return 1;
    } catch (IOException e) {
      err.println("driftline detect: " + e);
      return 1;
    }
  }

  private int directory(Detector d) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.walk(input)) {
      files =
          s.filter(p -> Files.isRegularFile(p) && p.toString().endsWith(".csv")).sorted().toList();
    }
    if (files.isEmpty()) {
      err.println("driftline detect: no .csv files under " + input);
      return 2;
    }
    long rows = 0, alerts = 0;
    long start = System.nanoTime();
    for (int i = 0; i < files.size(); i++) {
      Path in = files.get(i);
      Path rel = input.relativize(in);
      Path target = output.resolve(rel.toString());
      Files.createDirectories(target.getParent());
      var r = CsvReplay.run(in, target, d, n -> err.printf("  %s: %,d rows%n", rel, n));
      rows += r.rows();
      alerts += r.anomalies();
      err.printf(
          "[%d/%d] %s: %,d rows, %d alerts%n", i + 1, files.size(), rel, r.rows(), r.anomalies());
    }
    out.printf(
        "%d files, %,d rows, %d alerts in %.1f s (detector %s) -> %s%n",
        files.size(), rows, alerts, (System.nanoTime() - start) / 1e9, d.name(), output);
    return 0;
  }

  static final class DetectorNames implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return Detectors.names().iterator();
    }
  }
}
