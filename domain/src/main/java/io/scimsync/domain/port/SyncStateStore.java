package io.scimsync.domain.port;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The sync state of claimed objects, shaped like the decision about them: one read gives all that
 * deciding a batch of objects needs, one transaction writes all that finishing a batch decided.
 * It replaces about seven small calls per object on {@link DirectoryStore},
 * {@link ConnectionStore}, {@link ChangeFeed} and {@link SyncLog}.
 *
 * <p>Implementations may block (JDBC): call them on a dedicated executor.
 */
public interface SyncStateStore {

  /**
   * The snapshots of {@code objects} at {@code provider}, as of one moment, read in one round
   * trip (or a few, for any number of objects). Every object asked for has one, deleted ones
   * included.
   */
  Map<ObjectRef, ObjectSnapshot> snapshot(String provider, Collection<ObjectRef> objects);

  /**
   * Writes the commits in one transaction, each only if its claim still holds its change-feed
   * entry (same claim token): the connection change, the sync log entry, the group marks, and
   * the claim's acknowledgement (of the claim's generation only: a newer change leaves the entry
   * claimable at once), release or hold. A commit whose claim lost the entry writes nothing and is
   * {@link Result#FENCED}: a newer claim runs the object again. A save that would link a remote id
   * already linked to another object of the provider and kind writes nothing of that commit
   * ({@link Result#REMOTE_ID_TAKEN}, with the holder in {@link Outcome#detail}); the others are
   * written.
   *
   * <p>A batch that holds a claim ({@link ObjectCommit.Finish.Hold}: a create's mark) is durable
   * when this returns, since what the caller does next relies on it. A batch of finishing commits
   * only may be written without waiting for the disk: a crash may then lose it, which costs a
   * redo (its claims come back after their lease; a create is found through its durable mark).
   *
   * @return one outcome per commit, in order
   */
  List<Outcome> commit(List<ObjectCommit> commits);

  /** What became of one commit. */
  enum Result {
    /** Written; the claim was acknowledged and its entry removed. */
    ACKNOWLEDGED,
    /**
     * Written; the entry stays: released or held as asked, or an acknowledgement that found the
     * object dirtied since the claim (it is claimable again at once).
     */
    WRITTEN,
    /** Nothing written: the claim no longer holds the entry. */
    FENCED,
    /** Nothing written: the saved remote id belongs to another object. */
    REMOTE_ID_TAKEN
  }

  /** @param detail for {@link Result#REMOTE_ID_TAKEN}, which object holds the remote id */
  record Outcome(Result result, String detail) {
    public static final Outcome ACKNOWLEDGED = new Outcome(Result.ACKNOWLEDGED, "");
    public static final Outcome WRITTEN = new Outcome(Result.WRITTEN, "");
    public static final Outcome FENCED = new Outcome(Result.FENCED, "");

    public Outcome {
      java.util.Objects.requireNonNull(result, "result");
      java.util.Objects.requireNonNull(detail, "detail");
    }
  }
}
