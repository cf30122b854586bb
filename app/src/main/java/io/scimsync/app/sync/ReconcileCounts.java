package io.scimsync.app.sync;

import io.scimsync.domain.port.OutcomeKind;
import io.scimsync.domain.port.RunCounts;
import java.util.EnumMap;
import java.util.Map;

/** What one reconcile did, by outcome, and how many of the objects it marked were worked. */
final class ReconcileCounts {
  private final Map<OutcomeKind, Integer> counts = new EnumMap<>(OutcomeKind.class);
  private long marked;
  private long attempted;

  void clear() {
    counts.clear();
    marked = 0;
    attempted = 0;
  }

  void started(int adopted, long objects) {
    if (adopted > 0) {
      counts.merge(OutcomeKind.ADOPTED, adopted, Integer::sum);
    }
    marked = objects;
    attempted = 0;
  }

  void worked(OutcomeKind outcome) {
    attempted++;
    if (outcome != null) {
      counts.merge(outcome, 1, Integer::sum);
    }
  }

  boolean allWorked() {
    return attempted >= marked;
  }

  RunCounts result() {
    return new RunCounts(count(OutcomeKind.CREATED), count(OutcomeKind.UPDATED),
        count(OutcomeKind.DELETED) + count(OutcomeKind.DEACTIVATED),
        count(OutcomeKind.UNCHANGED), count(OutcomeKind.FAILED), count(OutcomeKind.ADOPTED));
  }

  private int count(OutcomeKind kind) {
    return counts.getOrDefault(kind, 0);
  }
}
