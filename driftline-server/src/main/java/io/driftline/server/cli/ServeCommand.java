package io.driftline.server.cli;

import io.driftline.server.DriftlineServer;
import io.driftline.server.config.ConfigException;
import io.driftline.server.config.ConfigLoader;
import io.driftline.server.config.DriftlineConfig;
import io.driftline.server.logging.Logging;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code driftline serve}: runs the service until interrupted. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Start the Driftline service (embedded SQLite storage by default).",
      "Configuration: defaults < --config FILE < DRIFTLINE_* environment < these options."
    })
final class ServeCommand implements Callable<Integer> {
  @Option(names = "--port", description = "HTTP port (server.port, default 8000)")
  Integer port;

  @Option(names = "--host", description = "bind address (server.host, default 0.0.0.0)")
  String host;

  @Option(names = "--data-dir", description = "storage folder (storage.data_dir, default ./data)")
  Path dataDir;

  @Option(names = "--config", description = "YAML configuration file")
  Path config;

  @Option(names = "--storage", description = "sqlite or memory (storage.type)")
  String storage;

  @Option(names = "--log-format", description = "text or json (logging.format)")
  String logFormat;

  @Override
  public Integer call() throws InterruptedException {
    DriftlineConfig cfg;
    try {
      cfg = ConfigLoader.load(Optional.ofNullable(config), System.getenv(), overrides());
    } catch (ConfigException e) {
      System.err.println("driftline: " + e.getMessage());
      return 2;
    }
    Logging.configure(cfg.logging());
    var server = new DriftlineServer(cfg, Clock.systemUTC());
    var stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "driftline-shutdown"));
    try {
      server.start();
    } catch (RuntimeException e) {
      System.err.println("driftline: cannot start: " + e.getMessage());
      return 1;
    }
    stopped.await();
    return 0;
  }

  private Map<String, String> overrides() {
    Map<String, String> o = new LinkedHashMap<>();
    if (port != null) o.put("server.port", port.toString());
    if (host != null) o.put("server.host", host);
    if (dataDir != null) o.put("storage.data_dir", dataDir.toString());
    if (storage != null) o.put("storage.type", storage);
    if (logFormat != null) o.put("logging.format", logFormat);
    return o;
  }
}
