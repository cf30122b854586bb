package io.scimsync.domain.port;

import io.scimsync.domain.directory.LocalGroup;
import io.scimsync.domain.directory.LocalUser;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The local directory: users, groups and group memberships, keyed by the caller's own ids. It is
 * the desired state every provider converges to.
 *
 * <p>Every write that changes something marks the changed objects dirty in the
 * {@link ChangeFeed} for every configured provider, atomically with the write (one transaction):
 * a change is never visible without its feed entry, and a crash never loses one. A membership
 * change dirties the group, not the user (the group's {@code members} is what gets written). A
 * write that changes nothing marks nothing. Nothing is ever half-written: a write that throws has
 * changed nothing.
 *
 * <p>Implementations may block (JDBC): call them on a dedicated executor.
 */
public interface DirectoryStore {

  /** The user with this id, or empty if there is none. */
  Optional<LocalUser> findUser(String id);

  /**
   * Creates or replaces the user with {@code user.id()}. Group memberships are not part of a user
   * and are kept. Marks the user dirty unless the result is {@link PutResult#UNCHANGED}.
   */
  PutResult putUser(LocalUser user);

  /**
   * Deletes the user and removes it from every group it was in. Marks the user dirty (so its
   * remote counterpart gets deleted) and every group it was in (their members changed).
   *
   * @return false if there was no such user; then nothing is marked
   */
  boolean deleteUser(String id);

  /** The group with this id, with its current members, or empty if there is none. */
  Optional<LocalGroup> findGroup(String id);

  /**
   * Creates or replaces the group with {@code group.id()}, members included. Marks the group
   * dirty unless the result is {@link PutResult#UNCHANGED}.
   *
   * @throws IllegalArgumentException if a member id names no user; the message lists every
   *                                  unknown id, and nothing is written or marked
   */
  PutResult putGroup(LocalGroup group);

  /**
   * Deletes the group; its members stay users. Marks the group dirty.
   *
   * @return false if there was no such group; then nothing is marked
   */
  boolean deleteGroup(String id);

  /**
   * Adds and removes members of a group in one write (SCIM-style incremental membership). Adding
   * a member already present or removing one that is absent is not an error; if the members end
   * up as they were, nothing is written or marked. Otherwise the group is marked dirty, not the
   * users.
   *
   * @return the group after the change, or empty if there is no such group (nothing written)
   * @throws IllegalArgumentException if an id in {@code add} names no user, or an id is in both
   *                                  {@code add} and {@code remove}; the message lists them, and
   *                                  nothing is written or marked
   */
  Optional<LocalGroup> changeMembers(String groupId, Set<String> add, Set<String> remove);

  /**
   * A keyset page of users in {@link ObjectRef#ID_ORDER}: those whose id comes after
   * {@code afterId} (from the start if empty), at most {@code limit}. Pass the last id of a page
   * to get the next one; an empty page means the end. Used to stream the whole directory in
   * constant memory (full reconcile, a provider's initial sync).
   *
   * @throws IllegalArgumentException if {@code limit} is not positive
   */
  List<LocalUser> users(Optional<String> afterId, int limit);

  /**
   * A keyset page of groups, as {@link #users}. Each group carries all its member ids.
   *
   * @throws IllegalArgumentException if {@code limit} is not positive
   */
  List<LocalGroup> groups(Optional<String> afterId, int limit);

  /**
   * The ids of the groups the user is a direct member of; empty if none, or if there is no such
   * user. The daemon marks these dirty when the user gets its remote id, so their membership
   * catches up.
   */
  Set<String> groupsOf(String userId);
}
