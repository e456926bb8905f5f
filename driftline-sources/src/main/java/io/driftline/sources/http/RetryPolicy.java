package io.driftline.sources.http;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How a source retries: at most {@code maxAttempts} tries of one request, each bounded by {@code
 * requestTimeout}; between tries an exponential backoff with full jitter (a uniform delay in {@code
 * [0, min(maxBackoff, initialBackoff * 2^retry))}, as in the AWS Architecture Blog's "Exponential
 * Backoff And Jitter"), unless the server names its own delay with {@code Retry-After}, which is
 * honoured up to {@code maxRetryAfter}.
 */
public record RetryPolicy(
    int maxAttempts,
    Duration initialBackoff,
    Duration maxBackoff,
    Duration requestTimeout,
    Duration maxRetryAfter) {

  /** Four tries, 200 ms doubling to 10 s, 10 s per request, a server may ask for up to 60 s. */
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(
          4,
          Duration.ofMillis(200),
          Duration.ofSeconds(10),
          Duration.ofSeconds(10),
          Duration.ofSeconds(60));

  public RetryPolicy {
    if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be >= 1");
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
    if (requestTimeout.isZero() || requestTimeout.isNegative()) {
      throw new IllegalArgumentException("requestTimeout must be positive");
    }
  }

  /** The delay before retry number {@code retry} (0 for the first retry), jittered. */
  public Duration backoff(int retry, RandomGenerator random) {
    long cap = maxBackoff.toMillis();
    long base = initialBackoff.toMillis();
    long ceiling = retry >= 62 || base << Math.min(retry, 62) > cap ? cap : base << retry;
    ceiling = Math.min(cap, Math.max(ceiling, 0));
    return Duration.ofMillis(ceiling == 0 ? 0 : random.nextLong(ceiling + 1));
  }
}
