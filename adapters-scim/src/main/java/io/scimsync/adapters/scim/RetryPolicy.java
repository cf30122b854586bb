package io.scimsync.adapters.scim;

import io.scimsync.domain.engine.ReplyClass;
import io.scimsync.domain.engine.ReplyClassifier;
import io.scimsync.domain.engine.ScimReply;
import io.scimsync.domain.engine.ScimRequest;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * When the transport repeats a request by itself: transient replies only, a bounded number of
 * times, after exponential backoff with full jitter. Fixes W6 (authentik retried 400/401 and
 * ignored {@code Retry-After}).
 *
 * <p>Full jitter (a uniform delay in {@code [0, cap]}) rather than equal or no jitter, because
 * many writers failing together must not come back together:
 * https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/
 */
public final class RetryPolicy {
  /** Total attempts including the first. */
  public static final int DEFAULT_MAX_ATTEMPTS = 4;
  /** The cap of the first backoff; it doubles with every attempt. */
  public static final Duration DEFAULT_BASE_DELAY = Duration.ofMillis(200);
  /** The largest backoff, and the longest Retry-After waited for inside the transport. */
  public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(30);
  // a bound that keeps nanosecond arithmetic far from overflow; a longer wait belongs to the
  // engine's rescheduling, not to a request held open in the transport
  private static final Duration LARGEST_MAX_DELAY = Duration.ofHours(1);

  private final int maxAttempts;
  private final Duration baseDelay;
  private final Duration maxDelay;
  private final RandomGenerator random; // null: ThreadLocalRandom of the calling thread

  /** Settings with jitter from {@link ThreadLocalRandom}. */
  public RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay) {
    this(null, maxAttempts, baseDelay, maxDelay);
  }

  /**
   * Settings with jitter from {@code random}, e.g. a seeded {@link java.util.Random} in tests.
   * The policy is shared by concurrent requests, so the generator must be thread-safe ({@code
   * java.util.Random} is; {@code SplittableRandom} is not).
   */
  public RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay,
                     RandomGenerator random) {
    this(Objects.requireNonNull(random, "random"), maxAttempts, baseDelay, maxDelay);
  }

  private RetryPolicy(RandomGenerator random, int maxAttempts, Duration baseDelay,
                      Duration maxDelay) {
    Objects.requireNonNull(baseDelay, "baseDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException(
          "maxAttempts counts the first attempt too and must be at least 1, got " + maxAttempts);
    }
    if (baseDelay.isNegative() || baseDelay.isZero()) {
      throw new IllegalArgumentException("baseDelay must be positive, got " + baseDelay);
    }
    if (maxDelay.compareTo(baseDelay) < 0) {
      throw new IllegalArgumentException(
          "maxDelay (" + maxDelay + ") must not be less than baseDelay (" + baseDelay + ")");
    }
    if (maxDelay.compareTo(LARGEST_MAX_DELAY) > 0) {
      throw new IllegalArgumentException(
          "maxDelay must be at most " + LARGEST_MAX_DELAY + ", got " + maxDelay);
    }
    this.maxAttempts = maxAttempts;
    this.baseDelay = baseDelay;
    this.maxDelay = maxDelay;
    this.random = random;
  }

  /** 4 attempts, 200 ms base delay, 30 s maximum delay. */
  public static RetryPolicy defaults() {
    return new RetryPolicy(DEFAULT_MAX_ATTEMPTS, DEFAULT_BASE_DELAY, DEFAULT_MAX_DELAY);
  }

  /** One attempt, never retried: the caller sees every failure at once. */
  public static RetryPolicy never() {
    return new RetryPolicy(1, DEFAULT_BASE_DELAY, DEFAULT_MAX_DELAY);
  }

  /** The same settings with jitter from {@code random}. */
  public RetryPolicy withRandom(RandomGenerator random) {
    return new RetryPolicy(maxAttempts, baseDelay, maxDelay, random);
  }

  public int maxAttempts() {
    return maxAttempts;
  }

  public Duration baseDelay() {
    return baseDelay;
  }

  public Duration maxDelay() {
    return maxDelay;
  }

  /**
   * Whether {@code reply} to {@code request} is worth repeating at all, before counting
   * attempts: the reply is transient, it is not a 412 (repeating the same {@code If-Match} fails
   * the same way; the engine re-reads and rebuilds the request), and a POST provably never
   * reached the server, since repeating a POST that may have created the resource would create it
   * twice; the engine adopts the existing resource on the 409 of its next run instead.
   */
  public boolean retryable(ScimRequest request, ScimReply reply) {
    if (ReplyClassifier.classify(reply) != ReplyClass.TRANSIENT) {
      return false;
    }
    if (reply instanceof ScimReply.Received r && r.status() == 412) {
      return false;
    }
    if (request.method() == ScimRequest.Method.POST) {
      return reply instanceof ScimReply.NotDelivered n
          && n.cause() == ScimReply.NotDelivered.Cause.CONNECT_FAILED;
    }
    return true;
  }

  /**
   * The wait before the next attempt, or empty to stop and hand the reply to the caller.
   *
   * @param attemptsSoFar attempts already made, the one that got {@code reply} included (≥ 1)
   * @return a delay uniform in {@code [0, min(maxDelay, baseDelay * 2^(attemptsSoFar-1))]}, raised
   *     to the reply's {@code Retry-After} if that is longer; empty if the reply is not
   *     {@linkplain #retryable retryable}, the attempts are used up, or the server asks for a wait
   *     beyond {@code maxDelay} (the caller then reports the transient failure with its
   *     Retry-After, so the owner reschedules the object instead of holding a request open)
   */
  public Optional<Duration> nextDelay(ScimRequest request, ScimReply reply, int attemptsSoFar) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(reply, "reply");
    if (attemptsSoFar < 1) {
      throw new IllegalArgumentException("attemptsSoFar must be at least 1, got " + attemptsSoFar);
    }
    if (attemptsSoFar >= maxAttempts || !retryable(request, reply)) {
      return Optional.empty();
    }
    Optional<Duration> retryAfter = retryAfter(reply);
    if (retryAfter.isPresent() && retryAfter.get().compareTo(maxDelay) > 0) {
      return Optional.empty();
    }
    long capNanos = cap(attemptsSoFar).toNanos();
    RandomGenerator generator = random != null ? random : ThreadLocalRandom.current();
    Duration jittered = Duration.ofNanos(generator.nextLong(capNanos + 1));
    return Optional.of(retryAfter.filter(ra -> ra.compareTo(jittered) > 0).orElse(jittered));
  }

  /** The upper bound of the delay after attempt {@code attemptsSoFar}. */
  public Duration cap(int attemptsSoFar) {
    if (attemptsSoFar < 1) {
      throw new IllegalArgumentException("attemptsSoFar must be at least 1, got " + attemptsSoFar);
    }
    int doublings = attemptsSoFar - 1;
    long base = baseDelay.toNanos();
    long max = maxDelay.toNanos();
    if (doublings >= 62 || base > (max >> doublings)) {
      return maxDelay;
    }
    return Duration.ofNanos(Math.min(max, base << doublings));
  }

  @Override
  public String toString() {
    return "RetryPolicy[maxAttempts=" + maxAttempts + ", baseDelay=" + baseDelay
        + ", maxDelay=" + maxDelay + "]";
  }

  /** The target's Retry-After, from a JSON reply or an unreadable one (a gateway's HTML 503). */
  public static Optional<Duration> retryAfter(ScimReply reply) {
    if (reply instanceof ScimReply.Received r) {
      return r.retryAfter();
    }
    if (reply instanceof ScimReply.Unreadable u) {
      return u.retryAfter();
    }
    return Optional.empty();
  }
}
