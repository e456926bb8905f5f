package io.driftline.server.notify;

import io.driftline.server.config.ConfigException;
import io.driftline.server.config.Durations;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code notify.*} keys, typed: which receivers are on (a receiver is on when its URL is set),
 * what each gets, and how delivery retries. Errors name the key; they never echo a URL, since the
 * Slack webhook URL is a credential.
 *
 * @param alertmanagerResendInterval how often firing alerts are posted again
 * @param webhookAuthorization value of the {@code Authorization} header sent to the webhook
 */
public record NotifySettings(
    int queueCapacity,
    int maxAttempts,
    Duration timeout,
    Duration reconcileInterval,
    Optional<Target> alertmanager,
    Duration alertmanagerResendInterval,
    Optional<Target> webhook,
    Optional<String> webhookAuthorization,
    Optional<Target> slack) {

  /** Where one receiver is and what it gets. */
  public record Target(URI url, NotificationRoute route) {
    /** Scheme and host only: paths and queries of webhook URLs are often credentials. */
    @Override
    public String toString() {
      return "Target[" + url.getScheme() + "://" + url.getAuthority() + ", " + route + "]";
    }
  }

  @Override
  public String toString() {
    return "NotifySettings[alertmanager="
        + alertmanager
        + ", webhook="
        + webhook
        + ", slack="
        + slack
        + "]";
  }

  public boolean anyReceiver() {
    return alertmanager.isPresent() || webhook.isPresent() || slack.isPresent();
  }

  /** Reads the {@code notify.*} keys of the flat configuration (defaults already filled in). */
  public static NotifySettings from(Map<String, String> values) {
    var r = new Values(values);
    return new NotifySettings(
        r.positiveInt("notify.queue_capacity"),
        r.positiveInt("notify.max_attempts"),
        r.duration("notify.timeout"),
        r.duration("notify.reconcile_interval"),
        r.target("notify.alertmanager.url", "notify.alertmanager"),
        r.duration("notify.alertmanager.resend_interval"),
        r.target("notify.webhook.url", "notify.webhook"),
        r.optional("notify.webhook.authorization"),
        r.target("notify.slack.webhook_url", "notify.slack"));
  }

  private record Values(Map<String, String> values) {
    Optional<String> optional(String key) {
      String value = values.getOrDefault(key, "").strip();
      return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    String required(String key) {
      return optional(key).orElseThrow(() -> new ConfigException(key + " must not be empty"));
    }

    int positiveInt(String key) {
      String text = required(key);
      try {
        int value = Integer.parseInt(text);
        if (value > 0) return value;
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new ConfigException(key + " must be a whole number > 0 but was '" + text + "'");
    }

    Duration duration(String key) {
      String text = required(key);
      try {
        Duration d = Durations.parse(text);
        if (!d.isZero() && !d.isNegative()) return d;
      } catch (IllegalArgumentException e) {
        // reported below
      }
      throw new ConfigException(
          key + " must be a duration > 0 such as 10s, 1m or PT1M but was '" + text + "'");
    }

    Optional<Target> target(String urlKey, String prefix) {
      // routes are checked even while the receiver is off, so a typo shows before it matters
      var route =
          new NotificationRoute(
              parsed(prefix + ".min_severity", NotificationRoute::parseSeverity),
              parsed(prefix + ".categories", NotificationRoute::parseCategories));
      Optional<String> url = optional(urlKey);
      if (url.isEmpty()) return Optional.empty();
      URI uri;
      try {
        uri = new URI(url.get());
      } catch (URISyntaxException e) {
        throw new ConfigException(urlKey + " is not a valid URL (value not shown)");
      }
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          || uri.getHost() == null) {
        throw new ConfigException(
            urlKey + " must be an absolute http:// or https:// URL (value not shown)");
      }
      return Optional.of(new Target(uri, route));
    }

    private <T> T parsed(String key, java.util.function.Function<String, T> parser) {
      try {
        return parser.apply(values.getOrDefault(key, ""));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(key + ": " + e.getMessage());
      }
    }
  }
}
