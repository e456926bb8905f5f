package io.driftline.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftline.server.TestServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class LoadgenCommandTest {
  @TempDir Path dir;
  final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = DriftlineCli.commandLine();
    cli.setOut(new PrintWriter(new StringWriter(), true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void theEventLoopClientIsTheDefaultAndItsSummaryCountsEveryAnswer() throws Exception {
    try (var server = TestServer.memory()) {
      server.clock.advance(Duration.between(TestServer.START, Instant.now()));
      Path json = dir.resolve("summary.json");

      int exit =
          run(
              "loadgen",
              "--url",
              server.uri("/").toString(),
              "--mode",
              "single",
              "--rate",
              "100",
              "--connections",
              "4",
              "--warmup",
              "0s",
              "--duration",
              "500ms",
              "--json",
              json.toString());

      assertThat(exit).as(err.toString()).isZero();
      JsonNode summary = new ObjectMapper().readTree(json.toFile());
      assertThat(summary.get("client").asText()).isEqualTo("nio");
      long requests = summary.get("requests").asLong();
      assertThat(requests + summary.get("unsent").asLong()).isEqualTo(50);
      assertThat(summary.at("/status_codes/202").asLong()).isEqualTo(requests);
      assertThat(server.storedSamples()).isEqualTo(2 * requests);
    }
  }

  @Test
  void anUnknownClientIsRefusedWithTheChoices() {
    int exit =
        run(
            "loadgen",
            "--url",
            "http://127.0.0.1:1/",
            "--client",
            "curl",
            "--max",
            "--duration",
            "1s");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("--client").contains("NIO, SOCKET, JDK");
  }
}
