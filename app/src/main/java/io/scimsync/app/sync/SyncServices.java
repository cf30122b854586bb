package io.scimsync.app.sync;

import io.scimsync.app.metrics.SyncMetrics;
import io.scimsync.domain.port.ChangeFeed;
import io.scimsync.domain.port.ConnectionStore;
import io.scimsync.domain.port.DirectoryStore;
import io.scimsync.domain.port.SyncLog;
import io.scimsync.domain.port.SyncStateStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * What every provider actor shares: the stores (blocking; only ever called on {@link #db}), the
 * clock, the metrics and the timings.
 *
 * @param db the database dispatcher's executor, sized to the connection pool
 */
public record SyncServices(DirectoryStore directory, ConnectionStore connections, ChangeFeed feed,
                           SyncLog log, SyncStateStore state, Executor db, Clock clock,
                           SyncMetrics metrics, Timings timings) {
  public SyncServices {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(connections, "connections");
    Objects.requireNonNull(feed, "feed");
    Objects.requireNonNull(log, "log");
    Objects.requireNonNull(db, "db");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(timings, "timings");
  }

  /**
   * @param poll              change-feed poll when no notification arrives
   * @param lease             how long a claim is ours
   * @param claimBatch        most objects per claim
   * @param retryBase         first per-object retry delay
   * @param retryMax          longest per-object retry delay
   * @param reconcileInterval full reconcile period; zero = on demand only
   * @param stopTimeout       how long a stopping provider waits for in-flight objects
   * @param deferMembers      how long a group waits for members still being created
   */
  public record Timings(Duration poll, Duration lease, int claimBatch, Duration retryBase,
                        Duration retryMax, Duration reconcileInterval, Duration stopTimeout,
                        Duration deferMembers) {
    public static Timings defaults() {
      return new Timings(Duration.ofSeconds(1), Duration.ofMinutes(5), 100,
          Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofHours(4),
          Duration.ofSeconds(10), Duration.ofMillis(300));
    }

    public Timings withLease(Duration value) {
      return new Timings(poll, value, claimBatch, retryBase, retryMax, reconcileInterval,
          stopTimeout, deferMembers);
    }

    public Timings withPoll(Duration value) {
      return new Timings(value, lease, claimBatch, retryBase, retryMax, reconcileInterval,
          stopTimeout, deferMembers);
    }

    public Timings withReconcileInterval(Duration value) {
      return new Timings(poll, lease, claimBatch, retryBase, retryMax, value, stopTimeout,
          deferMembers);
    }

    public Timings withRetry(Duration base, Duration max) {
      return new Timings(poll, lease, claimBatch, base, max, reconcileInterval, stopTimeout,
          deferMembers);
    }
  }

  /** Runs blocking store calls on the database executor. */
  public <T> CompletableFuture<T> onDb(Supplier<T> work) {
    return CompletableFuture.supplyAsync(work, db);
  }
}
