package io.driftline.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds a server binary that tests run as a real process (Prometheus, Alertmanager, ...). {@code
 * .ci/run} installs them from Debian packages, so under {@code CI=true} a missing binary fails the
 * test; elsewhere the test is skipped with a message naming the package to install, so {@code
 * ./mvnw verify} still works on a machine that has only a JDK.
 */
public final class ExternalBinary {
  private ExternalBinary() {}

  /** The executable {@code name} on {@code PATH} or in {@code /usr/bin}, {@code /usr/sbin}. */
  public static Path require(String name, String debianPackage) {
    Optional<Path> found = find(name);
    if (found.isPresent()) return found.get();
    String message =
        name
            + " is not installed: apt-get install "
            + debianPackage
            + " (.ci/run does this when CI=true)";
    if ("true".equals(System.getenv("CI"))) throw new AssertionError(message);
    Assumptions.abort(message);
    throw new AssertionError("unreachable");
  }

  public static Optional<Path> find(String name) {
    List<String> dirs = new ArrayList<>();
    String path = System.getenv("PATH");
    if (path != null) dirs.addAll(List.of(path.split(File.pathSeparator)));
    dirs.addAll(List.of("/usr/bin", "/usr/sbin", "/usr/local/bin"));
    for (String dir : dirs) {
      if (dir.isEmpty()) continue;
      Path candidate = Path.of(dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
