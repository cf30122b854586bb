package io.scimsync.domain.port;

import java.time.Instant;
import java.util.List;

/**
 * The history of each provider's sync: runs (reconciles and plans) with their counts, and
 * per-object outcomes, for the status API and for audit. It is a log, not sync state: nothing
 * decides what to send from it, and old entries are pruned.
 *
 * <p>Implementations may block (JDBC): call them on a dedicated executor.
 */
public interface SyncLog {

  /**
   * Records that a run started.
   *
   * @return the run's id, positive and unique in this log; ids grow with each run started
   */
  long runStarted(String provider, RunKind kind, Instant at);

  /**
   * Records that a run finished, with what it did.
   *
   * @throws IllegalArgumentException if no unfinished run has this id (unknown, pruned, or already
   *                                  finished); nothing is written
   */
  void runFinished(long runId, RunCounts counts, Instant at);

  /** Appends the outcome of syncing one object. */
  void record(ObjectOutcome outcome);

  /**
   * The provider's most recent runs, newest start first (ties: the higher id first), at most
   * {@code limit}; unfinished ones included. Empty if it has none.
   *
   * @throws IllegalArgumentException if {@code limit} is not positive
   */
  List<Run> recentRuns(String provider, int limit);

  /**
   * The provider's most recent object outcomes, newest first (ties: the later recorded first), at
   * most {@code limit}. Empty if it has none.
   *
   * @throws IllegalArgumentException if {@code limit} is not positive
   */
  List<ObjectOutcome> recentOutcomes(String provider, int limit);

  /**
   * Retention: removes outcomes recorded before {@code olderThan} and runs started before it,
   * except the latest run of each provider and kind, which is kept however old, so the status can
   * always show the last reconcile.
   *
   * @return how many runs and outcomes were removed, together
   */
  int prune(Instant olderThan);
}
