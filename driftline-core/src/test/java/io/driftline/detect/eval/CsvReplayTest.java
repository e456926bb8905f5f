package io.driftline.detect.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftline.detect.EnsembleDetector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReplayTest {
  @TempDir Path dir;

  private Path write(String name, List<String> lines) throws Exception {
    return Files.write(dir.resolve(name), lines);
  }

  @Test
  void everyRowIsKeptAndGapsScoreZero() throws Exception {
    List<String> lines = new ArrayList<>(List.of("timestamp,value,host"));
    Random r = new Random(1);
    for (int i = 0; i < 600; i++) {
      String v = i % 50 == 7 ? (i % 100 == 7 ? "" : "NaN") : Double.toString(10 + r.nextGaussian());
      lines.add(String.format("2024-01-01 %02d:%02d:00,%s,a", i / 60 % 24, i % 60, v));
    }
    lines.set(501, "2024-01-02 00:00:00,40,a"); // a spike on row 500
    Path out = dir.resolve("out.csv");
    var result = CsvReplay.run(write("in.csv", lines), out, new EnsembleDetector(), n -> {});
    List<String> written = Files.readAllLines(out);
    assertThat(written).hasSize(601);
    assertThat(written.get(0)).isEqualTo("timestamp,value,host,anomaly_score,state");
    assertThat(result.rows()).isEqualTo(600);
    assertThat(result.skipped()).isEqualTo(12);
    assertThat(written.get(8)).endsWith(",a,0.0,INSUFFICIENT_DATA");
    assertThat(written.get(408)).startsWith(lines.get(408)).contains(",0.0,");
    // the spike is scored on its row; one sample does not change the ensemble's state
    String[] spike = written.get(501).split(",");
    assertThat(written.get(501)).startsWith("2024-01-02 00:00:00,40,a,").endsWith(",STABLE");
    assertThat(Double.parseDouble(spike[3])).isGreaterThan(0.68); // the alarm: 1 - 10^(-5/10)
  }

  @Test
  void missingHeaderIsReportedOnLineOne() throws Exception {
    Path in = write("in.csv", List.of("2024-01-01 00:00:00,1", "2024-01-01 00:01:00,2"));
    assertThatThrownBy(
            () -> CsvReplay.run(in, dir.resolve("o.csv"), new EnsembleDetector(), n -> {}))
        .isInstanceOf(InvalidCsvException.class)
        .hasMessageContaining("line 1")
        .hasMessageContaining("'timestamp' and 'value'");
  }

  @Test
  void nonNumericValueNamesItsLine() throws Exception {
    Path in =
        write(
            "in.csv",
            List.of("timestamp,value", "2024-01-01 00:00:00,1", "2024-01-01 00:01:00,abc"));
    assertThatThrownBy(
            () -> CsvReplay.run(in, dir.resolve("o.csv"), new EnsembleDetector(), n -> {}))
        .hasMessageContaining("line 3")
        .hasMessageContaining("'abc'");
  }

  @Test
  void timestampFormsAreAccepted() {
    assertThat(CsvTimestamps.parseMillis("1970-01-01 00:00:01")).contains(1000L);
    assertThat(CsvTimestamps.parseMillis("1970-01-01T00:00:01.5")).contains(1500L);
    assertThat(CsvTimestamps.parseMillis("1970-01-01T00:00:01Z")).contains(1000L);
    assertThat(CsvTimestamps.parseMillis("2014-04-10 07:15:00.000000"))
        .isEqualTo(CsvTimestamps.parseMillis("2014-04-10 07:15:00"));
    assertThat(CsvTimestamps.parseMillis("1700000000")).contains(1_700_000_000_000L);
    assertThat(CsvTimestamps.parseMillis("yesterday")).isEmpty();
  }
}
