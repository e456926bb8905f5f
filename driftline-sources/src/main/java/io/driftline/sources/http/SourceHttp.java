package io.driftline.sources.http;

import io.driftline.sources.SourceException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * The HTTP client every pull source shares: per-request timeout, retries with exponential backoff
 * and jitter on connection failures and on {@code 429}, {@code 500}, {@code 502}, {@code 503} and
 * {@code 504}, and {@code Retry-After} (seconds or an HTTP date) honoured. Any other non-2xx answer
 * fails at once. Error messages name the source, the method and the URL without its query string
 * (where APIs put keys), never a header.
 */
public final class SourceHttp {
  /** Waits between tries; tests pass one that records instead of sleeping. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  private static final Set<Integer> RETRYABLE = Set.of(429, 500, 502, 503, 504);
  private static final int BODY_IN_MESSAGE = 300;

  private final String source;
  private final HttpClient client;
  private final RetryPolicy policy;
  private final Sleeper sleeper;
  private final RandomGenerator random;
  private final Clock clock;

  public SourceHttp(
      String source,
      HttpClient client,
      RetryPolicy policy,
      Sleeper sleeper,
      RandomGenerator random,
      Clock clock) {
    this.source = source;
    this.client = client;
    this.policy = policy;
    this.sleeper = sleeper;
    this.random = random;
    this.clock = clock;
  }

  /** A client with its own connection pool, real sleeps and the system clock. */
  public static SourceHttp create(String source, RetryPolicy policy) {
    HttpClient client =
        HttpClient.newBuilder()
            .connectTimeout(policy.requestTimeout())
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    return new SourceHttp(
        source,
        client,
        policy,
        d -> Thread.sleep(d.toMillis()),
        new SplittableRandom(),
        Clock.systemUTC());
  }

  public RetryPolicy policy() {
    return policy;
  }

  /**
   * Sends the request built by {@code request} (built anew for each try, with the policy's timeout)
   * and returns the first 2xx answer.
   */
  public HttpResponse<String> send(HttpRequest.Builder request) throws SourceException {
    SourceException last = null;
    for (int attempt = 1; attempt <= policy.maxAttempts(); attempt++) {
      HttpRequest built = request.copy().timeout(policy.requestTimeout()).build();
      Optional<Duration> serverDelay = Optional.empty();
      try {
        HttpResponse<String> response = client.send(built, HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        if (status >= 200 && status < 300) return response;
        last =
            new SourceException(
                describe(built)
                    + " answered "
                    + status
                    + (attempt > 1 ? " on try " + attempt : "")
                    + bodyExcerpt(response.body()),
                OptionalInt.of(status),
                null);
        if (!RETRYABLE.contains(status)) throw last;
        serverDelay = retryAfter(response);
        if (serverDelay.isPresent() && serverDelay.get().compareTo(policy.maxRetryAfter()) > 0) {
          throw new SourceException(
              describe(built)
                  + " answered "
                  + status
                  + " asking to retry after "
                  + serverDelay.get().toSeconds()
                  + " s, longer than the "
                  + policy.maxRetryAfter().toSeconds()
                  + " s allowed",
              OptionalInt.of(status),
              null);
        }
      } catch (IOException e) {
        last =
            new SourceException(
                describe(built) + " failed: " + e.getClass().getSimpleName() + message(e), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SourceException(describe(built) + " was interrupted", e);
      }
      if (attempt == policy.maxAttempts()) break;
      int retry = attempt - 1;
      Duration delay = serverDelay.orElseGet(() -> policy.backoff(retry, random));
      try {
        sleeper.sleep(delay);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SourceException(describe(built) + " was interrupted while backing off", e);
      }
    }
    throw new SourceException(
        last.getMessage() + " (gave up after " + policy.maxAttempts() + " tries)",
        last.status(),
        last.getCause());
  }

  private String describe(HttpRequest request) {
    URI uri = request.uri();
    String where =
        uri.getScheme() + "://" + uri.getAuthority() + (uri.getPath() == null ? "" : uri.getPath());
    return source + ": " + request.method() + " " + where;
  }

  private static String message(IOException e) {
    return e.getMessage() == null ? "" : " (" + e.getMessage() + ")";
  }

  private static String bodyExcerpt(String body) {
    if (body == null || body.isBlank()) return "";
    String flat = body.strip().replaceAll("\\s+", " ");
    if (flat.length() > BODY_IN_MESSAGE) flat = flat.substring(0, BODY_IN_MESSAGE) + "...";
    return ": " + flat;
  }

  /** {@code Retry-After} as delay-seconds or an HTTP date (RFC 9110 section 10.2.3). */
  Optional<Duration> retryAfter(HttpResponse<?> response) {
    Optional<String> header = response.headers().firstValue("Retry-After");
    if (header.isEmpty()) return Optional.empty();
    String value = header.get().strip();
    try {
      long seconds = Long.parseLong(value);
      return Optional.of(Duration.ofSeconds(Math.max(0, seconds)));
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration until = Duration.between(clock.instant(), at);
        return Optional.of(until.isNegative() ? Duration.ZERO : until);
      } catch (DateTimeParseException unreadable) {
        return Optional.empty();
      }
    }
  }
}
