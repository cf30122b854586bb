package io.scimsync.domain.port;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What one object's run writes, in one transaction with the other commits of its batch, and only
 * while its claim still holds the object's change-feed entry (a claim that lost its entry, to a
 * newer claim after its lease ran out, writes nothing: see {@link SyncStateStore#commit}).
 *
 * @param claim      the claim the run started with; its generation is the one acknowledged
 * @param connection what becomes of the object's connection
 * @param outcome    the sync log entry, if the run did something worth one
 * @param marks      the groups of a user to mark dirty (a user that got, or may have just got, its
 *                   remote id: their membership may lack it)
 * @param finish     what becomes of the claim
 */
public record ObjectCommit(Claim claim, ConnectionChange connection,
                           Optional<ObjectOutcome> outcome, Optional<GroupMarks> marks,
                           Finish finish) {
  public ObjectCommit {
    Objects.requireNonNull(claim, "claim");
    Objects.requireNonNull(connection, "connection");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(marks, "marks");
    Objects.requireNonNull(finish, "finish");
    if (connection instanceof ConnectionChange.Save save
        && (!save.connection().object().equals(claim.object())
        || !save.connection().provider().equals(claim.provider()))) {
      throw new IllegalArgumentException("the commit of " + claim.object().describe()
          + " saves the connection of " + save.connection().object().describe());
    }
    outcome.ifPresent(o -> {
      if (!o.object().equals(claim.object())) {
        throw new IllegalArgumentException("the commit of " + claim.object().describe()
            + " logs " + o.object().describe());
      }
    });
    if (marks.isPresent() && (claim.object().kind() != ObjectKind.USER
        || !marks.get().userId().equals(claim.object().localId()))) {
      throw new IllegalArgumentException("only a user's own commit marks its groups");
    }
  }

  /** Gives the claim back untouched otherwise: claimable again from {@code at}. */
  public static ObjectCommit releaseAt(Claim claim, Instant at) {
    return new ObjectCommit(claim, ConnectionChange.KEEP, Optional.empty(), Optional.empty(),
        new Finish.ReleaseAt(at));
  }

  /** What becomes of the connection. */
  public sealed interface ConnectionChange {
    /** Left as it is. */
    ConnectionChange KEEP = new Keep();

    record Keep() implements ConnectionChange {}

    /** Created or replaced wholesale. */
    record Save(Connection connection) implements ConnectionChange {
      public Save {
        Objects.requireNonNull(connection, "connection");
      }
    }

    /** Removed (the remote object is gone, or was never made). */
    record Remove() implements ConnectionChange {}
  }

  /**
   * Marks the groups of user {@code userId} dirty: every one of them if {@code all} (its remote
   * id is new), else only those that may wait for it: never written, or neither {@link
   * SyncStatus#SYNCED} nor {@link SyncStatus#FAILED} (a permanent failure waits for the group's
   * own change or the reconcile).
   */
  public record GroupMarks(String userId, boolean all) {
    public GroupMarks {
      if (userId == null || userId.isBlank()) {
        throw new IllegalArgumentException("userId must not be blank");
      }
    }
  }

  /** What becomes of the claim. */
  public sealed interface Finish {
    /** Done: the entry is removed unless the object was dirtied after the claim. */
    record Acknowledge() implements Finish {}

    /** Given back, claimable again from {@code at} (a retry's backoff, a settle, a defer). */
    record ReleaseAt(Instant at) implements Finish {
      public ReleaseAt {
        Objects.requireNonNull(at, "at");
      }
    }

    /** Kept: the run goes on (a create marked as sent before it leaves). */
    record Hold() implements Finish {}
  }
}
