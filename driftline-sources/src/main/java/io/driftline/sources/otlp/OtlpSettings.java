package io.driftline.sources.otlp;

import java.time.Duration;
import java.util.Objects;

/**
 * How OTLP metrics become Driftline series.
 *
 * @param serviceAttribute the resource attribute that names the service (OpenTelemetry's {@code
 *     service.name} unless a deployment keys services otherwise)
 * @param maxFutureSkew points further ahead of server time than this are rejected
 * @param maxStreams cumulative streams whose previous point is remembered (least recently seen
 *     forgotten first); a forgotten stream starts again from its start time
 */
public record OtlpSettings(String serviceAttribute, Duration maxFutureSkew, int maxStreams) {
  public static final OtlpSettings DEFAULT =
      new OtlpSettings("service.name", Duration.ofMinutes(5), 100_000);

  public OtlpSettings {
    Objects.requireNonNull(serviceAttribute, "serviceAttribute");
    if (serviceAttribute.isBlank()) throw new IllegalArgumentException("serviceAttribute is empty");
    Objects.requireNonNull(maxFutureSkew, "maxFutureSkew");
    if (maxStreams < 1) throw new IllegalArgumentException("maxStreams must be >= 1");
  }
}
