package io.driftline.server;

import io.driftline.ingest.IngestObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/** Binds the pipeline's hooks to Micrometer meters ({@code driftline_ingest_*}, ...). */
final class MicrometerIngestObserver implements IngestObserver {
  private final Counter stored;
  private final Counter overloaded;
  private final Counter failed;
  private final Timer writeLatency;
  private final Timer detectionLatency;

  MicrometerIngestObserver(MeterRegistry registry) {
    this.stored = samples(registry, "stored");
    this.overloaded = samples(registry, "overloaded");
    this.failed = samples(registry, "failed");
    this.writeLatency =
        Timer.builder("driftline.storage.write")
            .description("duration of one group commit")
            .publishPercentileHistogram()
            .register(registry);
    this.detectionLatency =
        Timer.builder("driftline.detection.latency")
            .description("time from submission to detection of a batch")
            .publishPercentileHistogram()
            .register(registry);
  }

  private static Counter samples(MeterRegistry registry, String outcome) {
    return Counter.builder("driftline.ingest.samples")
        .description(
            "samples by outcome: stored, overloaded (refused, queue full), failed (storage error)")
        .tag("outcome", outcome)
        .register(registry);
  }

  @Override
  public void committed(int samples, long nanos) {
    stored.increment(samples);
    writeLatency.record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void commitFailed(int samples, Throwable cause) {
    failed.increment(samples);
  }

  @Override
  public void overloaded(int samples) {
    overloaded.increment(samples);
  }

  @Override
  public void detected(int samples, long nanos) {
    detectionLatency.record(nanos, TimeUnit.NANOSECONDS);
  }
}
