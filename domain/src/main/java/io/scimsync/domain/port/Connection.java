package io.scimsync.domain.port;

import io.scimsync.domain.model.JsonValues;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The link between a local object and its remote counterpart at one provider, with what was last
 * written there. Planning compares the desired state with this, not with a fresh GET, so a write
 * needs no read before it; drift is caught by the reconcile.
 *
 * @param provider           the provider's name
 * @param object             the local object
 * @param remoteId           the remote {@code id} (RFC 7643 §3.1); empty until the object is
 *                           created or adopted remotely
 * @param writtenAttributes  the normalised projection ({@code domain.change.Projection}) of the
 *                           payload last written, without a group's {@code members}; empty if
 *                           nothing was written yet
 * @param writtenMemberIds   for a group, the remote ids of the members last written; empty if
 *                           unknown (never written, or not trusted after a failure: the next
 *                           write then replaces the members) and always empty for a user
 * @param etag               the version the target returned with the last write (ETag header
 *                           or {@code meta.version}), for {@code If-Match}; empty if none
 * @param status             where the object stands, see {@link SyncStatus}
 * @param attempts           failed attempts since the last success, for backoff
 * @param nextAttemptAt      when a {@link SyncStatus#WAITING} object is retried; empty otherwise
 * @param lastError          the last failure's message (SCIM detail included), empty after a
 *                           success
 * @param lastErrorStatus    the HTTP status of the last failure, if a response arrived
 * @param updatedAt          when this connection was last saved
 */
public record Connection(String provider, ObjectRef object, Optional<String> remoteId,
                         Map<String, Object> writtenAttributes,
                         Optional<Set<String>> writtenMemberIds, Optional<String> etag,
                         SyncStatus status, int attempts, Optional<Instant> nextAttemptAt,
                         Optional<String> lastError, OptionalInt lastErrorStatus,
                         Instant updatedAt) {
  public Connection {
    requireText(provider, "provider");
    Objects.requireNonNull(object, "object");
    remoteId.ifPresent(id -> requireText(id, "remoteId"));
    writtenAttributes = JsonValues.copyObject(writtenAttributes);
    writtenMemberIds = writtenMemberIds.map(Set::copyOf);
    if (writtenMemberIds.isPresent() && object.kind() != ObjectKind.GROUP) {
      throw new IllegalArgumentException(
          "writtenMemberIds are for groups only: " + object.describe());
    }
    Objects.requireNonNull(etag, "etag");
    Objects.requireNonNull(status, "status");
    if (attempts < 0) {
      throw new IllegalArgumentException("attempts must not be negative: " + attempts);
    }
    Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
    Objects.requireNonNull(lastError, "lastError");
    Objects.requireNonNull(lastErrorStatus, "lastErrorStatus");
    if (lastErrorStatus.isPresent()
        && (lastErrorStatus.getAsInt() < 100 || lastErrorStatus.getAsInt() > 599)) {
      throw new IllegalArgumentException("not an HTTP status: " + lastErrorStatus.getAsInt());
    }
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  /** A connection for an object that has not been written to the provider yet. */
  public static Connection pending(String provider, ObjectRef object, Instant at) {
    return new Connection(provider, object, Optional.empty(), Map.of(), Optional.empty(),
        Optional.empty(), SyncStatus.PENDING, 0, Optional.empty(), Optional.empty(),
        OptionalInt.empty(), at);
  }

  private static void requireText(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be blank");
    }
  }
}
