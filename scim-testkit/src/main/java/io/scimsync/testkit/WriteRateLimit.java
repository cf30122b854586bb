package io.scimsync.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A fixed one-minute window of writes, as Slack documents its limit ("600 writes per minute").
 * Thread-safe. The clock is injected so tests decide when a window ends.
 */
final class WriteRateLimit {
  private final Clock clock;
  private final int perMinute;
  private Instant windowStart;
  private int used;

  WriteRateLimit(Clock clock, int perMinute) {
    this.clock = clock;
    this.perMinute = perMinute;
  }

  /** Empty when the write may proceed; otherwise how long until the window ends (Retry-After). */
  synchronized Optional<Duration> acquire() {
    Instant now = clock.instant();
    if (windowStart == null || !now.isBefore(windowStart.plusSeconds(60))) {
      windowStart = now;
      used = 0;
    }
    if (used < perMinute) {
      used++;
      return Optional.empty();
    }
    Duration left = Duration.between(now, windowStart.plusSeconds(60));
    // Retry-After is whole seconds; rounding down could invite a retry that is refused again
    long seconds = Math.max(1, (left.toMillis() + 999) / 1000);
    return Optional.of(Duration.ofSeconds(seconds));
  }

  synchronized void reset() {
    windowStart = null;
    used = 0;
  }
}
