package io.driftline.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The numerics under the models. */
class ModelsTest {
  @Test
  void nelderMeadFindsTheRosenbrockMinimum() {
    var r =
        new NelderMead(5000, 1e-14)
            .minimise(
                x -> 100 * Math.pow(x[1] - x[0] * x[0], 2) + Math.pow(1 - x[0], 2),
                new double[] {-1.2, 1},
                new double[] {0.5, 0.5});
    assertThat(r.x()[0]).isCloseTo(1, within(1e-3));
    assertThat(r.x()[1]).isCloseTo(1, within(1e-3));
  }

  @Test
  void linearTrendIsExtrapolatedByArimaAndEts() {
    double[] y = Series.line(100, 10, 2);
    for (Forecaster f : new Forecaster[] {new AutoArimaForecaster(), new EtsForecaster()}) {
      double[] mean = f.forecast(y, 1, 10).mean();
      for (int i = 0; i < 10; i++)
        assertThat(mean[i]).as(f.name()).isCloseTo(10 + 2 * (100 + i), within(0.5));
    }
  }

  @Test
  void arimaRecoversAnAr1Coefficient() {
    Random r = new Random(5);
    double[] y = new double[2000];
    for (int t = 1; t < y.length; t++) y[t] = 0.6 * y[t - 1] + r.nextGaussian();
    ArimaModel m = ArimaModel.fit(y, new ArimaOrder(1, 0, 0, 0, 0, 0, 1, false));
    assertThat(m.ar[1]).isCloseTo(0.6, within(0.05));
    assertThat(m.sigma2).isCloseTo(1, within(0.1));
  }

  @Test
  void arimaSelectsSeasonalDifferencingForAStrongSeason() {
    double[] y = Series.seasonal(24 * 20, 24, 50, 0, 10, 0.5, 9);
    assertThat(new AutoArimaForecaster().fit(y, 24).model()).contains(",1,").contains("[24]");
  }

  @Test
  void arimaOnBarelyThreeSeasonsKeepsTheSeasonalDifference() {
    double[] y = Series.seasonal(24 * 3 + 8 + 24, 24, 50, 0, 10, 0.1, 9);
    Forecaster.Fitted fit = new AutoArimaForecaster().fit(Series.head(y, 80), 24);
    assertThat(fit.model()).contains("[24]");
    assertThat(Series.maxAbsError(Series.tail(y, 80), fit.forecast(24).mean())).isLessThan(1.5);
  }

  @Test
  void multiSeasonalRepeatsAPerfectlyPeriodicSeriesThroughTheNaiveRemainder() {
    double[] y = Series.seasonal(24 * 20, 24, 1e6, 0, 1e5, 0, 1);
    Forecast f = new MultiSeasonalForecaster().forecast(Series.head(y, 24 * 18), 24, 48);
    assertThat(f.model()).startsWith("mstl(").contains("naive");
    assertThat(f.fallbackReason()).get().asString().contains("constant");
    assertThat(Series.maxAbsError(Series.tail(y, 24 * 18), f.mean())).isLessThan(1e-3);
  }

  @Test
  void kpssSeparatesARandomWalkFromNoise() {
    Random r = new Random(2);
    double[] walk = new double[500], noise = new double[500];
    for (int t = 1; t < 500; t++) {
      walk[t] = walk[t - 1] + r.nextGaussian();
      noise[t] = r.nextGaussian();
    }
    assertThat(AutoArimaForecaster.kpss(walk)).isGreaterThan(0.463);
    assertThat(AutoArimaForecaster.kpss(noise)).isLessThan(0.463);
  }

  @Test
  void etsChoosesASeasonalFormForSeasonalData() {
    double[] y = Series.seasonal(24 * 20, 24, 100, 0, 30, 1, 4);
    assertThat(new EtsForecaster().fit(y, 24).model()).matches("ETS\\(.,.+,[AM]\\)");
  }

  @Test
  void thetaAddsHalfTheSlope() {
    // Hyndman and Billah 2003: on a straight line SES (alpha -> 1) ends at the last value and the
    // theta line adds half the slope per step
    double[] mean = new ThetaForecaster().forecast(Series.line(50, 0, 1), 1, 2).mean();
    assertThat(mean[0]).isCloseTo(49.5, within(0.05));
    assertThat(mean[1] - mean[0]).isCloseTo(0.5, within(1e-6));
  }

  @Test
  void historyCleaningInterpolatesGapsAndTrimsEnds() {
    double[] y = History.clean(new double[] {Double.NaN, 1, Double.NaN, Double.NaN, 4, Double.NaN});
    assertThat(y).containsExactly(1, 2, 3, 4);
    assertThatThrownBy(() -> History.clean(new double[] {Double.NaN}))
        .isInstanceOf(ForecastException.class)
        .hasMessageContaining("no finite value");
  }

  @Test
  void ensembleLeavesOutMembersThatFailAndNeedsTwo() {
    double[] y = {1, 2, 3, 4, 5};
    Forecast f =
        new EnsembleForecaster(
                java.util.List.of(
                    new SeasonalNaiveForecaster(),
                    new ThetaForecaster(),
                    new AutoArimaForecaster()))
            .forecast(y, 1, 2);
    assertThat(f.model()).startsWith("ensemble(median of naive, theta");
    assertThat(f.fallbackReason()).get().asString().contains("arima");
    assertThatThrownBy(
            () ->
                new EnsembleForecaster(
                        java.util.List.of(new SeasonalNaiveForecaster(), new AutoArimaForecaster()))
                    .fit(y, 1))
        .isInstanceOf(ForecastException.class)
        .hasMessageContaining("fewer than two");
  }
}
