package io.driftline.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class AccuracyTest {
  @Test
  void smapeAndMaseFollowTheM4Definitions() {
    assertThat(Accuracy.smape(new double[] {100, 100}, new double[] {100, 50}))
        .isCloseTo(100 / 3.0, within(1e-9));
    // in-sample seasonal differences at lag 2: |3-1|, |4-2| -> scale 2; errors 1 and 3 -> MASE 1
    assertThat(
            Accuracy.mase(new double[] {1, 2, 3, 4}, new double[] {5, 6}, new double[] {4, 9}, 2))
        .isCloseTo(1, within(1e-9));
  }

  @Test
  void naive2RepeatsTheLastValueWithoutASignificantSeason() {
    assertThat(Accuracy.naive2(new double[] {3, 1, 4, 1, 5}, 24, 2)).containsExactly(5, 5);
  }

  @Test
  void backtestRanksModelsOnSeasonalData() {
    List<double[]> series =
        List.of(
            Series.seasonal(24 * 20, 24, 100, 0.02, 20, 1, 1),
            Series.seasonal(24 * 22, 24, 50, 0, 10, 1, 2));
    List<Backtest.Score> scores =
        Backtest.run(series, 24, 24, 2, List.of("snaive", "ensemble"), done -> {});
    assertThat(scores).extracting(Backtest.Score::model).containsExactly("snaive", "ensemble");
    assertThat(scores.get(0).vsSnaive()).isCloseTo(1, within(1e-9));
    assertThat(scores).allSatisfy(s -> assertThat(s.forecasts()).isEqualTo(4));
    // seasonal data with noise: the ensemble beats Naive2 and seasonal naive
    assertThat(scores.get(1).owa()).isLessThan(0.9);
    assertThat(scores.get(1).vsSnaive()).isLessThan(1);
  }

  @Test
  void intervalsAggregateHourlyHistories() {
    assertThat(ForecastInterval.forHorizon(48)).isEqualTo(ForecastInterval.HOURLY);
    assertThat(ForecastInterval.forHorizon(24 * 20)).isEqualTo(ForecastInterval.DAILY);
    assertThat(ForecastInterval.forHorizon(24 * 90)).isEqualTo(ForecastInterval.WEEKLY);
    assertThat(ForecastInterval.DAILY.steps(24 * 20 + 1)).isEqualTo(21);
    double[] hourly = new double[50];
    for (int t = 0; t < 50; t++) hourly[t] = t < 2 ? 1000 : t % 24 == 0 ? Double.NaN : 1;
    // 50 hours -> two whole days from the end; the first two hours are dropped, the gap skipped
    assertThat(ForecastInterval.DAILY.aggregate(hourly)).containsExactly(1, 1);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ForecastInterval.forHorizon(24 * 91))
        .hasMessageContaining("90 days");
  }
}
