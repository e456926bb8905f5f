package io.driftline.server.ingest;

import io.driftline.server.config.DriftlineConfig;
import io.driftline.server.http.ApiError;
import io.driftline.server.http.Bodies;
import io.driftline.server.http.Route;
import io.driftline.sources.remotewrite.PodSignalRules;
import io.driftline.sources.remotewrite.RemoteWriteDecoder;
import io.driftline.telemetry.InvalidTelemetryException;
import io.driftline.telemetry.Sample;
import io.driftline.telemetry.SeriesKey;
import io.driftline.telemetry.TelemetryLimits;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/write}: Prometheus remote-write 1.0 into the same pipeline as {@code
 * /v1/telemetry}. A series' service is the first of {@code receivers.remote_write.service_labels}
 * it carries (or {@code default_service}), its metric {@code __name__}, its other labels the
 * Driftline labels; non-finite values (Prometheus's staleness markers are a NaN) are skipped.
 * Series with {@code namespace} and {@code pod} labels whose metric has a rule in {@code
 * receivers.remote_write.pod_signals} are also merged into pod rows ({@link PodSignalRules}), in
 * the same commit.
 *
 * <p>Status codes follow what Prometheus does with them: a {@code 4xx} makes it drop the batch, so
 * it is kept for bodies that can never be stored (the message names the problem); a request with
 * some storable series stores those and logs the others. {@code 503} (pipeline full, storage
 * failing) makes it retry. {@code 204} only after the commit.
 */
public final class RemoteWriteRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(RemoteWriteRoutes.class);
  private static final Set<String> PROTOBUF = Set.of("application/x-protobuf");
  private static final int EXPANSION = 8;

  private final TelemetryWriter writer;
  private final DriftlineConfig.RemoteWrite settings;
  private final PodSignalRules podRows;
  private final Clock clock;
  private final Duration maxFutureSkew;
  private final int maxSamples;
  private final long maxBodyBytes;
  private volatile long lastWarning;

  public RemoteWriteRoutes(
      TelemetryWriter writer,
      DriftlineConfig.RemoteWrite settings,
      Clock clock,
      Duration maxFutureSkew,
      int maxSamples,
      long maxBodyBytes) {
    this.writer = writer;
    this.settings = settings;
    this.podRows = settings.podRows();
    this.clock = clock;
    this.maxFutureSkew = maxFutureSkew;
    this.maxSamples = maxSamples;
    this.maxBodyBytes = maxBodyBytes;
  }

  public List<Route> routes() {
    return List.of(Route.post("/api/v1/write", this::write));
  }

  void write(Context ctx) {
    checkHeaders(ctx);
    byte[] body = Bodies.read(ctx, maxBodyBytes);
    List<RemoteWriteDecoder.Series> series;
    try {
      series =
          RemoteWriteDecoder.decode(
              body, (int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes * EXPANSION));
    } catch (RemoteWriteDecoder.MalformedRequestException e) {
      throw ApiError.badRequest(null, e.getMessage());
    }
    List<Sample> samples = new ArrayList<>();
    List<InvalidTelemetryException> refused = new ArrayList<>();
    for (int i = 0; i < series.size(); i++) {
      try {
        samples.addAll(samples(series.get(i), i));
      } catch (InvalidTelemetryException e) {
        refused.add(e);
      }
    }
    if (!refused.isEmpty()) refused(refused, series.size(), samples.isEmpty());
    if (samples.size() > maxSamples) {
      throw ApiError.badRequest(
          null,
          samples.size()
              + " samples in one request, more than ingest.max_batch_items ("
              + maxSamples
              + "); lower queue_config.max_samples_per_send");
    }
    writer.samplesWithPodRows(samples, podRows.podMetrics(series));
    ctx.status(204);
  }

  /**
   * Series that cannot be stored: when nothing of the request can, a {@code 400} naming the first
   * problem; otherwise the rest is stored and the problem logged (at most once a minute), since
   * Prometheus would drop the whole batch on a {@code 400}, good series included.
   */
  private void refused(List<InvalidTelemetryException> refused, int series, boolean nothingLeft) {
    InvalidTelemetryException first = refused.getFirst();
    String message =
        first.getMessage()
            + (refused.size() > 1 ? " (and " + (refused.size() - 1) + " more series refused)" : "");
    if (nothingLeft) {
      throw ApiError.badRequest(first.field().isEmpty() ? null : first.field(), message);
    }
    long now = System.nanoTime();
    if (now - lastWarning > 60_000_000_000L || lastWarning == 0) {
      lastWarning = now;
      LOG.warn(
          "remote-write: stored {} of {} series; {}", series - refused.size(), series, message);
    }
  }

  private static void checkHeaders(Context ctx) {
    Bodies.mediaType(ctx, PROTOBUF);
    String type = ctx.contentType();
    if (type != null
        && type.contains("proto=")
        && !type.contains("proto=prometheus.WriteRequest")) {
      throw unsupported(
          "only remote-write 1.0 (prometheus.WriteRequest) is accepted, not " + type.strip());
    }
    String encoding = ctx.header("Content-Encoding");
    if (encoding == null || !encoding.strip().toLowerCase(Locale.ROOT).equals("snappy")) {
      throw unsupported(
          "Content-Encoding must be snappy (remote-write bodies are snappy-compressed) but was "
              + (encoding == null ? "absent" : encoding));
    }
  }

  private List<Sample> samples(RemoteWriteDecoder.Series s, int index) {
    long latest = clock.instant().plus(maxFutureSkew).toEpochMilli();
    SeriesKey key = key(s.labels(), index);
    List<Sample> samples = new ArrayList<>(s.timestamps().length);
    for (int j = 0; j < s.timestamps().length; j++) {
      double value = s.values()[j];
      if (!Double.isFinite(value)) continue;
      if (s.timestamps()[j] > latest) {
        throw new InvalidTelemetryException(
            "timestamp",
            "series "
                + key
                + " has a sample at "
                + java.time.Instant.ofEpochMilli(s.timestamps()[j])
                + ", more than "
                + maxFutureSkew.toSeconds()
                + " s ahead of server time (ingest.max_future_skew)");
      }
      samples.add(new Sample(key, s.timestamps()[j], value));
    }
    return samples;
  }

  private SeriesKey key(Map<String, String> labels, int index) {
    String metric = labels.get("__name__");
    if (metric == null || metric.isEmpty()) {
      throw new InvalidTelemetryException(
          "__name__", "series " + index + " " + labels + " has no __name__ label");
    }
    String serviceLabel = null;
    for (String l : settings.serviceLabels()) {
      String v = labels.get(l);
      if (v != null && !v.isEmpty()) {
        serviceLabel = l;
        break;
      }
    }
    String service;
    if (serviceLabel != null) {
      service = TelemetryLimits.normalizeId("service_id", labels.get(serviceLabel));
    } else {
      service =
          settings
              .defaultService()
              .orElseThrow(
                  () ->
                      new InvalidTelemetryException(
                          "service_id",
                          "series "
                              + metric
                              + labels
                              + " has none of the labels "
                              + settings.serviceLabels()
                              + " that name its service; add one with relabelling or set"
                              + " receivers.remote_write.default_service"));
    }
    Map<String, String> rest = new TreeMap<>(labels);
    rest.remove("__name__");
    if (serviceLabel != null) rest.remove(serviceLabel);
    return new SeriesKey(service, metric, rest);
  }

  private static ApiError unsupported(String message) {
    return new ApiError(415, "unsupported_media_type", message, null, List.of(), Map.of());
  }
}
