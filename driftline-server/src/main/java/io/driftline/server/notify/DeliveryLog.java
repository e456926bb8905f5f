package io.driftline.server.notify;

import com.fasterxml.jackson.core.type.TypeReference;
import io.driftline.drift.Severity;
import io.driftline.server.http.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one notifier has been told: the events it knows as firing, with the severity it was last
 * told. This is the dedup state: an event is sent again only when its severity rose or it resolved,
 * and a resolution is sent only for events the notifier saw firing.
 *
 * <p>With a file (the SQLite data dir), every change is written through (temp file and atomic
 * rename), so a restart neither repeats nor forgets notifications; a crash between a delivery and
 * its write repeats that one notification (at-least-once). Without a file (memory storage), nothing
 * survives a restart, as nothing else does.
 */
final class DeliveryLog {
  private static final Logger LOG = LoggerFactory.getLogger(DeliveryLog.class);
  private static final TypeReference<Map<String, Map<String, String>>> SHAPE =
      new TypeReference<>() {};

  private final Map<String, Severity> firing = new LinkedHashMap<>();
  private final Optional<Path> file;

  private DeliveryLog(Optional<Path> file) {
    this.file = file;
  }

  static DeliveryLog inMemory() {
    return new DeliveryLog(Optional.empty());
  }

  /** The log kept in {@code file}, read from it when it exists. */
  static DeliveryLog persistent(Path file) {
    DeliveryLog log = new DeliveryLog(Optional.of(file));
    if (!Files.exists(file)) return log;
    try {
      var stored = Json.MAPPER.readValue(Files.readAllBytes(file), SHAPE);
      stored
          .getOrDefault("firing", Map.of())
          .forEach(
              (id, severity) -> {
                try {
                  log.firing.put(id, NotificationRoute.parseSeverity(severity));
                } catch (IllegalArgumentException unknown) {
                  LOG.warn("ignoring delivery record of event {}: {}", id, unknown.getMessage());
                }
              });
    } catch (IOException e) {
      // an unreadable log must not stop the server; the cost is repeated notifications
      LOG.warn("cannot read notification log {}, starting empty: {}", file, e.getMessage());
    }
    return log;
  }

  synchronized Optional<Severity> firing(String driftId) {
    return Optional.ofNullable(firing.get(driftId));
  }

  synchronized List<String> firingIds() {
    return List.copyOf(firing.keySet());
  }

  synchronized void fired(String driftId, Severity severity) {
    firing.put(driftId, severity);
    save();
  }

  synchronized void resolved(String driftId) {
    if (firing.remove(driftId) != null) save();
  }

  private void save() {
    if (file.isEmpty()) return;
    Map<String, String> bySeverity = new LinkedHashMap<>();
    firing.forEach((id, severity) -> bySeverity.put(id, severity.wire()));
    Path target = file.get();
    try {
      Files.createDirectories(target.toAbsolutePath().getParent());
      Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
      Files.write(tmp, Json.MAPPER.writeValueAsBytes(Map.of("firing", bySeverity)));
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write notification log " + target, e);
    }
  }
}
