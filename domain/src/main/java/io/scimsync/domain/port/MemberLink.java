package io.scimsync.domain.port;

import java.util.Objects;
import java.util.Optional;

/**
 * What a group's run needs to know of one member at the provider: its remote id, if it has one,
 * and where its own sync stands (a member still being created is worth waiting for; a failed one
 * is not).
 */
public record MemberLink(String localId, Optional<String> remoteId, SyncStatus status) {
  public MemberLink {
    if (localId == null || localId.isBlank()) {
      throw new IllegalArgumentException("localId must not be blank");
    }
    Objects.requireNonNull(remoteId, "remoteId");
    Objects.requireNonNull(status, "status");
  }

  /** The member part of a user's connection. */
  public static MemberLink of(Connection connection) {
    return new MemberLink(connection.object().localId(), connection.remoteId(),
        connection.status());
  }
}
