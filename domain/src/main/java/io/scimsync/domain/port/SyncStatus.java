package io.scimsync.domain.port;

/** Where a connection's object stands with its provider, as the status API reports it. */
public enum SyncStatus {
  /** Not written yet, or changed since: a sync is due (the object is in the change feed). */
  PENDING,
  /** The remote object equals what was last written, which was the desired state at the time. */
  SYNCED,
  /**
   * The last attempt failed permanently (400, 401, 403, an invalid response, a conflict that
   * could not be adopted): retried only when the object changes or at the next reconcile. The
   * error is in {@code lastError}.
   */
  FAILED,
  /**
   * The last attempt failed transiently (429, 5xx, timeout, connection error), or the object
   * waits for another one (a group whose member has no remote id yet): retried from
   * {@code nextAttemptAt}.
   */
  WAITING,
  /**
   * A create (POST) was about to leave, or left, and its answer was never stored: the daemon died
   * meanwhile, or the answer was lost (timeout, broken connection, a 5xx that may have come after
   * the object was made). Stored before the POST is sent and kept when the POST fails that way, so
   * that whatever happens next to the object (another run, a local delete, a reconcile) first
   * looks it up by its exact name instead of creating it twice or leaving it active remotely. The
   * connection's {@code writtenAttributes} then hold the projection of the create on its way,
   * which names the object for that lookup even after it is deleted locally.
   */
  CREATE_SENT
}
