package io.driftline.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real server started by a test as a plain process on loopback, its output in a log file, and
 * stopped by {@link #close()}. {@link #awaitHttp} polls a readiness URL: the process is not ours to
 * control, so this is the one place tests wait on wall time, bounded by a deadline.
 */
public final class ExternalProcess implements AutoCloseable {
  private final Process process;
  private final Path log;
  private final String name;

  private ExternalProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /** Starts {@code command} in {@code workDir}, stdout and stderr to {@code workDir/<name>.log}. */
  public static ExternalProcess start(String name, List<String> command, Path workDir)
      throws IOException {
    Files.createDirectories(workDir);
    Path log = workDir.resolve(name + ".log");
    Process process =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    return new ExternalProcess(name, process, log);
  }

  /** A TCP port free on 127.0.0.1 right now. */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }

  /** Waits until {@code url} answers 200, the process dies, or {@code timeout} passes. */
  public ExternalProcess awaitHttp(String url, Duration timeout) throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            name + " exited with " + process.exitValue() + " before it was ready:\n" + logTail());
      }
      try {
        HttpResponse<Void> response =
            client.send(
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) return this;
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException(
        name + " was not ready at " + url + " within " + timeout + ":\n" + logTail());
  }

  public Path log() {
    return log;
  }

  /** The last lines of the process's output, for failure messages. */
  public String logTail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
