package io.scimsync.domain.port;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The level-triggered dirty set, like a Kubernetes controller's work queue: an entry says "this
 * object may differ from what this provider has; sync it to its current state". There is at most
 * one entry per (provider, object), so bursts coalesce by construction: a thousand changes to one
 * group before a worker gets to it are one sync.
 *
 * <p>Workers {@link #claim} entries with a lease, sync them, then {@link #acknowledge} them, or
 * {@link #release} them after a transient failure. Entries live in the store, not in memory: a
 * worker that crashes loses nothing, because its claims become claimable again when their lease
 * ends. Time is always passed in, never read from a clock, so behaviour is deterministic.
 *
 * <p>Implementations may block (JDBC): call them on a dedicated executor. Claims must be safe
 * across processes sharing the store ({@code FOR UPDATE SKIP LOCKED} in PostgreSQL).
 */
public interface ChangeFeed {

  /**
   * Marks the object dirty for the provider. If it is already pending (claimed or not), the entry
   * stays one entry: its generation goes up, it keeps its place in the queue and any not-before
   * time it was released with (the backoff protects the target; the object syncs to its state of
   * that moment when the backoff ends). A claimed entry stays claimed; see {@link #acknowledge}.
   */
  void markDirty(String provider, ObjectRef object);

  /**
   * {@link #markDirty(String, ObjectRef)} for many objects at once (a user's groups when it gets
   * its remote id; a reconcile marking the directory page by page). Adapters do it in one
   * statement; the default marks them one by one.
   */
  default void markDirty(String provider, java.util.Collection<ObjectRef> objects) {
    for (ObjectRef object : objects) {
      markDirty(provider, object);
    }
  }

  /**
   * Leases up to {@code max} of the provider's entries that are claimable at {@code now}: not
   * claimed, or their lease ended ({@code leaseUntil <= now}), and released with no not-before
   * time or one that has come ({@code notBefore <= now}). Users come before groups, since a group
   * can only name members that exist remotely; within a kind, entries come in the order they
   * became pending (a re-dirtied entry keeps its place, so a hot object cannot starve the others).
   * Each returned entry is claimed until {@code now + lease}.
   *
   * @return the claims, in that order; empty if nothing is claimable now
   * @throws IllegalArgumentException if {@code max} or {@code lease} is not positive
   */
  List<Claim> claim(String provider, int max, Duration lease, Instant now);

  /**
   * Finishes a claim after the object was synced (or failed permanently, which is recorded in its
   * connection). Removes the entry if it was not dirtied again since the claim. If it was, the
   * sync may have missed the newer change: the entry stays, unclaimed and claimable at once.
   * A claim that no longer holds the entry (another claim took it after this lease ended, or the
   * provider was removed) changes nothing. Acknowledging after the lease ended is fine as long as
   * no other claim took the entry.
   *
   * @return true if the entry was removed
   */
  boolean acknowledge(Claim claim);

  /**
   * Extends the leases of claims that still hold their entries until {@code until}: the
   * heartbeat of runs that take longer than a lease, so that their objects are never claimed
   * twice. A claim that lost its entry (another claim took it) is not renewed.
   *
   * @return the renewed claims, with {@code leaseUntil} set to {@code until}; claims missing from
   *         it no longer hold their entries
   */
  List<Claim> renew(java.util.Collection<Claim> claims, Instant until);

  /**
   * Gives an entry back unsynced, after a transient failure: it stays pending with its place and
   * generation, and is claimable again from {@code notBefore} (the backoff, or the target's
   * Retry-After). A claim that no longer holds the entry changes nothing.
   */
  void release(Claim claim, Instant notBefore);

  /**
   * Counts the provider's entries, claimed or not: the objects not yet done, those being synced
   * included. Zero means every change so far has reached the provider (or failed permanently).
   */
  long pending(String provider);

  /**
   * Removes every entry of the provider (the provider was deleted); its outstanding claims then
   * change nothing.
   *
   * @return how many entries were removed
   */
  int removeProvider(String provider);
}
