package io.driftline.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RollingWindowTest {
  @Test
  void quantilesFollowTheLastValuesOnly() {
    RollingWindow w = new RollingWindow(5);
    for (double v : new double[] {100, 1, 2, 3, 4, 5}) w.add(v);
    assertThat(w.size()).isEqualTo(5);
    assertThat(w.median()).isEqualTo(3);
    assertThat(w.quantile(0)).isEqualTo(1);
    assertThat(w.quantile(1)).isEqualTo(5);
    assertThat(w.quantile(0.25)).isEqualTo(2);
    assertThat(w.recent(0)).isEqualTo(5);
    assertThat(w.recent(4)).isEqualTo(1);
  }

  @Test
  void duplicatesAreEvictedOneAtATime() {
    RollingWindow w = new RollingWindow(3);
    for (double v : new double[] {7, 7, 7, 1}) w.add(v);
    assertThat(w.quantile(0)).isEqualTo(1);
    assertThat(w.quantile(1)).isEqualTo(7);
    assertThat(w.median()).isEqualTo(7);
  }
}
