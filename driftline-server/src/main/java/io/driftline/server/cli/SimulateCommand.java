package io.driftline.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftline.server.simulate.SimulatorClient;
import io.driftline.server.simulate.TrafficPattern;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code driftline simulate}: sends synthetic traffic and reports the state the service reaches.
 */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = {
      "Send realistic synthetic telemetry to a running Driftline and print the health it reports.",
      "Modes: NORMAL (healthy), SPIKE (healthy, 3.5x latency in the middle third, healthy),",
      "CREEP (latency climbs 150 -> 450 ms), RECOVERY (degraded first half, then healthy)."
    })
final class SimulateCommand implements Callable<Integer> {
  @Option(
      names = "--mode",
      defaultValue = "NORMAL",
      description = "NORMAL, SPIKE, CREEP or RECOVERY (default ${DEFAULT-VALUE})")
  TrafficPattern.Mode mode;

  @Option(
      names = "--duration",
      defaultValue = "60",
      description = "seconds of traffic (default ${DEFAULT-VALUE})")
  int duration;

  @Option(
      names = "--rate",
      defaultValue = "10",
      description = "samples per second (default ${DEFAULT-VALUE})")
  double rate;

  @Option(
      names = "--service",
      defaultValue = "test-payment-service",
      description = "service_id (default ${DEFAULT-VALUE})")
  String service;

  @Option(
      names = "--url",
      defaultValue = "http://localhost:8000",
      description = "Driftline base URL (default ${DEFAULT-VALUE})")
  URI url;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "random seed, for repeatable runs (default ${DEFAULT-VALUE})")
  long seed;

  @Option(
      names = "--fast",
      description =
          "send as fast as possible with synthetic timestamps spaced 1/rate apart, ending now")
  boolean fast;

  @Override
  public Integer call() throws Exception {
    if (duration < 1 || !(rate > 0)) {
      System.err.println("driftline simulate: --duration and --rate must be > 0");
      return 2;
    }
    PrintStream out = System.out;
    int total = (int) Math.max(1, Math.round(duration * rate));
    long intervalNanos = (long) (1e9 / rate);
    var pattern = new TrafficPattern(mode, total, seed);
    var client = new SimulatorClient(url);
    out.printf(
        "simulating %s for %ds at %.1f samples/s (%d samples) -> %s, service %s%n",
        mode, duration, rate, total, url, service);
    Instant firstTimestamp = Instant.now().minusMillis((long) (total * 1000 / rate));
    long start = System.nanoTime();
    int accepted = 0, failed = 0, anomalous = 0;
    String lastState = "";
    long nextReport = 0;
    for (int i = 0; i < total; i++) {
      if (!fast) LockSupport.parkNanos(start + i * intervalNanos - System.nanoTime());
      TrafficPattern.Point p = pattern.next(i);
      if (p.anomalous()) anomalous++;
      Optional<Instant> ts =
          fast
              ? Optional.of(firstTimestamp.plusMillis((long) (i * 1000 / rate)))
              : Optional.empty();
      int status;
      try {
        status = client.send(service, p, ts);
      } catch (java.io.IOException e) {
        out.printf("error sending sample %d: %s%n", i, e.getMessage());
        return 1;
      }
      if (status == 202) accepted++;
      else failed++;
      boolean last = i == total - 1;
      if (last || i >= nextReport) {
        String state = state(client);
        if (!state.equals(lastState) || last || i % (int) Math.max(1, rate * 10) == 0) {
          out.printf(
              "[%6.1fs] sent %5d  latency %7.1f ms%s  state %s%n",
              i / rate, i + 1, p.latencyMs(), p.anomalous() ? " (degraded)" : "", state);
          lastState = state;
        }
        nextReport = i + (long) Math.max(1, rate);
      }
    }
    out.printf(
        "done in %s: %d accepted, %d refused, %d degraded samples sent; final state %s%n",
        Duration.ofNanos(System.nanoTime() - start)
            .truncatedTo(java.time.temporal.ChronoUnit.MILLIS),
        accepted,
        failed,
        anomalous,
        state(client));
    return failed == 0 ? 0 : 1;
  }

  private String state(SimulatorClient client) throws Exception {
    Optional<JsonNode> health = client.health(service);
    if (health.isEmpty()) return "UNKNOWN";
    JsonNode h = health.get();
    String state = h.path("state").asText();
    if (h.path("drifting_metrics").size() > 0) state += " " + h.path("drifting_metrics");
    return state;
  }
}
