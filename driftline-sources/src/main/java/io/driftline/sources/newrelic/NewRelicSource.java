package io.driftline.sources.newrelic;

import io.driftline.sources.PullRequest;
import io.driftline.sources.SourceBatch;
import io.driftline.sources.SourceException;
import io.driftline.sources.TelemetrySource;
import io.driftline.sources.http.SourceHttp;
import io.driftline.workload.PodSignal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Pod golden signals from New Relic: one NRQL query per signal ({@link NewRelicSettings#queries()})
 * through NerdGraph, as TIMESERIES FACET results mapped to pod metrics.
 *
 * <p>NRQL returns at most {@value NewRelicSettings#MAX_BUCKETS} buckets per TIMESERIES, so a long
 * window is read in chunks of that many buckets; a chunk whose query times out in NerdGraph is
 * split in halves (down to one bucket) and read again. Create it with {@link
 * #create(NewRelicSettings)}.
 */
public final class NewRelicSource implements TelemetrySource {
  private final NewRelicSettings settings;
  private final NerdGraphClient client;

  NewRelicSource(NewRelicSettings settings, NerdGraphClient client) {
    this.settings = settings;
    this.client = client;
  }

  /** A source with its own HTTP client, real sleeps and the system clock. */
  public static NewRelicSource create(NewRelicSettings settings) {
    return create(
        settings, SourceHttp.create("newrelic", settings.retry()), d -> Thread.sleep(d.toMillis()));
  }

  /** A source on the given HTTP client and sleeper (tests record sleeps instead of sleeping). */
  public static NewRelicSource create(
      NewRelicSettings settings, SourceHttp http, SourceHttp.Sleeper sleeper) {
    return new NewRelicSource(
        settings,
        new NerdGraphClient(
            http,
            settings.endpoint(),
            settings.apiKey(),
            settings.accountId(),
            sleeper,
            new SplittableRandom()));
  }

  @Override
  public String name() {
    return "newrelic";
  }

  @Override
  public SourceBatch pull(PullRequest request) throws SourceException {
    NrqlRows rows = new NrqlRows();
    long bucket = settings.bucket().toMillis();
    long start = request.start().toEpochMilli() / bucket * bucket;
    long end = request.end().toEpochMilli();
    long chunk = bucket * NewRelicSettings.MAX_BUCKETS;
    for (Map.Entry<PodSignal, String> q : settings.queries().entrySet()) {
      String nrql = q.getValue().replace("{cluster}", quote(request.clusterId()));
      for (long from = start; from < end; from += chunk) {
        read(q.getKey(), nrql, from, Math.min(end, from + chunk), rows, request);
      }
    }
    return SourceBatch.ofPodMetrics(rows.podMetrics(request.clusterId()));
  }

  private void read(
      PodSignal signal, String nrql, long from, long to, NrqlRows rows, PullRequest request)
      throws SourceException {
    try {
      rows.add(signal, client.results(nrql + timeClauses(from, to)), request);
    } catch (NerdGraphClient.NrqlTimeoutException e) {
      long bucket = settings.bucket().toMillis();
      long buckets = (to - from + bucket - 1) / bucket;
      if (buckets <= 1) {
        throw new SourceException(
            e.getMessage()
                + " for "
                + signal.field()
                + " even over one bucket from "
                + Instant.ofEpochMilli(from));
      }
      long middle = from + buckets / 2 * bucket;
      read(signal, nrql, from, middle, rows, request);
      read(signal, nrql, middle, to, rows, request);
    }
  }

  /** {@code SINCE} and {@code UNTIL} in epoch milliseconds, which NRQL accepts. */
  String timeClauses(long from, long to) {
    return " SINCE "
        + from
        + " UNTIL "
        + to
        + " TIMESERIES "
        + bucketText(settings.bucket())
        + " LIMIT MAX";
  }

  static String bucketText(Duration bucket) {
    long seconds = bucket.toSeconds();
    if (seconds % 3600 == 0) return seconds / 3600 + " hours";
    if (seconds % 60 == 0) return seconds / 60 + " minutes";
    return seconds + " seconds";
  }

  /** A single-quoted NRQL string literal. */
  static String quote(String text) {
    return text.replace("\\", "\\\\").replace("'", "\\'");
  }

  /** The signals this source asks for, in query order. */
  public List<PodSignal> signals() {
    return new ArrayList<>(settings.queries().keySet());
  }
}
