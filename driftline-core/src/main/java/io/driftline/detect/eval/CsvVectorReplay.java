package io.driftline.detect.eval;

import io.driftline.detect.IsolationForestDetector;
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
 * {@link CsvReplay} for several columns at once: each row's values of {@code columns} (the golden
 * signals of one workload) go to a multivariate detector as one point, strictly online. The output
 * is the input with {@code anomaly_score} and {@code state} appended. A row with any of the columns
 * empty or NaN is kept with score 0 and not shown to the detector.
 */
public final class CsvVectorReplay {
  private CsvVectorReplay() {}

  public static CsvReplay.Result run(
      Path input,
      Path output,
      List<String> columns,
      IsolationForestDetector detector,
      LongConsumer progress)
      throws IOException {
    try (BufferedReader in = Files.newBufferedReader(input, StandardCharsets.UTF_8);
        BufferedWriter out = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
      String headerLine = in.readLine();
      if (headerLine == null) throw CsvReplay.invalid(input, 1, "empty file, expected a header");
      String header = CsvReplay.stripBom(headerLine);
      List<String> names = CsvLine.split(header);
      int ts = CsvLine.column(names, "timestamp");
      if (ts < 0) throw CsvReplay.invalid(input, 1, "header must name a 'timestamp' column");
      int[] cols = new int[columns.size()];
      for (int c = 0; c < cols.length; c++) {
        cols[c] = CsvLine.column(names, columns.get(c));
        if (cols[c] < 0) {
          throw CsvReplay.invalid(
              input, 1, "no column '" + columns.get(c) + "' in header '" + header + "'");
        }
      }
      int needed = Math.max(ts, java.util.Arrays.stream(cols).max().orElse(0)) + 1;
      out.write(header);
      out.write(",anomaly_score,state\n");
      var state = detector.create();
      HealthState health = HealthState.INSUFFICIENT_DATA;
      long rows = 0, scored = 0, skipped = 0, anomalies = 0;
      int lineNo = 1;
      String line;
      while ((line = in.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) continue;
        List<String> fields = CsvLine.split(line);
        if (fields.size() < needed) {
          throw CsvReplay.invalid(
              input, lineNo, "expected at least " + needed + " columns but found " + fields.size());
        }
        long millis = CsvReplay.millis(input, lineNo, fields.get(ts));
        double[] point = new double[cols.length];
        boolean gap = false;
        for (int c = 0; c < cols.length; c++) {
          point[c] = CsvReplay.parseValue(input, lineNo, fields.get(cols[c]));
          gap |= Double.isNaN(point[c]);
        }
        double score = 0;
        if (gap) {
          skipped++;
        } else {
          Verdict v = state.update(millis, point);
          score = v.score();
          health = v.state();
          scored++;
          if (v.change().isPresent() && health == HealthState.DRIFT_DETECTED) anomalies++;
        }
        out.write(line + "," + score + "," + health.name() + "\n");
        if (++rows % CsvReplay.PROGRESS_EVERY == 0) progress.accept(rows);
      }
      return new CsvReplay.Result(rows, scored, skipped, anomalies);
    }
  }
}
