package io.scimsync.app.sync;

import io.scimsync.domain.port.OutcomeKind;
import io.scimsync.domain.port.RunCounts;
import java.util.EnumMap;
import java.util.Map;

/**
 * Where the provider's full reconcile stands, owned by its actor: asked for, preparing
 * (discovering and marking; its objects are not yet in the feed), draining (its objects are
 * worked as ordinary claims, in reconcile mode), closing (its end is being recorded).
 */
final class ReconcileRun {
  enum State { NONE, PREPARING, DRAINING, CLOSING }

  private State state = State.NONE;
  private boolean wanted;
  private long runId;
  private long marked;
  private long attempted;
  private final Map<OutcomeKind, Integer> counts = new EnumMap<>(OutcomeKind.class);

  State state() {
    return state;
  }

  boolean wanted() {
    return wanted;
  }

  long runId() {
    return runId;
  }

  /** @return false if a reconcile is already asked for or running */
  boolean want() {
    if (state != State.NONE || wanted) {
      return false;
    }
    wanted = true;
    return true;
  }

  void begin() {
    wanted = false;
    state = State.PREPARING;
    counts.clear();
  }

  void started(long id, int adopted, long objects) {
    runId = id;
    if (adopted > 0) {
      counts.merge(OutcomeKind.ADOPTED, adopted, Integer::sum);
    }
    state = State.DRAINING;
    marked = objects;
    attempted = 0;
  }

  /** Abandoned (could not start, or the provider stops): nothing to close. */
  void abandon() {
    state = State.NONE;
  }

  boolean draining() {
    return state == State.DRAINING;
  }

  /** Claims wait while the reconcile marks (they would be worked outside it) and closes. */
  boolean holdsClaims() {
    return state == State.PREPARING || state == State.CLOSING;
  }

  /** One of its objects was worked; its outcome, if it did something. */
  void worked(OutcomeKind outcome) {
    attempted++;
    if (outcome != null) {
      counts.merge(outcome, 1, Integer::sum);
    }
  }

  /** Every object it marked was worked at least once (those failing transiently retry on). */
  boolean allWorked() {
    return attempted >= marked;
  }

  RunCounts close() {
    state = State.CLOSING;
    return new RunCounts(count(OutcomeKind.CREATED), count(OutcomeKind.UPDATED),
        count(OutcomeKind.DELETED) + count(OutcomeKind.DEACTIVATED),
        count(OutcomeKind.UNCHANGED), count(OutcomeKind.FAILED), count(OutcomeKind.ADOPTED));
  }

  void closed() {
    state = State.NONE;
  }

  private int count(OutcomeKind kind) {
    return counts.getOrDefault(kind, 0);
  }
}
