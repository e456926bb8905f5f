package io.driftline.server.notify;

import io.driftline.sources.SourceException;
import java.util.List;

/**
 * Delivers drift notifications to one receiver (Alertmanager, a webhook, Slack). Implementations
 * only speak the receiver's format over HTTP, retries included; which event is sent when, and never
 * twice, is decided by the {@link NotifierChannel} that drives them.
 */
public interface Notifier {

  /** Short name for metrics and logs ({@code alertmanager}, {@code webhook}, {@code slack}). */
  String name();

  /**
   * Sends one notification, retrying transient failures.
   *
   * @throws SourceException when the receiver refused it or could not be reached; the message never
   *     contains a secret (webhook paths, tokens)
   */
  void send(Notification notification) throws SourceException;

  /**
   * Whether firing events must be sent again periodically while they fire, as Alertmanager expires
   * alerts that are not refreshed.
   */
  default boolean refreshes() {
    return false;
  }

  /** Sends every firing notification again in one go; only called when {@link #refreshes()}. */
  default void refresh(List<Notification> firing) throws SourceException {
    for (Notification n : firing) send(n);
  }
}
