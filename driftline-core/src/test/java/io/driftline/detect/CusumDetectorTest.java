package io.driftline.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CusumDetectorTest {
  @Test
  void shiftOfOneSigmaIsFoundThoughNoSampleIsExtreme() {
    double[] x = Series.noise(1200, 100, 1, 12);
    for (int i = 600; i < x.length; i++) x[i] += 1.0;
    List<Integer> alerts = Series.alerts(Series.run(new CusumDetector(), x));
    assertThat(alerts).isNotEmpty();
    assertThat(alerts.get(0)).isBetween(600, 640); // ARL at a 1-sigma shift with k=0.5, h=5: ~10
  }

  @Test
  void singleSpikeDoesNotFireCusum() {
    double[] x = Series.noise(800, 100, 1, 13);
    x[500] += 50;
    assertThat(Series.alerts(Series.run(new CusumDetector(), x))).isEmpty();
  }

  @Test
  void tailSurpriseMatchesKnownValues() {
    assertThat(Tail.surpriseTwoSided(0)).isCloseTo(0, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(Tail.surpriseTwoSided(1.959964))
        .isCloseTo(-Math.log10(0.05), org.assertj.core.data.Offset.offset(1e-5));
    assertThat(Tail.surpriseTwoSided(3))
        .isCloseTo(-Math.log10(0.0026998), org.assertj.core.data.Offset.offset(1e-4));
    assertThat(Tail.surpriseTwoSided(40)).isFinite().isGreaterThan(300);
  }
}
