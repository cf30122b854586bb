package io.scimsync.domain.engine;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The end of a group run, to persist.
 *
 * @param outcome        what happened
 * @param written        the state now known to be on the target: save it as the connection; empty
 *                       means there is no remote counterpart any more (or yet), so drop the link.
 *                       On failure it still holds whatever succeeded before the failure, so
 *                       nothing that was written is forgotten.
 * @param failure        why the run stopped short, for FAILED
 * @param waitingMembers local ids of members left out because their users have no remote id yet;
 *                       the group needs another run once they have one
 * @param putRejected    the target answered a PUT with 405/501; the caller may remember it
 * @param requests       how many requests the run sent
 */
public record GroupSyncResult(Outcome outcome, Optional<WrittenGroup> written,
                              Optional<SyncFailure> failure, Set<String> waitingMembers,
                              boolean putRejected, int requests) {
  public enum Outcome {
    /** POSTed (also after a 404 re-create). */
    CREATED,
    /** Linked to an existing remote group after a 409, then brought up to date. */
    ADOPTED,
    /** Attributes or members written. */
    UPDATED,
    /** Nothing differed: no request sent. */
    UNCHANGED,
    /** Deleted remotely (or already gone): drop the link. */
    DELETED,
    /** Dry run: requests were withheld; nothing changed on the target. */
    DRY_RUN,
    FAILED
  }

  public GroupSyncResult {
    Objects.requireNonNull(outcome, "outcome");
    waitingMembers = Set.copyOf(waitingMembers);
    if ((outcome == Outcome.FAILED) != failure.isPresent()) {
      throw new IllegalArgumentException("a failure goes with FAILED and only with it");
    }
  }
}
