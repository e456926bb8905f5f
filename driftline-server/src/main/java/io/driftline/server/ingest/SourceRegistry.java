package io.driftline.server.ingest;

import io.driftline.server.config.ConfigKeys;
import io.driftline.server.config.DriftlineConfig;
import io.driftline.server.config.SourceSettings;
import io.driftline.sources.TelemetrySource;
import io.driftline.sources.hawkeye.HawkeyeSource;
import io.driftline.sources.kubernetes.KubernetesSource;
import io.driftline.sources.newrelic.NewRelicSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pull sources of this node by name, built from their {@code sources.<name>.*} settings when
 * the server is built. A source whose required settings are missing is registered as not
 * configured: {@code POST /api/v1/ingest/<name>} then says so instead of failing.
 *
 * <p>Adding a source is one line in {@link #fromConfig} (plus its keys in {@link ConfigKeys}):
 *
 * <pre>{@code .add("newrelic", NewRelicSources::fromSettings)}</pre>
 *
 * where the factory returns {@code Optional.empty()} when the source is not configured and throws
 * {@code ConfigException} when it is configured wrongly.
 */
public final class SourceRegistry implements AutoCloseable {
  /** Makes a source from its settings; empty when the settings leave it unconfigured. */
  @FunctionalInterface
  public interface Factory {
    Optional<TelemetrySource> create(SourceSettings settings);
  }

  /** A registered source: its settings and the source, absent when not configured. */
  public record Entry(String name, SourceSettings settings, Optional<TelemetrySource> source) {}

  private final DriftlineConfig.Sources config;
  private final Map<String, Entry> entries = new LinkedHashMap<>();

  public SourceRegistry(DriftlineConfig.Sources config) {
    this.config = config;
  }

  /** Every source Driftline knows, each made from its configuration. */
  public static SourceRegistry fromConfig(DriftlineConfig config) {
    return fromConfig(config.sources())
        .add("hawkeye", settings -> config.hawkeye().map(HawkeyeSource::create))
        .add("newrelic", settings -> config.newRelic().map(NewRelicSource::create))
        .add("eks", settings -> KubernetesSource.create(config.eks()))
        .add("prometheus", PrometheusSources::fromSettings);
  }

  /**
   * The sources with their {@code sources.<name>.*} scheduling settings only (Prometheus built).
   */
  public static SourceRegistry fromConfig(DriftlineConfig.Sources config) {
    return new SourceRegistry(config)
        .add("hawkeye", SourceRegistry::notYetBuilt)
        .add("newrelic", SourceRegistry::notYetBuilt)
        .add("eks", SourceRegistry::notYetBuilt)
        .add("prometheus", PrometheusSources::fromSettings);
  }

  /** Registers (or replaces) the source {@code name}, made now from its settings. */
  public SourceRegistry add(String name, Factory factory) {
    SourceSettings settings =
        config.byName().getOrDefault(name, new SourceSettings(name, Map.of()));
    Entry old = entries.put(name, new Entry(name, settings, factory.create(settings)));
    if (old != null) old.source().ifPresent(TelemetrySource::close);
    return this;
  }

  /** Registers (or replaces) {@code name} with a ready source, e.g. a test's. */
  public SourceRegistry add(String name, TelemetrySource source) {
    return add(name, settings -> Optional.of(source));
  }

  public List<String> names() {
    return List.copyOf(entries.keySet());
  }

  public Optional<Entry> get(String name) {
    return Optional.ofNullable(entries.get(name));
  }

  public List<Entry> entries() {
    return List.copyOf(entries.values());
  }

  public DriftlineConfig.Sources config() {
    return config;
  }

  private static Optional<TelemetrySource> notYetBuilt(SourceSettings settings) {
    return Optional.empty();
  }

  @Override
  public void close() {
    for (Entry e : entries.values()) e.source().ifPresent(TelemetrySource::close);
  }
}
