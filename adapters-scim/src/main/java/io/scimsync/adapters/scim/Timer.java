package io.scimsync.adapters.scim;

import java.time.Duration;
import java.time.Instant;

/**
 * The clock and scheduler of everything time-based in this adapter (rate limits, pauses, retry
 * delays, token expiry), so tests run on virtual time instead of sleeping. {@link PekkoTimer} is
 * the production implementation.
 */
public interface Timer {

  /** The current time. */
  Instant now();

  /**
   * Runs {@code task} once, {@code delay} from now; a zero or negative delay runs it as soon as
   * possible. Never runs it on the calling thread from within this call, so callers may hold locks.
   */
  Cancellable schedule(Duration delay, Runnable task);

  /** A scheduled task that has not necessarily run yet. */
  interface Cancellable {
    /**
     * Prevents the task from running if it has not started yet; idempotent.
     *
     * @return true if this call prevented it from running
     */
    boolean cancel();
  }
}
