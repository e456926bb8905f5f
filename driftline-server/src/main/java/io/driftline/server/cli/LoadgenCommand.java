package io.driftline.server.cli;

import io.driftline.server.config.Durations;
import io.driftline.server.http.Json;
import io.driftline.server.loadgen.LoadGenerator;
import io.driftline.server.loadgen.LoadPlan;
import io.driftline.server.loadgen.LoadReport;
import io.driftline.server.loadgen.VisibilityProbe;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code driftline loadgen}: load for the ingest endpoints, open or closed loop. */
@Command(
    name = "loadgen",
    mixinStandardHelpOptions = true,
    description = {
      "Send DriftWatch telemetry to a running Driftline; report throughput, latency",
      "percentiles (p50/p90/p99/p99.9/max), status codes and errors.",
      "--rate R is open loop: latency counts from each request's intended send time,",
      "so queuing is not hidden (coordinated omission). --max is closed loop: each",
      "connection sends back-to-back. --mode get requests --path (default",
      "/health/live): a reference endpoint of the same server.",
      "Exits 1 when a request failed, got a non-2xx answer or could not be sent."
    })
final class LoadgenCommand implements Callable<Integer> {
  @Option(
      names = "--url",
      required = true,
      description = "Driftline base URL, e.g. http://127.0.0.1:8000")
  URI url;

  @Option(
      names = "--mode",
      defaultValue = "SINGLE",
      description = "single, batch, ndjson or get (default ${DEFAULT-VALUE})")
  LoadPlan.Mode mode;

  @Option(
      names = "--path",
      description =
          "request path; default from --mode (/v1/telemetry, /v1/telemetry/batch, /health/live)")
  String path;

  @Option(
      names = "--batch-size",
      defaultValue = "1000",
      description = "objects per batch request (default ${DEFAULT-VALUE})")
  int batchSize;

  @Option(
      names = "--series",
      defaultValue = "1000",
      description = "services the objects are spread over (default ${DEFAULT-VALUE})")
  int series;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Pace pace;

  static final class Pace {
    @Option(names = "--rate", description = "open loop: requests per second")
    double rate;

    @Option(names = "--max", description = "closed loop: as fast as the server answers")
    boolean max;
  }

  @Option(
      names = "--connections",
      defaultValue = "32",
      description = "HTTP/1.1 connections (default ${DEFAULT-VALUE})")
  int connections;

  @Option(names = "--duration", required = true, description = "measured time: 30s, 2m, ...")
  String duration;

  @Option(
      names = "--warmup",
      defaultValue = "0s",
      description = "time before measuring, not counted (default ${DEFAULT-VALUE})")
  String warmup;

  @Option(
      names = "--timeout",
      defaultValue = "10s",
      description = "per request (default ${DEFAULT-VALUE})")
  String timeout;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "random seed of the payload values (default ${DEFAULT-VALUE})")
  long seed;

  @Option(
      names = "--client",
      defaultValue = "NIO",
      description = {
        "nio (one event loop for all connections, the least CPU per request), socket (a",
        "blocking socket per connection on a virtual thread) or jdk (java.net.http)",
        "(default ${DEFAULT-VALUE})"
      })
  LoadPlan.Client client;

  @Option(names = "--json", description = "also write the summary as JSON to this file")
  Path json;

  @Option(
      names = "--probes",
      defaultValue = "0",
      description = {
        "also measure, N times during the run, from the 202 of the sample that fires a drift",
        "rule to the first GET /v1/health/{id} that shows it (default ${DEFAULT-VALUE}: off)"
      })
  int probes;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    LoadPlan plan;
    try {
      if (!pace.max && !(pace.rate > 0))
        throw new IllegalArgumentException("--rate must be > 0 but was " + pace.rate);
      plan =
          new LoadPlan(
              url.resolve(path != null ? path : mode.defaultPath()),
              mode,
              batchSize,
              series,
              pace.max ? 0 : pace.rate,
              connections,
              parse("--duration", duration),
              parse("--warmup", warmup),
              parse("--timeout", timeout),
              seed,
              client);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    CompletableFuture<Map<String, Object>> visibility = probes <= 0 ? null : startProbes(plan);
    LoadReport report = new LoadGenerator(plan, System.err).run();
    System.out.print(report.toText());
    Map<String, Object> summary = new LinkedHashMap<>(report.toJson());
    boolean probesClean = true;
    if (visibility != null) {
      Map<String, Object> probed = visibility.join();
      System.out.print(VisibilityProbe.toText(probed));
      summary.put("visibility", probed);
      probesClean = ((Number) probed.get("failures")).intValue() == 0;
    }
    if (json != null) {
      Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(json.toFile(), summary);
    }
    return report.clean() && probesClean ? 0 : 1;
  }

  /**
   * Probes one after the other on their own connection: unmeasured during the warm-up, measured
   * from its end.
   */
  private CompletableFuture<Map<String, Object>> startProbes(LoadPlan plan) {
    VisibilityProbe probe =
        new VisibilityProbe(
            url,
            Long.toString(System.currentTimeMillis(), 36),
            plan.timeout(),
            java.time.Clock.systemUTC());
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            probe.warmUp(plan.warmup());
            return probe.run(probes);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
          }
        },
        Executors.newVirtualThreadPerTaskExecutor());
  }

  private static Duration parse(String option, String text) {
    try {
      return Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(option + ": " + e.getMessage());
    }
  }
}
