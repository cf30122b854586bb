package io.scimsync.domain.port;

import java.util.Objects;

/**
 * A connection was to be saved with a remote id that another local object of the same provider
 * and kind is already linked to. Two local objects must never drive one remote object (they would
 * overwrite each other forever), so the save wrote nothing. It typically means two local objects
 * matched the same remote one during adoption (same {@code userName} or {@code displayName}).
 */
public final class RemoteIdTakenException extends RuntimeException {
  private final String provider;
  private final ObjectKind kind;
  private final String remoteId;
  private final String heldBy;
  private final String requestedBy;

  /**
   * @param heldBy      the local id already linked to {@code remoteId}
   * @param requestedBy the local id whose save was refused
   */
  public RemoteIdTakenException(String provider, ObjectKind kind, String remoteId, String heldBy,
                                String requestedBy) {
    super("provider '" + provider + "': remote " + kindName(kind) + " id '" + remoteId
        + "' is already linked to local " + kindName(kind) + " '" + heldBy
        + "', so it cannot be linked to local " + kindName(kind) + " '" + requestedBy + "'");
    this.provider = provider;
    this.kind = kind;
    this.remoteId = remoteId;
    this.heldBy = heldBy;
    this.requestedBy = requestedBy;
  }

  /** The provider whose connections were to be saved. */
  public String provider() {
    return provider;
  }

  /** The kind of both local objects; a user and a group may share a remote id. */
  public ObjectKind kind() {
    return kind;
  }

  /** The remote id both local objects claim. */
  public String remoteId() {
    return remoteId;
  }

  /** The local id already linked to the remote id. */
  public String heldBy() {
    return heldBy;
  }

  /** The local id whose save was refused. */
  public String requestedBy() {
    return requestedBy;
  }

  private static String kindName(ObjectKind kind) {
    return Objects.requireNonNull(kind, "kind").name().toLowerCase(java.util.Locale.ROOT);
  }
}
