package io.driftline.server.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.server.TestServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VisibilityProbeTest {

  @Test
  void eachProbeEndsWithItsServiceDriftingAndIsMeasured() throws Exception {
    try (var server = TestServer.memory()) {
      var probe = new VisibilityProbe(server.uri(""), "t", Duration.ofSeconds(10), server.clock);

      Map<String, Object> summary = probe.run(3);

      assertThat(summary).containsEntry("probes", 3L).containsEntry("failures", 0);
      assertThat(summary).containsKeys("p50_ms", "p99_ms", "max_ms");
      for (int i = 0; i < 3; i++) {
        assertThat(server.get("/v1/health/visibility-t-" + i).json().get("state").asText())
            .isEqualTo("DRIFT_DETECTED");
      }
    }
  }

  @Test
  void warmUpProbesRunButAreNotCounted() throws Exception {
    try (var server = TestServer.memory()) {
      var probe = new VisibilityProbe(server.uri(""), "w", Duration.ofSeconds(10), server.clock);

      probe.warmUp(Duration.ofMillis(200));
      Map<String, Object> summary = probe.run(2);

      assertThat(server.get("/v1/health/visibility-w-warmup-0").json().get("state").asText())
          .isEqualTo("DRIFT_DETECTED");
      assertThat(summary).containsEntry("probes", 2L).containsEntry("failures", 0);
    }
  }

  @Test
  void theRulesFireOnTheFifthSpikeAndAreMeasuredFromIt() throws Exception {
    try (var server = new TestServer(Map.of("detection.detector", "zscore-rules"))) {
      var probe = new VisibilityProbe(server.uri(""), "z", Duration.ofSeconds(10), server.clock);

      assertThat(probe.run(1)).containsEntry("probes", 1L).containsEntry("failures", 0);
      assertThat(server.get("/v1/health/visibility-z-0").json().get("sample_count").asLong())
          .isEqualTo(105);
    }
  }

  @Test
  void aStateThatNeverComesIsAFailureNotAHang() throws Exception {
    // ten spikes cannot fire rules that need fifty in a row or twenty of twenty
    try (var server =
        new TestServer(
            Map.of(
                "detection.detector", "zscore-rules",
                "detection.severe_count", "50",
                "detection.moderate_count", "20"))) {
      Map<String, Object> summary =
          new VisibilityProbe(server.uri(""), "t", Duration.ofSeconds(2), server.clock).run(1);

      assertThat(summary).containsEntry("probes", 0L).containsEntry("failures", 1);
      assertThat((String) summary.get("last_failure"))
          .isEqualTo("visibility-t-0 was STABLE after 10 spikes");
    }
  }
}
