package io.driftline.server.notify;

import io.driftline.sources.SourceException;
import io.driftline.sources.http.SourceHttp;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * POSTs JSON to one receiver URL through {@link SourceHttp} (retries, backoff with jitter,
 * Retry-After). When the URL's path is a secret, as in Slack incoming webhooks whose path is the
 * token, every error message has the path replaced by {@code /***} before it can reach a log.
 */
final class ReceiverHttp {
  static final String REDACTED = "/***";

  private final SourceHttp http;
  private final URI uri;
  private final boolean secretPath;
  private final Map<String, String> headers;

  ReceiverHttp(SourceHttp http, URI uri, boolean secretPath) {
    this(http, uri, secretPath, Map.of());
  }

  /** {@code headers} (e.g. Authorization) are sent with every request and never shown. */
  ReceiverHttp(SourceHttp http, URI uri, boolean secretPath, Map<String, String> headers) {
    this.http = http;
    this.uri = uri;
    this.secretPath = secretPath;
    this.headers = Map.copyOf(headers);
  }

  /** Sends {@code json}; returns the 2xx answer's body. */
  String postJson(String json) throws SourceException {
    var request =
        HttpRequest.newBuilder(uri)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
    headers.forEach(request::header);
    try {
      return http.send(request).body();
    } catch (SourceException e) {
      if (!secretPath) throw e;
      // the cause is dropped: an I/O exception's text is not ours to vouch for
      throw new SourceException(redact(e.getMessage()), e.status(), null);
    }
  }

  /** What a log may show of the URL: scheme and host, the path only when it is not secret. */
  String describe() {
    return uri.getScheme() + "://" + uri.getAuthority() + (secretPath ? REDACTED : uri.getPath());
  }

  String redact(String message) {
    String out = message;
    for (String path : new String[] {uri.getRawPath(), uri.getPath()}) {
      if (path != null && path.length() > 1) out = out.replace(path, REDACTED);
    }
    return out;
  }
}
