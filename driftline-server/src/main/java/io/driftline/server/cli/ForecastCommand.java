package io.driftline.server.cli;

import io.driftline.forecast.Forecast;
import io.driftline.forecast.Forecaster;
import io.driftline.forecast.Forecasters;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code driftline forecast}: forecasts every series of an M4-layout file. */
@Command(
    name = "forecast",
    mixinStandardHelpOptions = true,
    description = {
      "Forecast every series of a CSV in the M4 wide layout (header row, then one row per series:",
      "id, then its values; rows may differ in length). Writes id,F1,...,FH (point forecasts);",
      "--intervals also writes the 80% and 95% prediction intervals and the model that answered."
    })
final class ForecastCommand implements Callable<Integer> {
  @Option(names = "--input", required = true, description = "M4-layout CSV file")
  Path input;

  @Option(names = "--output", required = true, description = "output CSV: id,F1,...,FH")
  Path output;

  @Option(names = "--horizon", required = true, description = "steps to forecast")
  int horizon;

  @Option(
      names = "--season",
      defaultValue = "24",
      description = "seasonal period in steps (default ${DEFAULT-VALUE}; 1 = none)")
  int season;

  @Option(
      names = "--model",
      defaultValue = Forecasters.DEFAULT,
      description = "model: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})",
      completionCandidates = ModelNames.class)
  String model;

  @Option(
      names = "--intervals",
      description = "also write id,step,mean,lower80,upper80,lower95,upper95,model,fallback here")
  Path intervals;

  @Option(names = "--threads", description = "worker threads (default: available processors)")
  Integer threads;

  PrintStream err = System.err;
  PrintStream out = System.out;

  @Override
  public Integer call() {
    if (horizon < 1) return usage("--horizon must be >= 1 but was " + horizon);
    if (season < 1) return usage("--season must be >= 1 but was " + season);
    var found = Forecasters.byName(model);
    if (found.isEmpty())
      return usage("unknown model '" + model + "'; known: " + Forecasters.names());
    List<WideSeriesFile.Series> series;
    try {
      series = WideSeriesFile.read(input);
    } catch (WideSeriesFile.InvalidFileException e) {
      return usage(e.getMessage());
    } catch (IOException e) {
      return usage("cannot read " + input + ": " + e.getMessage());
    }
    long start = System.nanoTime();
    Forecast[] results = forecastAll(found.get(), series);
    try {
      write(series, results);
    } catch (IOException e) {
      err.println("driftline forecast: cannot write: " + e.getMessage());
      return 1;
    }
    summarise(results, (System.nanoTime() - start) / 1e9);
    return 0;
  }

  private Forecast[] forecastAll(Forecaster f, List<WideSeriesFile.Series> series) {
    Forecast[] results = new Forecast[series.size()];
    AtomicInteger done = new AtomicInteger();
    int step = Math.max(1, series.size() / 10);
    int n = threads == null ? Runtime.getRuntime().availableProcessors() : Math.max(1, threads);
    try (ForkJoinPool pool = new ForkJoinPool(n)) {
      pool.submit(
              () ->
                  IntStream.range(0, series.size())
                      .parallel()
                      .forEach(
                          i -> {
                            results[i] = f.forecast(series.get(i).values(), season, horizon);
                            int d = done.incrementAndGet();
                            if (d % step == 0 || d == series.size())
                              err.printf("forecast: %d/%d series%n", d, series.size());
                          }))
          .join();
    }
    return results;
  }

  private void write(List<WideSeriesFile.Series> series, Forecast[] results) throws IOException {
    if (output.getParent() != null) Files.createDirectories(output.getParent());
    try (BufferedWriter w = Files.newBufferedWriter(output)) {
      WideSeriesFile.writeHeader(w, horizon);
      for (int i = 0; i < results.length; i++) {
        StringBuilder sb = new StringBuilder(series.get(i).id());
        for (double v : results[i].mean()) sb.append(',').append(v);
        w.write(sb.append('\n').toString());
      }
    }
    if (intervals == null) return;
    if (intervals.getParent() != null) Files.createDirectories(intervals.getParent());
    try (BufferedWriter w = Files.newBufferedWriter(intervals)) {
      w.write("id,step,mean,lower80,upper80,lower95,upper95,model,fallback\n");
      for (int i = 0; i < results.length; i++) {
        Forecast f = results[i];
        for (int s = 0; s < horizon; s++)
          w.write(
              String.join(
                      ",",
                      series.get(i).id(),
                      Integer.toString(s + 1),
                      Double.toString(f.mean()[s]),
                      Double.toString(f.lower80()[s]),
                      Double.toString(f.upper80()[s]),
                      Double.toString(f.lower95()[s]),
                      Double.toString(f.upper95()[s]),
                      quote(f.model()),
                      quote(f.fallbackReason().orElse("")))
                  + "\n");
      }
    }
  }

  private void summarise(Forecast[] results, double seconds) {
    Map<String, Integer> models = new TreeMap<>();
    int fallbacks = 0;
    for (Forecast f : results) {
      models.merge(f.model().replaceAll("[(\\[].*", ""), 1, Integer::sum);
      if (f.fallbackReason().isPresent()) fallbacks++;
    }
    out.printf(
        "%d series, horizon %d, season %d, model %s: %.2f s; answered by %s; %d with a fallback -> %s%n",
        results.length, horizon, season, model, seconds, models, fallbacks, output);
  }

  private static String quote(String s) {
    return "\"" + s.replace("\"", "\"\"") + "\"";
  }

  private int usage(String message) {
    err.println("driftline forecast: " + message);
    return 2;
  }

  static final class ModelNames implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return Forecasters.names().iterator();
    }
  }
}
