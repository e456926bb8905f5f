package io.driftline.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every named model on series whose future is known. */
class ForecastersTest {
  static java.util.List<String> models() {
    return Forecasters.names();
  }

  private static Forecaster model(String name) {
    return Forecasters.byName(name).orElseThrow();
  }

  @ParameterizedTest
  @MethodSource("models")
  void constantSeriesForecastsTheConstant(String name) {
    Forecast f = model(name).forecast(Series.constant(200, 42), 24, 48);
    for (double v : f.mean()) assertThat(v).isCloseTo(42, within(1e-6));
    assertThat(f.upper95()[47]).isGreaterThanOrEqualTo(f.mean()[47]);
    assertThat(f.lower95()[47]).isLessThanOrEqualTo(f.mean()[47]);
  }

  @ParameterizedTest
  @MethodSource("models")
  void pureSeasonalPatternIsRepeated(String name) {
    double[] y = Series.seasonal(24 * 30, 24, 100, 0, 20, 0, 1);
    double[] expected = Series.tail(y, 24 * 28);
    Forecast f = model(name).forecast(Series.head(y, 24 * 28), 24, 48);
    // theta extrapolates half the fitted slope of a flat series: tiny; the rest repeat the season
    assertThat(Series.maxAbsError(expected, f.mean())).as(f.model()).isLessThan(1.0);
  }

  @ParameterizedTest
  @MethodSource("models")
  void seasonalWithTrendAndNoiseIsFollowed(String name) {
    double[] y = Series.seasonal(24 * 30, 24, 100, 0.05, 20, 1, 7);
    double[] expected = Series.seasonal(24 * 30, 24, 100, 0.05, 20, 0, 7);
    Forecast f = model(name).forecast(Series.head(y, 24 * 28), 24, 48);
    double mae = 0;
    for (int i = 0; i < 48; i++) mae += Math.abs(expected[24 * 28 + i] - f.mean()[i]) / 48;
    // noise sd 1: a model that follows season and trend errs by about the noise, not the season
    double limit = name.equals(SeasonalNaiveForecaster.NAME) ? 3.5 : 3.0;
    assertThat(mae).as(f.model()).isLessThan(limit);
  }

  @ParameterizedTest
  @MethodSource("models")
  void whiteNoiseIntervalsCoverNewDraws(String name) {
    java.util.Random r = new java.util.Random(11);
    double[] y = new double[24 * 25];
    for (int t = 0; t < y.length; t++) y[t] = 100 + 5 * r.nextGaussian();
    Forecast f = model(name).forecast(Series.head(y, 24 * 23), 24, 48);
    int in95 = 0, in80 = 0;
    for (int i = 0; i < 48; i++) {
      double v = y[24 * 23 + i];
      if (v >= f.lower95()[i] && v <= f.upper95()[i]) in95++;
      if (v >= f.lower80()[i] && v <= f.upper80()[i]) in80++;
    }
    // 95% nominal: 45.6 of 48 expected; 38 is five binomial sd below (a broken interval gets ~0)
    assertThat(in95).as(f.model()).isGreaterThanOrEqualTo(38);
    assertThat(in80).as(f.model()).isGreaterThanOrEqualTo(30).isLessThanOrEqualTo(in95);
    for (double v : f.mean()) assertThat(v).as(f.model()).isBetween(90.0, 110.0);
  }

  @ParameterizedTest
  @MethodSource("models")
  void tooShortHistoryFallsBackAndSaysWhy(String name) {
    Forecast f = model(name).forecast(new double[] {5, 7}, 24, 3);
    assertThat(f.mean()).containsExactly(7, 7, 7);
    assertThat(f.model()).isEqualTo("naive");
    if (!name.equals(SeasonalNaiveForecaster.NAME))
      assertThat(f.fallbackReason())
          .get(org.assertj.core.api.InstanceOfAssertFactories.STRING)
          .contains("failed");
  }

  @ParameterizedTest
  @MethodSource("models")
  void gapsInTheHistoryAreFilled(String name) {
    double[] y = Series.seasonal(24 * 30, 24, 100, 0, 20, 0.5, 3);
    double[] withGaps = y.clone();
    withGaps[0] = Double.NaN;
    withGaps[100] = Double.NaN;
    withGaps[101] = Double.NaN;
    withGaps[y.length - 1] = Double.NaN;
    Forecast f = model(name).forecast(withGaps, 24, 24);
    for (double v : f.mean()) assertThat(v).isFinite().isBetween(70.0, 130.0);
  }

  @org.junit.jupiter.api.Test
  void unknownModelIsEmpty() {
    assertThat(Forecasters.byName("prophet")).isEmpty();
    assertThat(Forecasters.byName(Forecasters.DEFAULT)).isPresent();
  }
}
