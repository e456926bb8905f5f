package io.driftline.telemetry;

import static io.driftline.telemetry.TelemetryLimits.normalizeId;
import static io.driftline.telemetry.TelemetryLimitsTest.assertInvalid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SeriesKeyTest {

  @Test
  void labelsAreSortedWhateverTheInsertionOrder() {
    var zoneFirst = new LinkedHashMap<String, String>();
    zoneFirst.put("zone", "eu-1");
    zoneFirst.put("app", "shop");
    var appFirst = new LinkedHashMap<String, String>();
    appFirst.put("app", "shop");
    appFirst.put("zone", "eu-1");

    var a = new SeriesKey("checkout", "latency_ms", zoneFirst);
    var b = new SeriesKey("checkout", "latency_ms", appFirst);

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a.labels().keySet()).containsExactly("app", "zone");
    assertThat(a.labelsText()).isEqualTo("app=shop\nzone=eu-1");
    assertThat(a.labelsText()).isEqualTo(b.labelsText());
  }

  @Test
  void labelsAreACopyThatCannotChange() {
    var labels = new HashMap<String, String>(Map.of("app", "shop"));
    var key = new SeriesKey("checkout", "latency_ms", labels);
    labels.put("zone", "eu-1");
    assertThat(key.labels()).containsOnlyKeys("app");
    assertThatThrownBy(() -> key.labels().put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void labelsTextRoundTripsThroughParseLabels() {
    var key =
        new SeriesKey(
            "checkout",
            "latency_ms",
            Map.of("zone", "eu-1", "app", "shop", "query", "a=b=c", "name", "caf\u00e9 au lait"));
    Map<String, String> parsed = SeriesKey.parseLabels(key.labelsText());
    assertThat(parsed).isEqualTo(key.labels());
    assertThat(new SeriesKey("checkout", "latency_ms", parsed)).isEqualTo(key);
  }

  @Test
  void noLabelsGiveEmptyText() {
    var key = SeriesKey.of("checkout", "latency_ms");
    assertThat(key.labelsText()).isEmpty();
    assertThat(SeriesKey.parseLabels("")).isEmpty();
    assertThat(SeriesKey.parseLabels(null)).isEmpty();
    assertThat(key).isEqualTo(new SeriesKey("checkout", "latency_ms", SeriesKey.parseLabels("")));
    assertThat(key.toString()).isEqualTo("checkout/latency_ms");
  }

  @Test
  void serviceIdMustAlreadyBeNormalised() {
    assertInvalid(() -> SeriesKey.of("cafe\u0301", "latency_ms"), "service_id")
        .hasMessageContaining("not normalised");
    assertThat(SeriesKey.of(normalizeId("service_id", "cafe\u0301"), "latency_ms"))
        .isEqualTo(SeriesKey.of("caf\u00e9", "latency_ms"));
  }

  @Test
  void invalidServiceIdIsRejectedNamingServiceId() {
    assertInvalid(() -> SeriesKey.of("", "latency_ms"), "service_id");
    assertInvalid(() -> SeriesKey.of(null, "latency_ms"), "service_id");
    assertInvalid(() -> SeriesKey.of("check\u200Bout", "latency_ms"), "service_id");
    assertInvalid(() -> SeriesKey.of("checkout ", "latency_ms"), "service_id");
    assertInvalid(() -> SeriesKey.of("x".repeat(257), "latency_ms"), "service_id");
  }

  @Test
  void invalidMetricIsRejectedNamingMetric() {
    assertInvalid(() -> SeriesKey.of("checkout", "latency-ms"), "metric");
  }

  @Test
  void invalidLabelNameIsRejectedNamingLabels() {
    assertInvalid(
            () -> new SeriesKey("checkout", "latency_ms", Map.of("app-name", "shop")), "labels")
        .hasMessageContaining("\"app-name\"");
    assertInvalid(() -> new SeriesKey("checkout", "latency_ms", Map.of("a.b", "shop")), "labels");
  }

  @Test
  void invalidLabelValueIsRejectedNamingTheLabel() {
    assertInvalid(() -> new SeriesKey("checkout", "latency_ms", Map.of("app", "")), "labels.app");
    assertInvalid(
        () -> new SeriesKey("checkout", "latency_ms", Map.of("app", "a\nb")), "labels.app");
    assertInvalid(
        () -> new SeriesKey("checkout", "latency_ms", Map.of("app", " shop")), "labels.app");
    assertInvalid(
            () -> new SeriesKey("checkout", "latency_ms", Map.of("app", "cafe\u0301")),
            "labels.app")
        .hasMessageContaining("not normalised");
  }

  @Test
  void atMost32LabelsAreAllowed() {
    Map<String, String> labels = new HashMap<>();
    for (int i = 0; i < 32; i++) labels.put("l" + i, "v");
    assertThat(new SeriesKey("checkout", "latency_ms", labels).labels()).hasSize(32);
    labels.put("l32", "v");
    assertInvalid(() -> new SeriesKey("checkout", "latency_ms", labels), "labels")
        .hasMessageContaining("33");
  }

  @Test
  void sampleRejectsNonFiniteValues() {
    var key = SeriesKey.of("checkout", "latency_ms");
    assertThatThrownBy(() -> new Sample(key, 0, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NaN");
    assertThatThrownBy(() -> new Sample(null, 0, 1)).isInstanceOf(NullPointerException.class);
  }
}
