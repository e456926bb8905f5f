package io.driftline.server.config;

import io.driftline.detect.Detector;
import io.driftline.detect.DetectorSelector;
import io.driftline.detect.Detectors;
import io.driftline.detect.WarmupDetector;
import io.driftline.detect.ZScoreRules;
import io.driftline.detect.ZScoreRulesDetector;
import io.driftline.drift.DriftSettings;
import io.driftline.ingest.IngestSettings;
import io.driftline.server.notify.NotifySettings;
import io.driftline.sources.hawkeye.HawkeyeSettings;
import io.driftline.sources.kubernetes.KubernetesSourceSettings;
import io.driftline.sources.newrelic.NewRelicSettings;
import io.driftline.sources.otlp.OtlpSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The typed configuration of the whole service, built from the flat key map. */
public record DriftlineConfig(
    Server server,
    Storage storage,
    Retention retention,
    Ingest ingest,
    ZScoreRules detection,
    DriftSettings drift,
    Logging logging,
    String detector,
    String detectorOverrides,
    OtlpSettings otlp,
    Optional<NewRelicSettings> newRelic,
    Optional<HawkeyeSettings> hawkeye,
    KubernetesSourceSettings eks,
    NotifySettings alerting,
    io.driftline.server.forecast.ForecastSettings forecasting,
    Sources sources,
    RemoteWrite remoteWrite,
    ConfigDriftSettings configDrift,
    io.driftline.health.GoldenSignals goldenSignals) {

  /**
   * The detector the service runs: the DriftWatch rules with the {@code detection.*} thresholds, or
   * another detector of {@link Detectors} by name with its own zero-configuration defaults, held in
   * INSUFFICIENT_DATA for the first {@code detection.warmup} samples of a series as the rules are.
   */
  public Detector newDetector() {
    return detectorNamed(detector).orElseThrow();
  }

  /**
   * The detector of each metric: {@link #newDetector()}, except for the metrics named in {@code
   * detection.overrides}.
   */
  public DetectorSelector newDetectors() {
    return new DetectorSelector(
        newDetector(), DetectorSelector.parseOverrides(detectorOverrides, this::detectorNamed));
  }

  private Optional<Detector> detectorNamed(String name) {
    return name.equals(ZScoreRulesDetector.NAME)
        ? Optional.of(new ZScoreRulesDetector(detection))
        : Detectors.byName(name).map(d -> new WarmupDetector(d, detection.warmup()));
  }

  /**
   * {@code referenceEndpoint}: serve {@code POST /bench/empty}, the HTTP stack's cost of an ingest
   * request without the ingest (docs/benchmarks.md).
   */
  public record Server(String host, int port, long maxBodyBytes, boolean referenceEndpoint) {}

  public enum StorageType {
    SQLITE,
    MEMORY
  }

  public record Storage(StorageType type, Path dataDir) {}

  /** {@code transitions} empty means the audit trail is kept forever. */
  public record Retention(Duration samples, Optional<Duration> transitions, Duration interval) {}

  public record Ingest(IngestSettings pipeline, Duration maxFutureSkew, int maxBatchItems) {}

  public enum LogFormat {
    TEXT,
    JSON
  }

  public record Logging(LogFormat format, String level) {}

  /**
   * The pull sources' settings by source name ({@code sources.<name>.*}), the longest window one
   * pull may ask for, and whether this node's scheduler pulls on its own.
   */
  public record Sources(Map<String, SourceSettings> byName, Duration maxWindow, boolean schedule) {
    public Sources {
      byName = Map.copyOf(byName);
    }

    public SourceSettings of(String name) {
      SourceSettings s = byName.get(name);
      if (s == null) throw new IllegalArgumentException("no settings for source " + name);
      return s;
    }

    static Sources from(Map<String, String> values, Reader r) {
      Map<String, SourceSettings> byName = new java.util.LinkedHashMap<>();
      for (String name : ConfigKeys.SOURCES) {
        String prefix = "sources." + name + ".";
        Map<String, String> own = new java.util.HashMap<>();
        values.forEach(
            (k, v) -> {
              if (k.startsWith(prefix)) own.put(k, v);
            });
        SourceSettings settings = new SourceSettings(name, own);
        settings.validate();
        byName.put(name, settings);
      }
      return new Sources(byName, r.duration("sources.max_window"), r.bool("sources.schedule"));
    }
  }

  /**
   * Prometheus remote-write: which labels name a series' service (first present wins), the service
   * of series with none of them (empty: such a request is refused), and which series are also pod
   * rows.
   */
  public record RemoteWrite(
      List<String> serviceLabels,
      Optional<String> defaultService,
      io.driftline.sources.remotewrite.PodSignalRules podRows) {
    public RemoteWrite {
      serviceLabels = List.copyOf(serviceLabels);
    }
  }

  static DriftlineConfig from(Map<String, String> v) {
    var r = new Reader(v);
    try {
      return new DriftlineConfig(
          new Server(
              r.text("server.host"),
              r.port("server.port"),
              r.positiveLong("server.max_body_bytes"),
              r.bool("server.reference_endpoint")),
          new Storage(
              r.enumValue("storage.type", StorageType.class), Path.of(r.text("storage.data_dir"))),
          new Retention(
              r.duration("retention.samples"),
              r.text("retention.transitions").equals("forever")
                  ? Optional.empty()
                  : Optional.of(r.duration("retention.transitions")),
              r.duration("retention.interval")),
          new Ingest(
              new IngestSettings(
                  r.positiveInt("ingest.shards"),
                  r.positiveInt("ingest.queue_capacity"),
                  r.positiveInt("ingest.max_commit_samples"),
                  r.duration("ingest.checkpoint_interval"),
                  r.durationOrZero("ingest.group_commit_window")),
              r.duration("ingest.max_future_skew"),
              r.positiveInt("ingest.max_batch_items")),
          new ZScoreRules(
              r.positiveInt("detection.warmup"),
              r.positiveDouble("detection.severe_z"),
              r.positiveInt("detection.severe_count"),
              r.positiveDouble("detection.moderate_z"),
              r.positiveInt("detection.moderate_count"),
              r.positiveInt("detection.moderate_window"),
              r.positiveDouble("detection.recovery_z"),
              r.positiveInt("detection.recovery_count"),
              r.positiveInt("detection.baseline_window")),
          new DriftSettings(
              r.text("drift.env"),
              DriftSettings.parseCategories(r.text("drift.categories")),
              r.positiveDouble("drift.major_z"),
              r.positiveDouble("drift.critical_z"),
              r.duration("drift.major_after"),
              r.duration("drift.critical_after"),
              r.duration("drift.cause_window")),
          new Logging(r.enumValue("logging.format", LogFormat.class), r.logLevel("logging.level")),
          r.detector("detection.detector"),
          r.overrides("detection.overrides"),
          new OtlpSettings(
              r.text("otlp.service_attribute"),
              r.duration("ingest.max_future_skew"),
              r.positiveInt("otlp.max_streams")),
          SaasSourceConfig.newRelic(v),
          SaasSourceConfig.hawkeye(v),
          eks(r),
          NotifySettings.from(v),
          io.driftline.server.forecast.ForecastSettings.from(v),
          Sources.from(v, r),
          new RemoteWrite(
              java.util.Arrays.stream(r.text("receivers.remote_write.service_labels").split(","))
                  .map(String::strip)
                  .filter(l -> !l.isEmpty())
                  .toList(),
              Optional.ofNullable(v.get("receivers.remote_write.default_service"))
                  .map(String::strip)
                  .filter(d -> !d.isEmpty()),
              r.podSignalRules(
                  "receivers.remote_write.pod_signals", "receivers.remote_write.cluster_id")),
          ConfigDriftSettings.from(v),
          r.goldenSignals("detection.multivariate", "detection.multivariate_metrics"));
    } catch (IllegalArgumentException e) {
      if (e instanceof ConfigException) throw e;
      throw new ConfigException("invalid configuration: " + e.getMessage());
    }
  }

  /** {@code sources.eks.*}: the Kubernetes / EKS source (off unless a cluster is named). */
  private static KubernetesSourceSettings eks(Reader r) {
    boolean inCluster = r.bool("sources.eks.in_cluster");
    Optional<Path> kubeconfig = r.optionalText("sources.eks.kubeconfig").map(Path::of);
    if (inCluster && kubeconfig.isPresent()) {
      throw new ConfigException(
          "sources.eks.in_cluster and sources.eks.kubeconfig exclude each other: set one of them");
    }
    return new KubernetesSourceSettings(
        inCluster,
        kubeconfig,
        r.optionalText("sources.eks.context"),
        r.optionalUrl("sources.eks.metrics_endpoint"),
        r.text("sources.eks.node_group_label"),
        r.positiveInt("sources.eks.page_size"),
        r.duration("sources.eks.connect_timeout"),
        r.duration("sources.eks.request_timeout"),
        r.nonNegativeInt("sources.eks.max_retries"),
        r.duration("sources.eks.retry_backoff"));
  }

  /** Typed reads of the flat map; every error names the key and the value. */
  private record Reader(Map<String, String> values) {
    String text(String key) {
      String value = values.get(key);
      if (value == null || value.isBlank()) throw new ConfigException(key + " must not be empty");
      return value.strip();
    }

    boolean bool(String key) {
      String value = text(key).toLowerCase(Locale.ROOT);
      if (value.equals("true")) return true;
      if (value.equals("false")) return false;
      throw bad(key, "must be true or false");
    }

    Optional<String> optionalText(String key) {
      String value = values.getOrDefault(key, "").strip();
      return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    /** An absolute http(s) URL, or empty. */
    Optional<java.net.URI> optionalUrl(String key) {
      Optional<String> value = optionalText(key);
      if (value.isEmpty()) return Optional.empty();
      try {
        java.net.URI uri = new java.net.URI(value.get());
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
          return Optional.of(uri);
        }
      } catch (java.net.URISyntaxException e) {
        // reported below
      }
      throw bad(key, "must be an http(s) URL such as http://127.0.0.1:8001");
    }

    int nonNegativeInt(String key) {
      try {
        long value = Long.parseLong(text(key));
        if (value < 0 || value > Integer.MAX_VALUE) throw bad(key, "must be a whole number >= 0");
        return (int) value;
      } catch (NumberFormatException e) {
        throw bad(key, "must be a whole number >= 0");
      }
    }

    int positiveInt(String key) {
      long value = positiveLong(key);
      if (value > Integer.MAX_VALUE) throw bad(key, "must be at most " + Integer.MAX_VALUE);
      return (int) value;
    }

    long positiveLong(String key) {
      try {
        long value = Long.parseLong(text(key));
        if (value <= 0) throw bad(key, "must be > 0");
        return value;
      } catch (NumberFormatException e) {
        throw bad(key, "must be a whole number");
      }
    }

    /** 0 asks the system for any free port (tests do). */
    int port(String key) {
      try {
        long port = Long.parseLong(text(key));
        if (port < 0 || port > 65_535) throw bad(key, "must be a port number 0-65535");
        return (int) port;
      } catch (NumberFormatException e) {
        throw bad(key, "must be a port number 0-65535");
      }
    }

    double positiveDouble(String key) {
      try {
        double value = Double.parseDouble(text(key));
        if (!(value > 0) || Double.isInfinite(value)) throw bad(key, "must be a number > 0");
        return value;
      } catch (NumberFormatException e) {
        throw bad(key, "must be a number");
      }
    }

    Duration duration(String key) {
      try {
        Duration d = Durations.parse(text(key));
        if (d.isZero() || d.isNegative()) throw bad(key, "must be > 0");
        return d;
      } catch (IllegalArgumentException e) {
        if (e instanceof ConfigException) throw e;
        throw bad(key, "must be a duration such as 500ms, 10s, 5m, 1h, 7d or PT1H");
      }
    }

    Duration durationOrZero(String key) {
      try {
        Duration d = Durations.parse(text(key));
        if (d.isNegative()) throw bad(key, "must be >= 0");
        return d;
      } catch (IllegalArgumentException e) {
        if (e instanceof ConfigException) throw e;
        throw bad(key, "must be a duration such as 0, 500us, 1ms or 2ms");
      }
    }

    <E extends Enum<E>> E enumValue(String key, Class<E> type) {
      String value = text(key);
      try {
        return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw bad(
            key,
            "must be one of "
                + java.util.Arrays.stream(type.getEnumConstants())
                    .map(c -> c.name().toLowerCase(Locale.ROOT))
                    .toList());
      }
    }

    io.driftline.sources.remotewrite.PodSignalRules podSignalRules(String key, String clusterKey) {
      try {
        return io.driftline.sources.remotewrite.PodSignalRules.parse(
            values.getOrDefault(key, ""), text(clusterKey));
      } catch (IllegalArgumentException e) {
        if (e instanceof ConfigException) throw e;
        throw new ConfigException(key + ": " + e.getMessage());
      }
    }

    String detector(String key) {
      String name = text(key).toLowerCase(Locale.ROOT);
      if (Detectors.byName(name).isEmpty()) throw bad(key, "must be one of " + Detectors.names());
      return name;
    }

    /** {@code metric=detector} pairs, possibly none; every detector name must be known. */
    String overrides(String key) {
      String value = values.getOrDefault(key, "").strip();
      try {
        DetectorSelector.parseOverrides(value, Detectors::byName);
      } catch (IllegalArgumentException e) {
        throw bad(key, e.getMessage());
      }
      return value;
    }

    /** {@code off}, or the isolation forest over the metrics of {@code metricsKey}. */
    io.driftline.health.GoldenSignals goldenSignals(String key, String metricsKey) {
      String mode = text(key).toLowerCase(Locale.ROOT);
      if (mode.equals("off")) return io.driftline.health.GoldenSignals.OFF;
      if (!mode.equals(io.driftline.detect.IsolationForestDetector.NAME)) {
        throw bad(key, "must be off or " + io.driftline.detect.IsolationForestDetector.NAME);
      }
      try {
        return io.driftline.health.GoldenSignals.parse(
            text(metricsKey), io.driftline.detect.IsolationForestDetector.Settings.DEFAULTS);
      } catch (IllegalArgumentException e) {
        if (e instanceof ConfigException) throw e;
        throw bad(metricsKey, e.getMessage());
      }
    }

    String logLevel(String key) {
      String value = text(key).toLowerCase(Locale.ROOT);
      if (!java.util.Set.of("error", "warn", "info", "debug", "trace").contains(value)) {
        throw bad(key, "must be one of error, warn, info, debug, trace");
      }
      return value;
    }

    private ConfigException bad(String key, String why) {
      return new ConfigException(key + " " + why + " but was '" + values.get(key) + "'");
    }
  }
}
