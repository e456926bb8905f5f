package io.driftline.detect.eval;

import io.driftline.detect.Detector;
import io.driftline.detect.SeriesDetector;
import io.driftline.detect.Verdict;
import io.driftline.health.HealthState;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Replays a recorded series through a detector, strictly online: each row is scored before the next
 * is read, exactly as the live pipeline would see it. Reads CSV with a header naming {@code
 * timestamp} and {@code value} (other columns are carried through untouched) and writes every row
 * back with {@code anomaly_score} and {@code state} appended.
 *
 * <p>A row whose value is empty or NaN is kept with score 0 and the current state, and is not shown
 * to the detector: a gap is not evidence.
 */
public final class CsvReplay {
  /** Rows between two progress callbacks. */
  public static final long PROGRESS_EVERY = 100_000;

  /** What one replay did. */
  public record Result(long rows, long scored, long skipped, long anomalies) {}

  private CsvReplay() {}

  public static Result run(Path input, Path output, Detector detector, LongConsumer progress)
      throws IOException {
    try (BufferedReader in = Files.newBufferedReader(input, StandardCharsets.UTF_8);
        BufferedWriter out = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
      String headerLine = in.readLine();
      if (headerLine == null)
        throw invalid(input, 1, "empty file, expected a header 'timestamp,value'");
      List<String> header = CsvLine.split(stripBom(headerLine));
      int ts = CsvLine.column(header, "timestamp");
      int val = CsvLine.column(header, "value");
      if (ts < 0 || val < 0) {
        throw invalid(
            input,
            1,
            "header must name 'timestamp' and 'value' columns but was '" + headerLine + "'");
      }
      out.write(stripBom(headerLine));
      out.write(",anomaly_score,state\n");
      SeriesDetector series = detector.create();
      HealthState state = HealthState.INSUFFICIENT_DATA;
      long rows = 0, scored = 0, skipped = 0, anomalies = 0;
      int lineNo = 1;
      String line;
      while ((line = in.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) continue;
        List<String> fields = CsvLine.split(line);
        if (fields.size() <= Math.max(ts, val)) {
          throw invalid(
              input,
              lineNo,
              "expected at least "
                  + (Math.max(ts, val) + 1)
                  + " columns but found "
                  + fields.size());
        }
        long millis = millis(input, lineNo, fields.get(ts));
        double value = parseValue(input, lineNo, fields.get(val));
        double score = 0;
        if (Double.isNaN(value)) {
          skipped++;
        } else {
          Verdict v = series.update(millis, value);
          score = v.score();
          state = v.state();
          scored++;
          if (v.change().isPresent() && state == HealthState.DRIFT_DETECTED) anomalies++;
        }
        out.write(line);
        out.write(',');
        out.write(Double.toString(score));
        out.write(',');
        out.write(state.name());
        out.write('\n');
        if (++rows % PROGRESS_EVERY == 0) progress.accept(rows);
      }
      return new Result(rows, scored, skipped, anomalies);
    }
  }

  static long millis(Path file, int lineNo, String text) {
    return CsvTimestamps.parseMillis(text)
        .orElseThrow(
            () ->
                invalid(
                    file, lineNo, "timestamp is not a date-time or epoch number: '" + text + "'"));
  }

  static double parseValue(Path file, int lineNo, String text) {
    String t = text.strip();
    if (t.isEmpty() || t.equalsIgnoreCase("nan")) return Double.NaN;
    try {
      double v = Double.parseDouble(t);
      if (Double.isInfinite(v)) throw invalid(file, lineNo, "value is infinite: '" + text + "'");
      return v;
    } catch (NumberFormatException e) {
      throw invalid(file, lineNo, "value is not a number: '" + text + "'");
    }
  }

  static String stripBom(String s) {
    return s.startsWith("\uFEFF") ? s.substring(1) : s;
  }

  static InvalidCsvException invalid(Path file, int lineNo, String message) {
    return new InvalidCsvException(file + ": line " + lineNo + ": " + message);
  }
}
