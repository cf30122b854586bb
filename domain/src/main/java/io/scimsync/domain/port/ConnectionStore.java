package io.scimsync.domain.port;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The connections of every provider: which remote object each local object is linked to, and
 * what was last written to it. At most one connection per (provider, local object), and a remote
 * id is linked to at most one local object per (provider, kind).
 *
 * <p>Implementations may block (JDBC): call them on a dedicated executor.
 */
public interface ConnectionStore {

  /** The connection of this object at this provider, or empty if it was never linked. */
  Optional<Connection> find(String provider, ObjectRef object);

  /**
   * The connections of many objects of one kind at once, by local id; objects without one are
   * absent from the map. For a group's members. Adapters do it in one query.
   */
  default Map<String, Connection> findAll(String provider, ObjectKind kind,
                                          java.util.Collection<String> localIds) {
    Map<String, Connection> found = new java.util.HashMap<>();
    for (String id : localIds) {
      find(provider, new ObjectRef(kind, id)).ifPresent(c -> found.put(id, c));
    }
    return found;
  }

  /**
   * The connection linked to this remote id (matched exactly: SCIM ids are case-exact), or empty
   * if no local object of this kind is linked to it. Used to adopt or skip remote objects found
   * by a reconcile.
   */
  Optional<Connection> findByRemoteId(String provider, ObjectKind kind, String remoteId);

  /**
   * Creates the connection of {@code connection.object()} at {@code connection.provider()}, or
   * replaces it wholesale. Changing or clearing the remote id frees the old one.
   *
   * @throws RemoteIdTakenException if another object of the same provider and kind is linked to
   *                                the same remote id; nothing is written
   */
  void save(Connection connection);

  /**
   * Removes the connection (after the remote object was deleted, or found gone), freeing its
   * remote id.
   *
   * @return false if there was none
   */
  boolean remove(String provider, ObjectRef object);

  /**
   * Records what a reconcile's listing showed of linked remote objects: their projections, by
   * remote id (ids linked to no object are skipped). Each is kept until its connection is next
   * saved or removed, or {@link #clearSeen} runs; the run that follows compares against it
   * instead of reading the object again.
   */
  void saveSeen(String provider, ObjectKind kind, Map<String, Map<String, Object>> byRemoteId);

  /** Forgets every listing recorded for the provider (a new reconcile starts). */
  void clearSeen(String provider);

  /** What the last listing recorded of the object's remote counterpart, if any. */
  Optional<Map<String, Object>> seen(String provider, ObjectRef object);

  /**
   * A keyset page of the provider's connections of one kind in {@link ObjectRef#ID_ORDER} of the
   * local id: those after {@code afterLocalId} (from the start if empty), at most {@code limit};
   * an empty page means the end. Used by the reconcile to find connections whose local object is
   * gone.
   *
   * @throws IllegalArgumentException if {@code limit} is not positive
   */
  List<Connection> list(String provider, ObjectKind kind, Optional<String> afterLocalId, int limit);

  /**
   * How many of the provider's connections are in each status; every status is a key, with zero
   * if none.
   */
  Map<SyncStatus, Long> countByStatus(String provider);

  /** {@link #countByStatus(String)} for the provider's users or groups only. */
  Map<SyncStatus, Long> countByStatus(String provider, ObjectKind kind);

  /**
   * The provider's {@link SyncStatus#FAILED} connections, most recently updated first (ties by
   * kind, users first, then local id), at most {@code limit}; for the status API.
   *
   * @throws IllegalArgumentException if {@code limit} is not positive
   */
  List<Connection> failed(String provider, int limit);

  /**
   * Removes every connection of the provider (the provider was deleted or retargeted).
   *
   * @return how many were removed
   */
  int removeProvider(String provider);
}
