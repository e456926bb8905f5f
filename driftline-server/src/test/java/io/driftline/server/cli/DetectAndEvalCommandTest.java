package io.driftline.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DetectAndEvalCommandTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    CommandLine cli = DriftlineCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    var saved = new java.io.PrintStream[] {System.out, System.err};
    System.setOut(new java.io.PrintStream(out, true));
    System.setErr(new java.io.PrintStream(err, true));
    try {
      return cli.execute(args);
    } finally {
      System.setOut(saved[0]);
      System.setErr(saved[1]);
    }
  }

  /** 1000 minutes of noise around 50 with a level shift to 70 at row 700. */
  private Path series(Path file) throws Exception {
    Files.createDirectories(file.getParent());
    List<String> lines = new ArrayList<>(List.of("timestamp,value"));
    Random r = new Random(7);
    for (int i = 0; i < 1000; i++) {
      double v = (i >= 700 ? 70 : 50) + r.nextGaussian();
      lines.add(
          String.format("2024-01-%02d %02d:%02d:00,%.3f", 1 + i / 1440, i / 60 % 24, i % 60, v));
    }
    return Files.write(file, lines);
  }

  @Test
  void detectScoresADirectoryIntoTheSameLayout() throws Exception {
    series(dir.resolve("data/a/one.csv"));
    series(dir.resolve("data/b/two.csv"));
    int code =
        run(
            "detect",
            "--input",
            dir.resolve("data").toString(),
            "--output",
            dir.resolve("out").toString());
    assertThat(code).isEqualTo(0);
    List<String> scored = Files.readAllLines(dir.resolve("out/a/one.csv"));
    assertThat(scored).hasSize(1001);
    assertThat(scored.get(0)).isEqualTo("timestamp,value,anomaly_score,state");
    assertThat(Files.exists(dir.resolve("out/b/two.csv"))).isTrue();
    assertThat(err.toString()).contains("[2/2]");
  }

  @Test
  void evalNabScoresTheDetectorOutput() throws Exception {
    series(dir.resolve("data/a/one.csv"));
    // the shift is at row 700 = 2024-01-01 11:40; a window of 50 rows starting 10 rows earlier
    Files.writeString(
        dir.resolve("labels.json"),
        "{\"a/one.csv\": [[\"2024-01-01 11:30:00.000000\", \"2024-01-01 12:19:00.000000\"]]}");
    assertThat(
            run(
                "detect",
                "--input",
                dir.resolve("data").toString(),
                "--output",
                dir.resolve("out").toString()))
        .isEqualTo(0);
    out.reset();
    int code =
        run(
            "eval",
            "nab",
            "--data",
            dir.resolve("data").toString(),
            "--labels",
            dir.resolve("labels.json").toString(),
            "--results",
            dir.resolve("out").toString(),
            "--profile",
            "standard");
    assertThat(code).isEqualTo(0);
    String table = out.toString();
    assertThat(table).contains("standard").contains("1/1");
    String row = table.lines().filter(l -> l.startsWith("standard")).findFirst().orElseThrow();
    double normalized = Double.parseDouble(row.trim().split("\\s+")[5]);
    assertThat(normalized).isGreaterThan(80);
  }

  @Test
  void columnsAreScoredTogetherByTheIsolationForest() throws Exception {
    List<String> lines = new ArrayList<>(List.of("timestamp,throughput,latency_ms,error_rate,pod"));
    Random r = new Random(8);
    for (int i = 0; i < 1000; i++) {
      double load = 100 + 10 * r.nextGaussian();
      double latency = 50 + 0.5 * load + r.nextGaussian();
      double errors = 1 + 0.1 * r.nextGaussian();
      if (i >= 800 && i < 810) {
        load = 20;
        latency = 400;
        errors = 30;
      }
      lines.add(
          String.format(
              "2024-01-01 %02d:%02d:00,%.2f,%.2f,%.3f,a",
              i / 60 % 24, i % 60, load, latency, errors));
    }
    lines.add(810, "2024-01-01 13:30:30,,100,1,a"); // a gap in one column: kept, not scored
    Path in = Files.write(dir.resolve("workload.csv"), lines);
    Path output = dir.resolve("scored.csv");

    int code =
        run(
            "detect",
            "--input",
            in.toString(),
            "--output",
            output.toString(),
            "--columns",
            "throughput,latency_ms,error_rate");

    assertThat(code).as(err.toString()).isEqualTo(0);
    List<String> scored = Files.readAllLines(output);
    assertThat(scored).hasSize(1002);
    assertThat(scored.get(0))
        .isEqualTo("timestamp,throughput,latency_ms,error_rate,pod,anomaly_score,state");
    assertThat(scored.get(805)).endsWith("DRIFT_DETECTED");
    assertThat(scored.get(700)).endsWith("STABLE");
    assertThat(out.toString()).contains("1 alerts").contains("1 with a gap");
  }

  @Test
  void isolationForestWithoutColumnsIsAUsageError() throws Exception {
    Path in = series(dir.resolve("data/one.csv"));
    assertThat(
            run(
                "detect",
                "--input",
                in.toString(),
                "--output",
                dir.resolve("o.csv").toString(),
                "--detector",
                "isolation-forest"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("--columns");
  }

  @Test
  void unknownDetectorIsAUsageError() throws Exception {
    Path in = series(dir.resolve("data/one.csv"));
    assertThat(
            run(
                "detect",
                "--input",
                in.toString(),
                "--output",
                dir.resolve("o.csv").toString(),
                "--detector",
                "magic"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("unknown detector 'magic'").contains("ensemble");
  }

  @Test
  void badValueNamesTheLine() throws Exception {
    Path in =
        Files.write(
            dir.resolve("bad.csv"),
            List.of("timestamp,value", "2024-01-01 00:00:00,1", "2024-01-01 00:01:00,x1"));
    assertThat(run("detect", "--input", in.toString(), "--output", dir.resolve("o.csv").toString()))
        .isEqualTo(1);
    assertThat(err.toString()).contains("line 3").contains("'x1'");
  }

  @Test
  void everyRegisteredDetectorRuns() throws Exception {
    Path in = series(dir.resolve("data/one.csv"));
    for (String name : io.driftline.detect.Detectors.names()) {
      assertThat(
              run(
                  "detect",
                  "--input",
                  in.toString(),
                  "--output",
                  dir.resolve(name + ".csv").toString(),
                  "--detector",
                  name))
          .as(name)
          .isEqualTo(0);
    }
  }
}
