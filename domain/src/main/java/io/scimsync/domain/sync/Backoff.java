package io.scimsync.domain.sync;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/** Exponential backoff with half jitter between {@code base} and {@code max}, per object. */
public record Backoff(Duration base, Duration max) {
  public Backoff {
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(max, "max");
    if (base.isNegative() || base.isZero()) {
      throw new IllegalArgumentException("base must be positive: " + base);
    }
  }

  /**
   * The wait before attempt {@code attempt + 1} (the first failure is attempt 1): between half
   * and all of {@code min(max, base * 2^(attempt-1))}, and never sooner than the target asked.
   */
  public Duration delay(int attempt, Optional<Duration> retryAfter, RandomGenerator random) {
    long baseMillis = Math.max(1, base.toMillis());
    long cap = Math.max(baseMillis, max.toMillis());
    int shift = Math.min(30, Math.max(0, attempt - 1));
    long ceiling = Math.min(cap, baseMillis << shift);
    Duration backoff = Duration.ofMillis(ceiling / 2 + random.nextLong(ceiling / 2 + 1));
    return retryAfter.filter(after -> after.compareTo(backoff) > 0).orElse(backoff);
  }
}
