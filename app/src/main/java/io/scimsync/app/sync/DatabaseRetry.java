package io.scimsync.app.sync;

import java.time.Duration;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.slf4j.Logger;

/**
 * How long a provider waits before it tries the database again after an error: 200 ms, growing
 * to at most 2 s, so that a short outage delays objects by about its length and a long one does
 * not flood the log (the first three errors and then every fiftieth are logged). The work an
 * error concerned is kept (claims queued, commits gathered) and tried again at {@link Retry}.
 */
final class DatabaseRetry {
  /** Time to try the database again. */
  enum Retry implements ProviderActor.Command { INSTANCE }

  private static final long MAX_WAIT_MILLIS = 2_000;

  private final TimerScheduler<ProviderActor.Command> timers;
  private final Logger log;
  private final String provider;
  private int failures;

  DatabaseRetry(TimerScheduler<ProviderActor.Command> timers, Logger log, String provider) {
    this.timers = timers;
    this.log = log;
    this.provider = provider;
  }

  /** An error while doing {@code what}: {@link Retry} comes after a wait. */
  void failed(String what, Throwable error) {
    failures++;
    Duration wait = Duration.ofMillis(Math.min(MAX_WAIT_MILLIS, 100L << Math.min(5, failures)));
    if (failures <= 3 || failures % 50 == 0) {
      log.warn("provider {}: database error while {} (retrying in {} ms): {}", provider, what,
          wait.toMillis(), SafeTransport.rootCause(error));
    }
    timers.startSingleTimer(Retry.INSTANCE, Retry.INSTANCE, wait);
  }

  /** The database answered: the next error waits the shortest time again. */
  void answered() {
    failures = 0;
  }

  /** A failure of the data rather than of the database: retrying it cannot help. */
  static boolean unreadable(Throwable error) {
    boolean invalid = false;
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof java.sql.SQLException) {
        return false;
      }
      invalid |= t instanceof IllegalArgumentException;
    }
    return invalid;
  }
}
