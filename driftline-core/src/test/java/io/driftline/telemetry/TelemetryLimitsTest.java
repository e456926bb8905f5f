package io.driftline.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TelemetryLimitsTest {

  @Test
  void nullIdIsRequired() {
    assertInvalid(() -> TelemetryLimits.normalizeId("service_id", null), "service_id")
        .hasMessage("service_id is required");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\t\n"})
  void emptyOrBlankIdIsRejected(String id) {
    assertInvalid(() -> TelemetryLimits.normalizeId("service_id", id), "service_id")
        .hasMessage("service_id must not be empty");
  }

  @Test
  void idOf256CharactersIsAcceptedAnd257Rejected() {
    String max = "a".repeat(256);
    assertThat(TelemetryLimits.normalizeId("service_id", max)).isEqualTo(max);
    assertInvalid(() -> TelemetryLimits.normalizeId("service_id", max + "b"), "service_id")
        .hasMessageContaining("at most 256")
        .hasMessageContaining("257");
  }

  @Test
  void lengthIsCountedAfterNormalisation() {
    // 256 decomposed e-acute are 512 chars, but 256 after NFC
    String decomposed = "e\u0301".repeat(256);
    assertThat(TelemetryLimits.normalizeId("service_id", decomposed)).hasSize(256);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"a\u0007b", "a\tb", "a\nb", "a\u007Fb", "a\u200Bb", "a\u202Eb", "a\uFEFFb"})
  void controlAndInvisibleCharactersAreRejected(String id) {
    assertInvalid(() -> TelemetryLimits.normalizeId("service_id", id), "service_id")
        .hasMessageContaining("control or invisible")
        .hasMessageContaining("at index 1");
  }

  @Test
  void zeroWidthSpaceIsNamedInTheMessage() {
    assertInvalid(() -> TelemetryLimits.normalizeId("service_id", "check\u200Bout"), "service_id")
        .hasMessageContaining("U+200B");
  }

  @ParameterizedTest
  @ValueSource(strings = {" checkout", "checkout ", "\u3000checkout", "checkout\u2003"})
  void leadingOrTrailingWhitespaceIsRejected(String id) {
    assertInvalid(() -> TelemetryLimits.normalizeId("service_id", id), "service_id")
        .hasMessageContaining("whitespace");
  }

  @ParameterizedTest
  @ValueSource(strings = {"checkout\u00A0", "\u00A0checkout", "checkout\u202F", "checkout\u2007"})
  void leadingOrTrailingNoBreakSpaceIsRejected(String id) {
    // "checkout\u00A0" prints like "checkout": it must not become a second service
    assertInvalid(() -> TelemetryLimits.normalizeId("service_id", id), "service_id")
        .hasMessageContaining("whitespace");
  }

  @Test
  void innerSpaceAndNonLatinIdsAreAccepted() {
    assertThat(TelemetryLimits.normalizeId("service_id", "check out")).isEqualTo("check out");
    assertThat(TelemetryLimits.normalizeId("service_id", "check\u00A0out"))
        .isEqualTo("check\u00A0out");
    assertThat(TelemetryLimits.normalizeId("service_id", "注文-サービス")).isEqualTo("注文-サービス");
    assertThat(TelemetryLimits.normalizeId("service_id", "pay\uD83D\uDE00"))
        .isEqualTo("pay\uD83D\uDE00");
  }

  @Test
  void canonicallyEquivalentIdsNormaliseToEqualStrings() {
    String decomposed = TelemetryLimits.normalizeId("service_id", "cafe\u0301");
    String composed = TelemetryLimits.normalizeId("service_id", "caf\u00e9");
    assertThat(decomposed).isEqualTo(composed).isEqualTo("caf\u00e9");
  }

  @ParameterizedTest
  @ValueSource(strings = {"latency_ms", "payload_kb", "_x", "http.server:requests", "A9"})
  void validMetricNamesAreAccepted(String metric) {
    TelemetryLimits.checkMetricName(metric);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "9lives", "latency-ms", "latency ms", ".x", "caf\u00e9", "a\u200B"})
  void invalidMetricNamesAreRejected(String metric) {
    assertInvalid(() -> TelemetryLimits.checkMetricName(metric), "metric")
        .hasMessageContaining("\"" + metric + "\"");
  }

  @Test
  void metricNameIsAtMost128Characters() {
    TelemetryLimits.checkMetricName("m".repeat(128));
    assertInvalid(() -> TelemetryLimits.checkMetricName("m".repeat(129)), "metric");
    assertInvalid(() -> TelemetryLimits.checkMetricName(null), "metric")
        .hasMessageEndingWith("null");
  }

  @Test
  void checkValueAcceptsFiniteNonNegativeNumbers() {
    assertThat(TelemetryLimits.checkValue("latency_ms", 0)).isZero();
    assertThat(TelemetryLimits.checkValue("latency_ms", 150.5)).isEqualTo(150.5);
    assertThat(TelemetryLimits.checkValue("latency_ms", Double.MAX_VALUE))
        .isEqualTo(Double.MAX_VALUE);
  }

  @Test
  void checkValueRejectsNaNInfinitiesAndNegatives() {
    assertInvalid(() -> TelemetryLimits.checkValue("latency_ms", Double.NaN), "latency_ms")
        .hasMessageContaining("NaN");
    assertInvalid(
            () -> TelemetryLimits.checkValue("latency_ms", Double.POSITIVE_INFINITY), "latency_ms")
        .hasMessageContaining("finite");
    assertInvalid(
            () -> TelemetryLimits.checkValue("latency_ms", Double.NEGATIVE_INFINITY), "latency_ms")
        .hasMessageContaining("finite");
    assertInvalid(() -> TelemetryLimits.checkValue("payload_kb", -0.5), "payload_kb")
        .hasMessage("payload_kb must be >= 0 but was -0.5");
  }

  @Test
  void exceptionFieldCanBePrefixedWithItsPosition() {
    var e = new InvalidTelemetryException("service_id", "service_id must not be empty");
    assertThat(e.at("[3]").field()).isEqualTo("[3].service_id");
    assertThat(e.at("[3]").getMessage()).isEqualTo("service_id must not be empty");
    assertThat(new InvalidTelemetryException("", "bad").at("[0]").field()).isEqualTo("[0]");
  }

  static org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> assertInvalid(
      ThrowingCallable call, String field) {
    var thrown = assertThatThrownBy(call).isInstanceOf(InvalidTelemetryException.class);
    thrown
        .asInstanceOf(type(InvalidTelemetryException.class))
        .extracting(InvalidTelemetryException::field)
        .isEqualTo(field);
    return thrown;
  }

  /** The hand-written checks accept exactly what the documented patterns accept. */
  @Test
  void nameChecksAgreeWithTheirDocumentedPatterns() {
    var metric = java.util.regex.Pattern.compile("[a-zA-Z_][a-zA-Z0-9_:.]{0,127}");
    var label = java.util.regex.Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]{0,63}");
    String alphabet = "aZ_09:.-é ";
    var random = new java.util.SplittableRandom(5);
    for (int i = 0; i < 50_000; i++) {
      int length = random.nextInt(4) == 0 ? 60 + random.nextInt(80) : random.nextInt(6);
      StringBuilder name = new StringBuilder();
      for (int k = 0; k < length; k++)
        name.append(alphabet.charAt(random.nextInt(alphabet.length())));
      String text = name.toString();
      boolean metricOk = metric.matcher(text).matches();
      boolean labelOk = label.matcher(text).matches();

      if (metricOk) TelemetryLimits.checkMetricName(text);
      else assertThatThrownBy(() -> TelemetryLimits.checkMetricName(text)).as(text);
      var labels = java.util.Map.of(text, "v");
      if (labelOk) TelemetryLimits.checkLabels(labels);
      else assertThatThrownBy(() -> TelemetryLimits.checkLabels(labels)).as(text);
    }
  }

  @Test
  void plainAsciiIdsAreTakenAsTheyAreAndOthersStillChecked() {
    String ascii = "payment-service_01.eu/west:8080";
    assertThat(TelemetryLimits.normalizeId("service_id", ascii)).isSameAs(ascii);
    assertThat(TelemetryLimits.normalizeId("service_id", "cafe\u0301")).isEqualTo("caf\u00e9");
    assertThatThrownBy(() -> TelemetryLimits.normalizeId("service_id", "a\u007fb"))
        .hasMessageContaining("U+007F");
    assertThatThrownBy(() -> TelemetryLimits.normalizeId("service_id", " a"))
        .hasMessageContaining("whitespace");
    assertThatThrownBy(() -> TelemetryLimits.normalizeId("service_id", "x".repeat(257)))
        .hasMessageContaining("at most 256");
  }
}
