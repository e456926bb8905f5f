package io.driftline.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class QuantityTest {
  @Test
  void binaryDecimalAndExponentSuffixesAreExact() {
    assertThat(Quantity.parse("1Gi")).contains(new BigDecimal("1073741824"));
    assertThat(Quantity.parse("200m").orElseThrow()).isEqualByComparingTo("0.2");
    assertThat(Quantity.parse("1e3").orElseThrow()).isEqualByComparingTo("1000");
    assertThat(Quantity.parse("1.5k").orElseThrow()).isEqualByComparingTo("1500");
    assertThat(Quantity.parse(2).orElseThrow()).isEqualByComparingTo("2");
  }

  @Test
  void textThatIsNotAQuantityIsRejected() {
    assertThat(Quantity.parse("lots")).isEmpty();
    assertThat(Quantity.parse("1Gb")).isEmpty();
  }
}
