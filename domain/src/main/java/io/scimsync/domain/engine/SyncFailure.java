package io.scimsync.domain.engine;

import io.scimsync.domain.model.ScimError;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Why a run stopped short. {@code message} names the object and the request, and carries the
 * target's SCIM {@code detail} when it sent one; it never carries credentials or whole bodies.
 *
 * @param kind       PERMANENT (retry only when the object changes or at the next reconcile),
 *                   TRANSIENT (retry with backoff, not before {@code retryAfter}), or CONFLICT
 *                   (the object exists remotely and could not be adopted safely)
 * @param status     the HTTP status, when a response arrived
 * @param scimType   the SCIM error type, when the target sent one
 * @param detail     the SCIM error detail, or the engine's own explanation
 * @param retryAfter the target's Retry-After, when given
 */
public record SyncFailure(Kind kind, String message, OptionalInt status, Optional<String> scimType,
                          Optional<String> detail, Optional<Duration> retryAfter) {
  public enum Kind { PERMANENT, TRANSIENT, CONFLICT }

  public SyncFailure {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(message, "message");
  }

  public static SyncFailure permanent(String message) {
    return new SyncFailure(Kind.PERMANENT, message, OptionalInt.empty(), Optional.empty(),
        Optional.empty(), Optional.empty());
  }

  public static SyncFailure conflict(String message, ScimReply reply) {
    SyncFailure base = of(reply, message);
    return new SyncFailure(Kind.CONFLICT, message, base.status, base.scimType, base.detail,
        Optional.empty());
  }

  /**
   * A failure for a reply that was not a success: kind from {@link ReplyClassifier}, details from
   * the SCIM error body when there is one. {@code context} is e.g. "POST /Groups for group 'eng'".
   */
  public static SyncFailure of(ScimReply reply, String context) {
    ReplyClass replyClass = ReplyClassifier.classify(reply);
    Kind kind = switch (replyClass) {
      case TRANSIENT -> Kind.TRANSIENT;
      case CONFLICT -> Kind.CONFLICT;
      default -> Kind.PERMANENT;
    };
    if (reply instanceof ScimReply.Received r) {
      Optional<ScimError> error = r.body().flatMap(b -> ScimError.fromBody(b, r.status()));
      Optional<String> scimType = error.flatMap(ScimError::scimType);
      Optional<String> detail = error.flatMap(ScimError::detail);
      String text = context + ": " + r.status()
          + scimType.map(t -> " " + t).orElse("")
          + detail.map(d -> ": " + d).orElse("");
      return new SyncFailure(kind, text, OptionalInt.of(r.status()), scimType, detail,
          r.retryAfter());
    }
    if (reply instanceof ScimReply.Unreadable u) {
      return new SyncFailure(kind,
          context + ": invalid response: status " + u.status() + ", content type '"
              + u.contentType() + "': " + u.reason(),
          OptionalInt.of(u.status()), Optional.empty(), Optional.of(u.reason()), u.retryAfter());
    }
    if (reply instanceof ScimReply.NotDelivered n) {
      return new SyncFailure(kind,
          context + ": no response (" + n.cause().name().toLowerCase(java.util.Locale.ROOT)
              + "): " + n.reason(),
          OptionalInt.empty(), Optional.empty(), Optional.of(n.reason()), Optional.empty());
    }
    return new SyncFailure(Kind.PERMANENT, context + ": withheld by dry run", OptionalInt.empty(),
        Optional.empty(), Optional.empty(), Optional.empty());
  }
}
