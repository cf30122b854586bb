package io.scimsync.domain.sync;

import io.scimsync.domain.engine.GroupSyncResult;
import io.scimsync.domain.engine.SyncFailure;
import io.scimsync.domain.engine.UserSyncResult;
import io.scimsync.domain.port.OutcomeKind;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The end of one engine run, user or group, in one shape.
 *
 * @param written        what is now known to be on the target; empty if there is no remote
 *                       counterpart (any more, or yet)
 * @param waitingMembers a group's members left out because they have no remote id yet
 * @param note           what the outcome should tell besides its kind (a case-differing
 *                       adoption)
 */
public record RunResult(OutcomeKind kind, Optional<Written> written,
                        Optional<SyncFailure> failure, Set<String> waitingMembers,
                        Optional<String> note) {
  public RunResult(OutcomeKind kind, Optional<Written> written, Optional<SyncFailure> failure,
                   Set<String> waitingMembers) {
    this(kind, written, failure, waitingMembers, Optional.empty());
  }

  public RunResult {
    Objects.requireNonNull(note, "note");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(written, "written");
    Objects.requireNonNull(failure, "failure");
    waitingMembers = Set.copyOf(waitingMembers);
    if ((kind == OutcomeKind.FAILED) != failure.isPresent()) {
      throw new IllegalArgumentException("a failure goes with FAILED and only with it");
    }
  }

  /** The remote state a run leaves: what the connection keeps. */
  public record Written(String remoteId, Map<String, Object> attributes,
                        Optional<Set<String>> memberIds, Optional<String> etag) {
    public Written {
      Objects.requireNonNull(remoteId, "remoteId");
      attributes = Map.copyOf(attributes);
      memberIds = memberIds.map(Set::copyOf);
      Objects.requireNonNull(etag, "etag");
    }
  }

  public static RunResult of(UserSyncResult r) {
    return new RunResult(OutcomeKind.valueOf(r.outcome().name()),
        r.written().map(w -> new Written(w.remoteId(), w.attributes(), Optional.empty(),
            w.etag())), r.failure(), Set.of(), r.note());
  }

  public static RunResult of(GroupSyncResult r) {
    return new RunResult(OutcomeKind.valueOf(r.outcome().name()),
        r.written().map(w -> new Written(w.remoteId(), w.attributes(), w.memberIds(), w.etag())),
        r.failure(), r.waitingMembers());
  }

  /** The same result told as an adoption (the object was found by a lookup, not created). */
  RunResult asAdopted() {
    return kind == OutcomeKind.UPDATED || kind == OutcomeKind.UNCHANGED
        ? new RunResult(OutcomeKind.ADOPTED, written, failure, waitingMembers, note) : this;
  }
}
