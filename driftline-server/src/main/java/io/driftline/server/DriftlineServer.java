package io.driftline.server;

import io.driftline.drift.DriftTracker;
import io.driftline.ingest.Ingestor;
import io.driftline.ingest.RetentionJob;
import io.driftline.server.capacity.CapacityRoutes;
import io.driftline.server.change.ConfigHistoryRoutes;
import io.driftline.server.config.DriftlineConfig;
import io.driftline.server.configdrift.ConfigDrift;
import io.driftline.server.docs.DocsRoutes;
import io.driftline.server.drift.DriftEventRoutes;
import io.driftline.server.drift.RecommendationRoutes;
import io.driftline.server.forecast.CapacityRiskJob;
import io.driftline.server.forecast.ForecastRoutes;
import io.driftline.server.forecast.ForecastService;
import io.driftline.server.health.HealthRoutes;
import io.driftline.server.http.HttpApi;
import io.driftline.server.http.Route;
import io.driftline.server.ingest.IngestRoutes;
import io.driftline.server.ingest.RemoteWriteRoutes;
import io.driftline.server.ingest.SourceRegistry;
import io.driftline.server.ingest.SourceRuns;
import io.driftline.server.ingest.SourceScheduler;
import io.driftline.server.ingest.TelemetryWriter;
import io.driftline.server.notify.AlertDelivery;
import io.driftline.server.system.ReferenceRoutes;
import io.driftline.server.system.SystemRoutes;
import io.driftline.server.telemetry.OtlpRoutes;
import io.driftline.server.telemetry.PodMetricDecoder;
import io.driftline.server.telemetry.PodMetricRoutes;
import io.driftline.server.telemetry.TelemetryDecoder;
import io.driftline.server.telemetry.TelemetryRoutes;
import io.driftline.sources.otlp.OtlpMetricsConverter;
import io.driftline.storage.InMemoryStorage;
import io.driftline.storage.StorageComponent;
import io.driftline.storage.sqlite.SqliteStorage;
import io.javalin.Javalin;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires one Driftline node: storage, the ingest pipeline, the HTTP API, metrics and the retention
 * job. {@link #start()} opens and restores; {@link #close()} stops in reverse order, committing and
 * checkpointing what is queued.
 */
public final class DriftlineServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DriftlineServer.class);

  private final DriftlineConfig config;
  private final Clock clock;
  private final StorageComponent storage;
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Ingestor ingestor;
  private final DriftTracker drift;
  private final OtlpMetricsConverter otlpConverter;
  private final AlertDelivery alerts;
  private final ForecastService forecasts;
  private final TelemetryWriter writer;
  private final SourceRuns sourceRuns;
  private final SourceScheduler sourceScheduler;
  private final ConfigDrift configDrift;
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          r -> Thread.ofPlatform().daemon().name("driftline-retention").unstarted(r));
  private Javalin http;

  public DriftlineServer(DriftlineConfig config, Clock clock) {
    this(config, clock, openStorage(config));
  }

  /**
   * A server on a storage the caller made, e.g. one whose writes a test holds back. The server owns
   * it from here on and closes it; {@code storage.type} then only decides whether the data dir is
   * created.
   */
  public DriftlineServer(DriftlineConfig config, Clock clock, StorageComponent storage) {
    this(config, clock, storage, SourceRegistry.fromConfig(config));
  }

  /** As above, with the pull sources given (tests put their own in); the server closes them. */
  public DriftlineServer(
      DriftlineConfig config, Clock clock, StorageComponent storage, SourceRegistry sources) {
    this.config = config;
    this.clock = clock;
    this.alerts =
        AlertDelivery.create(
            config.alerting(),
            storage,
            // receivers judge startsAt/endsAt and Retry-After by their wall clocks, not ours
            Clock.systemUTC(),
            registry,
            config.storage().type() == DriftlineConfig.StorageType.SQLITE
                ? Optional.of(config.storage().dataDir())
                : Optional.empty());
    // from here on `storage` reports every drift event written (tracker, routes, engines)
    storage = alerts.observe(storage);
    this.storage = storage;
    this.drift = new DriftTracker(storage, config.drift(), clock);
    this.otlpConverter = new OtlpMetricsConverter(config.otlp(), clock);
    this.forecasts = new ForecastService(storage, clock);
    this.ingestor =
        new Ingestor(
            storage,
            config.newDetectors(),
            config.goldenSignals(),
            config.ingest().pipeline(),
            clock,
            new MicrometerIngestObserver(registry),
            drift);
    this.writer = new TelemetryWriter(ingestor, drift, storage);
    this.sourceRuns = new SourceRuns(sources, writer, clock, registry);
    this.sourceScheduler = new SourceScheduler(sourceRuns, clock);
    this.configDrift = new ConfigDrift(config.configDrift(), storage, drift, clock);
  }

  public DriftlineServer start() {
    if (config.storage().type() == DriftlineConfig.StorageType.SQLITE) {
      try {
        Files.createDirectories(config.storage().dataDir());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create data dir " + config.storage().dataDir(), e);
      }
    }
    bindMetrics();
    ingestor.start();
    alerts.start();
    var retention = config.retention();
    long every = retention.interval().toMillis();
    scheduler.scheduleWithFixedDelay(
        new RetentionJob(storage, clock, retention.samples(), retention.transitions()),
        every,
        every,
        TimeUnit.MILLISECONDS);
    var forecasting = config.forecasting();
    forecasting
        .riskInterval()
        .ifPresent(
            risk ->
                scheduler.scheduleWithFixedDelay(
                    capacityRiskJob()::runOnce,
                    Math.min(risk.toMillis(), 60_000),
                    risk.toMillis(),
                    TimeUnit.MILLISECONDS));
    configDrift.start();
    http =
        HttpApi.create(routes(), config.server().maxBodyBytes())
            .start(config.server().host(), config.server().port());
    sourceScheduler.start();
    LOG.info(
        "Driftline {} listening on http://{}:{} (storage: {}, docs: /docs)",
        version(),
        config.server().host(),
        http.port(),
        describeStorage());
    return this;
  }

  /** The job that turns forecasts into CAPACITY_RISK events (also run by tests on demand). */
  public CapacityRiskJob capacityRiskJob() {
    var f = config.forecasting();
    return new CapacityRiskJob(
        storage,
        forecasts,
        f.policy(),
        f.minConfidence(),
        f.thresholds(),
        f.model(),
        config.drift().env(),
        clock);
  }

  /** Every route the server serves. */
  public List<Route> routes() {
    TelemetryDecoder decoder =
        new TelemetryDecoder(
            clock, config.ingest().maxFutureSkew(), config.ingest().maxBatchItems());
    List<Route> routes = new ArrayList<>();
    routes.addAll(
        new TelemetryRoutes(writer, decoder, config.server().maxBodyBytes(), registry).routes());
    routes.addAll(
        new PodMetricRoutes(
                writer,
                storage.podMetrics(),
                new PodMetricDecoder(
                    clock,
                    config.ingest().maxFutureSkew(),
                    config.retention().samples(),
                    config.ingest().maxBatchItems()),
                clock,
                config.server().maxBodyBytes())
            .routes());
    routes.addAll(
        new DriftEventRoutes(drift, storage.driftEvents(), config.server().maxBodyBytes())
            .routes());
    routes.addAll(
        new RecommendationRoutes(
                drift, storage.recommendations(), clock, config.server().maxBodyBytes())
            .routes());
    routes.addAll(
        new ConfigHistoryRoutes(drift, storage.configHistory(), config.server().maxBodyBytes())
            .routes());
    routes.addAll(
        new CapacityRoutes(
                storage.capacity(),
                clock,
                config.ingest().maxFutureSkew(),
                config.server().maxBodyBytes())
            .routes());
    routes.addAll(
        new OtlpRoutes(writer, otlpConverter, config.server().maxBodyBytes(), registry).routes());
    routes.addAll(
        new ForecastRoutes(forecasts, config.forecasting().model(), config.forecasting().policy())
            .routes());
    routes.addAll(configDrift.routes(config.server().maxBodyBytes()));
    routes.addAll(new HealthRoutes(ingestor, storage).routes());
    routes.addAll(new SystemRoutes(ingestor, storage, registry, clock, version()).routes());
    if (config.server().referenceEndpoint()) {
      routes.addAll(new ReferenceRoutes(config.server().maxBodyBytes()).routes());
    }
    routes.addAll(new DocsRoutes(version()).routes());
    routes.addAll(
        new IngestRoutes(sourceRuns, sourceScheduler, clock, config.server().maxBodyBytes())
            .routes());
    routes.addAll(
        new RemoteWriteRoutes(
                writer,
                config.remoteWrite(),
                clock,
                config.ingest().maxFutureSkew(),
                config.ingest().maxBatchItems(),
                config.server().maxBodyBytes())
            .routes());
    return routes;
  }

  private void bindMetrics() {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    Gauge.builder("driftline.ingest.queue.depth", ingestor, Ingestor::queueDepth)
        .description("samples accepted and not yet committed")
        .register(registry);
    Gauge.builder("driftline.series", ingestor, Ingestor::seriesCount)
        .description("series with detection state")
        .register(registry);
    Gauge.builder("driftline.services", ingestor, Ingestor::serviceCount)
        .description("services with detection state")
        .register(registry);
  }

  public int port() {
    return http.port();
  }

  public Ingestor ingestor() {
    return ingestor;
  }

  public StorageComponent storage() {
    return storage;
  }

  /** Pulls the configured sources on their intervals; tests drive it with {@code runDue()}. */
  public SourceScheduler sourceScheduler() {
    return sourceScheduler;
  }

  public ConfigDrift configDrift() {
    return configDrift;
  }

  private String describeStorage() {
    return config.storage().type() == DriftlineConfig.StorageType.SQLITE
        ? "sqlite " + dbFile(config)
        : "memory (nothing survives a restart)";
  }

  private static StorageComponent openStorage(DriftlineConfig config) {
    return switch (config.storage().type()) {
      case SQLITE -> SqliteStorage.create(dbFile(config));
      case MEMORY -> new InMemoryStorage();
    };
  }

  private static java.nio.file.Path dbFile(DriftlineConfig config) {
    return config.storage().dataDir().toAbsolutePath().normalize().resolve("driftline.db");
  }

  public static String version() {
    String v = DriftlineServer.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  @Override
  public void close() {
    if (http != null) http.stop();
    sourceScheduler.close();
    sourceRuns.registry().close();
    scheduler.shutdownNow();
    configDrift.close();
    ingestor.close();
    alerts.close();
    storage.close();
    registry.close();
  }
}
