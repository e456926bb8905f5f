package io.driftline.sources.otlp;

import io.driftline.telemetry.Sample;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import java.util.List;

/**
 * The samples of one OTLP request and what was rejected, ready to answer as OTLP's {@code
 * ExportMetricsServiceResponse}: empty when every point was taken, otherwise a {@code
 * partial_success} with the count and the first distinct reasons.
 */
public record OtlpConversion(List<Sample> samples, long rejected, List<String> errors) {
  public OtlpConversion {
    samples = List.copyOf(samples);
    errors = List.copyOf(errors);
  }

  public ExportMetricsServiceResponse response() {
    if (rejected == 0 && errors.isEmpty()) return ExportMetricsServiceResponse.getDefaultInstance();
    return ExportMetricsServiceResponse.newBuilder()
        .setPartialSuccess(
            ExportMetricsPartialSuccess.newBuilder()
                .setRejectedDataPoints(rejected)
                .setErrorMessage(String.join("; ", errors)))
        .build();
  }
}
