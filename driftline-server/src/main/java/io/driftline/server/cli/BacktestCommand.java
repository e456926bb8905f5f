package io.driftline.server.cli;

import io.driftline.forecast.Backtest;
import io.driftline.forecast.Forecasters;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code driftline backtest}: which model forecasts a user's own series best. */
@Command(
    name = "backtest",
    mixinStandardHelpOptions = true,
    description = {
      "Rolling-origin evaluation of the forecasting models on your own series (M4 wide layout):",
      "each series is cut --origins times, --horizon steps apart from its end, every model forecasts",
      "the values after each cut, and sMAPE, MASE and OWA (against Naive2, as in M4) and the ratio",
      "against seasonal naive are reported per model. Lower is better; OWA < 1 beats Naive2."
    })
final class BacktestCommand implements Callable<Integer> {
  @Option(names = "--input", required = true, description = "M4-layout CSV file")
  java.nio.file.Path input;

  @Option(names = "--horizon", required = true, description = "steps to forecast from each origin")
  int horizon;

  @Option(
      names = "--season",
      defaultValue = "24",
      description = "seasonal period in steps (default ${DEFAULT-VALUE})")
  int season;

  @Option(
      names = "--origins",
      defaultValue = "3",
      description = "forecast origins per series (default ${DEFAULT-VALUE})")
  int origins;

  @Option(
      names = "--models",
      split = ",",
      description = "models to compare (default: all of ${COMPLETION-CANDIDATES})",
      completionCandidates = ForecastCommand.ModelNames.class)
  List<String> models;

  PrintStream err = System.err;
  PrintStream out = System.out;

  @Override
  public Integer call() {
    if (horizon < 1) return usage("--horizon must be >= 1 but was " + horizon);
    if (season < 1) return usage("--season must be >= 1 but was " + season);
    if (origins < 1) return usage("--origins must be >= 1 but was " + origins);
    List<String> chosen = models == null ? Forecasters.names() : models;
    for (String m : chosen)
      if (Forecasters.byName(m).isEmpty())
        return usage("unknown model '" + m + "'; known: " + Forecasters.names());
    List<WideSeriesFile.Series> series;
    try {
      series = WideSeriesFile.read(input);
    } catch (WideSeriesFile.InvalidFileException e) {
      return usage(e.getMessage());
    } catch (IOException e) {
      return usage("cannot read " + input + ": " + e.getMessage());
    }
    long start = System.nanoTime();
    int step = Math.max(1, series.size() / 20);
    List<Backtest.Score> scores =
        Backtest.run(
            series.stream().map(WideSeriesFile.Series::values).toList(),
            season,
            horizon,
            origins,
            chosen,
            done -> {
              if (done % step == 0 || done == series.size())
                err.printf("backtest: %d/%d series%n", done, series.size());
            });
    out.printf(
        "%d series, horizon %d, season %d, %d origins (%.1f s)%n",
        series.size(), horizon, season, origins, (System.nanoTime() - start) / 1e9);
    out.printf(
        "%-10s %9s %8s %8s %10s %9s%n", "model", "sMAPE", "MASE", "OWA", "vs snaive", "forecasts");
    Backtest.Score best = null;
    for (Backtest.Score s : scores) {
      out.printf(
          "%-10s %9.3f %8.3f %8.3f %10.3f %9d%n",
          s.model(), s.smape(), s.mase(), s.owa(), s.vsSnaive(), s.forecasts());
      if (s.forecasts() > 0 && (best == null || s.owa() < best.owa())) best = s;
    }
    if (best == null) {
      err.println(
          "driftline backtest: no series is long enough for "
              + origins
              + " origins of "
              + horizon
              + " steps");
      return 2;
    }
    out.printf("best: %s (OWA %.3f)%n", best.model(), best.owa());
    return 0;
  }

  private int usage(String message) {
    err.println("driftline backtest: " + message);
    return 2;
  }
}
