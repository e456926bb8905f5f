package io.driftline.forecast;

import java.util.List;
import java.util.Optional;

/**
 * The models by name, each wrapped in its fallback chain. {@value #DEFAULT} is the default because
 * it scored best on the M4 hourly development split (docs/benchmarks.md).
 */
public final class Forecasters {
  /** The default model. */
  public static final String DEFAULT = EnsembleForecaster.NAME;

  /** Seasons of history the likelihood-fitted models look at (20 days of hourly data). */
  static final int RECENT_SEASONS = 20;

  private static final List<String> NAMES =
      List.of(
          SeasonalNaiveForecaster.NAME,
          ThetaForecaster.NAME,
          "ets",
          AutoArimaForecaster.NAME,
          MultiSeasonalForecaster.NAME,
          EnsembleForecaster.NAME);

  private Forecasters() {}

  /** Every model name, simplest first. */
  public static List<String> names() {
    return NAMES;
  }

  /** The named model with its fallbacks, or empty for an unknown name. */
  public static Optional<Forecaster> byName(String name) {
    Forecaster snaive = new SeasonalNaiveForecaster();
    Forecaster ets = recent(new EtsForecaster());
    Forecaster theta = new ThetaForecaster();
    Forecaster arima = recent(new AutoArimaForecaster());
    return Optional.ofNullable(
        switch (name) {
          case SeasonalNaiveForecaster.NAME -> new FallbackForecaster(snaive);
          case ThetaForecaster.NAME -> new FallbackForecaster(theta, snaive);
          case "ets" -> new FallbackForecaster(ets, theta, snaive);
          case AutoArimaForecaster.NAME -> new FallbackForecaster(arima, ets, snaive);
          case MultiSeasonalForecaster.NAME ->
              new FallbackForecaster(new MultiSeasonalForecaster(), ets, snaive);
          case EnsembleForecaster.NAME ->
              new FallbackForecaster(
                  new EnsembleForecaster(List.of(snaive, arima, new MultiSeasonalForecaster())),
                  theta,
                  snaive);
          default -> null;
        });
  }

  private static Forecaster recent(Forecaster f) {
    return new RecentWindowForecaster(f, RECENT_SEASONS);
  }
}
