package io.scimsync.domain.engine;

import java.util.Objects;
import java.util.Optional;

/**
 * The end of a user run, to persist.
 *
 * @param outcome     what happened
 * @param written     the state now known to be on the target: save it as the connection; empty
 *                    means there is no remote counterpart any more (or yet), so drop the link.
 *                    On failure it still holds whatever succeeded before the failure; in a dry
 *                    run it is the last written state, unchanged
 * @param failure     why the run stopped short, for FAILED
 * @param putRejected the target answered a PUT with 405/501; the caller may remember it
 * @param requests    how many requests the run sent (withheld dry-run requests included)
 * @param note        what an operator should know of a run that did not fail (an adoption of
 *                    a user whose userName differs in case)
 */
public record UserSyncResult(Outcome outcome, Optional<WrittenUser> written,
                             Optional<SyncFailure> failure, boolean putRejected, int requests,
                             Optional<String> note) {
  public enum Outcome {
    /** POSTed (also after a 404 re-create). */
    CREATED,
    /** Linked to an existing remote user after a 409, then brought up to date. */
    ADOPTED,
    /** Attributes written. */
    UPDATED,
    /** Nothing differed: no write sent. */
    UNCHANGED,
    /** Deleted remotely (or already gone): drop the link. */
    DELETED,
    /** {@code active} set to false remotely; the link stays. */
    DEACTIVATED,
    /** Dry run: mutating requests were withheld; nothing changed on the target. */
    DRY_RUN,
    /** Stopped short: see {@code failure}; {@code written} holds what is known to be there. */
    FAILED
  }

  public UserSyncResult(Outcome outcome, Optional<WrittenUser> written,
                        Optional<SyncFailure> failure, boolean putRejected, int requests) {
    this(outcome, written, failure, putRejected, requests, Optional.empty());
  }

  public UserSyncResult {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(note, "note");
    Objects.requireNonNull(written, "written");
    if ((outcome == Outcome.FAILED) != failure.isPresent()) {
      throw new IllegalArgumentException("a failure goes with FAILED and only with it");
    }
    if (requests < 0) {
      throw new IllegalArgumentException("requests must not be negative");
    }
  }
}
