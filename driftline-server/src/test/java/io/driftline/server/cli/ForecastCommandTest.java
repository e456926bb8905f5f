package io.driftline.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code driftline forecast} and {@code driftline backtest} end to end on M4-layout files. */
class ForecastCommandTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    CommandLine cli = DriftlineCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    PrintStream savedOut = System.out, savedErr = System.err;
    System.setOut(new PrintStream(out, true));
    System.setErr(new PrintStream(err, true));
    try {
      return cli.execute(args);
    } finally {
      System.setOut(savedOut);
      System.setErr(savedErr);
    }
  }

  /** Three hourly series of different lengths (ragged rows), one with a gap, quoted like M4. */
  private Path m4File() throws Exception {
    Random r = new Random(3);
    int[] lengths = {24 * 12, 24 * 10, 24 * 9};
    int width = lengths[0] + 1;
    List<String> lines = new ArrayList<>();
    List<String> header = new ArrayList<>();
    for (int c = 1; c <= width; c++) header.add("\"V" + c + "\"");
    lines.add(String.join(",", header));
    for (int s = 0; s < lengths.length; s++) {
      List<String> row = new ArrayList<>(List.of("\"H" + (s + 1) + "\""));
      for (int t = 0; t < lengths[s]; t++) {
        double v = 100 + 10 * s + 20 * Math.sin(2 * Math.PI * t / 24) + r.nextGaussian();
        row.add(s == 1 && t == 50 ? "NA" : String.format("%.2f", v));
      }
      while (row.size() < width) row.add("");
      lines.add(String.join(",", row));
    }
    return Files.write(dir.resolve("train.csv"), lines);
  }

  @Test
  void forecastWritesOneRowPerSeriesInTheM4SubmissionLayout() throws Exception {
    Path in = m4File();
    Path output = dir.resolve("out/fc.csv");
    Path intervals = dir.resolve("out/intervals.csv");
    int code =
        run(
            "forecast",
            "--input",
            in.toString(),
            "--horizon",
            "48",
            "--season",
            "24",
            "--output",
            output.toString(),
            "--intervals",
            intervals.toString());
    assertThat(code).as(err.toString()).isEqualTo(0);
    List<String> rows = Files.readAllLines(output);
    assertThat(rows).hasSize(4);
    assertThat(rows.get(0)).startsWith("id,F1,F2,").endsWith(",F48");
    assertThat(rows.get(1)).startsWith("H1,");
    assertThat(rows.get(2)).startsWith("H2,");
    for (String row : rows.subList(1, 4)) {
      String[] cells = row.split(",");
      assertThat(cells).hasSize(49);
      for (int i = 1; i < cells.length; i++)
        assertThat(Double.parseDouble(cells[i])).isBetween(60.0, 160.0);
    }
    List<String> bands = Files.readAllLines(intervals);
    assertThat(bands).hasSize(1 + 3 * 48);
    assertThat(bands.get(1)).startsWith("H1,1,").contains("ensemble(median of");
    assertThat(out.toString()).contains("3 series, horizon 48");
    assertThat(err.toString()).contains("forecast: 3/3 series");
  }

  @Test
  void backtestReportsEveryModelAndTheBest() throws Exception {
    Path in = m4File();
    int code =
        run(
            "backtest",
            "--input",
            in.toString(),
            "--horizon",
            "24",
            "--origins",
            "2",
            "--models",
            "snaive,theta,ensemble");
    assertThat(code).as(err.toString()).isEqualTo(0);
    String report = out.toString();
    assertThat(report).contains("sMAPE").contains("MASE").contains("OWA");
    assertThat(report.lines().filter(l -> l.matches("(snaive|theta|ensemble) .*"))).hasSize(3);
    assertThat(report).containsPattern("best: \\w+ \\(OWA \\d+\\.\\d+\\)");
    assertThat(err.toString()).contains("backtest: 3/3 series");
  }

  @Test
  void badFilesAndOptionsExitWithTwoAndSayWhy() throws Exception {
    Path bad = Files.writeString(dir.resolve("bad.csv"), "V1,V2,V3\nH1,1,2\nH2,3,abc\n");
    assertThat(
            run(
                "forecast",
                "--input",
                bad.toString(),
                "--horizon",
                "2",
                "--output",
                dir.resolve("o.csv").toString()))
        .isEqualTo(2);
    assertThat(err.toString()).contains("bad.csv:3").contains("'abc'").contains("H2");
    Path empty = Files.writeString(dir.resolve("empty.csv"), "V1,V2\n");
    assertThat(run("backtest", "--input", empty.toString(), "--horizon", "2")).isEqualTo(2);
    assertThat(err.toString()).contains("no series rows");
    assertThat(
            run(
                "forecast",
                "--input",
                m4File().toString(),
                "--horizon",
                "2",
                "--model",
                "prophet",
                "--output",
                dir.resolve("o.csv").toString()))
        .isEqualTo(2);
    assertThat(err.toString()).contains("unknown model 'prophet'");
    assertThat(
            run(
                "forecast",
                "--input",
                dir.resolve("missing.csv").toString(),
                "--horizon",
                "2",
                "--output",
                dir.resolve("o.csv").toString()))
        .isEqualTo(2);
    assertThat(err.toString()).contains("no such file");
  }
}
