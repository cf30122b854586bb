package io.scimsync.it.support;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Polling with a deadline: the only way these tests wait for something to happen. */
public final class Waiting {
  private Waiting() {
  }

  /** Returns once {@code condition} holds; fails with {@code what} after {@code within}. */
  public static void until(String what, Duration within, BooleanSupplier condition) {
    Instant deadline = Instant.now().plus(within);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("timed out after " + within + " waiting for " + what);
      }
      pause(Duration.ofMillis(20));
    }
  }

  /** The interval between two polls of a condition (never a wait for something to happen). */
  static void pause(Duration interval) {
    LockSupport.parkNanos(interval.toNanos());
  }
}
