package io.driftline.sources.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OtlpEncodingTest {
  /** Shaped like opentelemetry-proto's examples/metrics.json: camelCase, int64 as strings. */
  static final String JSON_REQUEST =
      """
      {"resourceMetrics": [{
        "resource": {"attributes": [{"key": "service.name", "value": {"stringValue": "my.service"}}]},
        "scopeMetrics": [{
          "scope": {"name": "my.library", "version": "1.0.0"},
          "metrics": [{
            "name": "my.counter", "unit": "1",
            "sum": {"aggregationTemporality": 2, "isMonotonic": true,
                    "dataPoints": [{"asDouble": 5, "startTimeUnixNano": "1544712660300000000",
                                    "timeUnixNano": "1544712660300000000",
                                    "attributes": [{"key": "my.attr", "value": {"stringValue": "v"}}]}]}
          }, {
            "name": "my.gauge",
            "gauge": {"dataPoints": [{"asInt": "10", "timeUnixNano": 1544712660300000000}]}
          }]
        }]
      }]}
      """;

  @Test
  void jsonEncodingIsDecodedWithItsSpecificRules() {
    var request = OtlpEncoding.JSON.decode(JSON_REQUEST.getBytes(StandardCharsets.UTF_8));

    var metrics = request.getResourceMetrics(0).getScopeMetrics(0).getMetricsList();
    assertThat(metrics).hasSize(2);
    assertThat(metrics.get(0).getSum().getDataPoints(0).getTimeUnixNano())
        .isEqualTo(1544712660300000000L);
    assertThat(metrics.get(0).getSum().getIsMonotonic()).isTrue();
    assertThat(metrics.get(1).getGauge().getDataPoints(0).getAsInt()).isEqualTo(10);
  }

  @Test
  void protobufRoundTripsAndGarbageIsRefusedWithTheReason() {
    var request = OtlpEncoding.JSON.decode(JSON_REQUEST.getBytes(StandardCharsets.UTF_8));
    assertThat(OtlpEncoding.PROTOBUF.decode(request.toByteArray())).isEqualTo(request);

    assertThatThrownBy(() -> OtlpEncoding.PROTOBUF.decode(new byte[] {(byte) 0xff, 0x01, 0x02}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("application/x-protobuf");
    assertThatThrownBy(
            () ->
                OtlpEncoding.JSON.decode(
                    "{\"resourceMetrics\": 3".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("application/json");
  }

  @Test
  void contentTypesMapToEncodingsIgnoringParameters() {
    assertThat(OtlpEncoding.ofContentType("application/x-protobuf"))
        .contains(OtlpEncoding.PROTOBUF);
    assertThat(OtlpEncoding.ofContentType("Application/JSON; charset=utf-8"))
        .contains(OtlpEncoding.JSON);
    assertThat(OtlpEncoding.ofContentType("text/plain")).isEmpty();
    assertThat(OtlpEncoding.ofContentType(null)).isEmpty();
  }

  @Test
  void aPartialSuccessIsPrintedInTheJsonMapping() {
    var response =
        ExportMetricsServiceResponse.newBuilder()
            .setPartialSuccess(
                ExportMetricsPartialSuccess.newBuilder()
                    .setRejectedDataPoints(2)
                    .setErrorMessage("x"))
            .build();

    assertThat(new String(OtlpEncoding.JSON.encode(response), StandardCharsets.UTF_8))
        .isEqualTo("{\"partialSuccess\":{\"rejectedDataPoints\":\"2\",\"errorMessage\":\"x\"}}");
  }
}
