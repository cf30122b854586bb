package io.scimsync.domain.engine;

import io.scimsync.domain.model.JsonValues;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** What came back for a {@link ScimRequest}, as the transport saw it. */
public sealed interface ScimReply {

  /**
   * A response whose body, if any, was JSON. {@code body} is the parsed value (usually an
   * object), empty for 204 or an empty body. {@code etag} comes from the ETag header or
   * {@code meta.version}; {@code retryAfter} from the Retry-After header. A body nested deeper than
   * {@link io.scimsync.domain.model.JsonDepth#LIMIT} is refused with a
   * {@link io.scimsync.domain.model.TooDeepException}; transports read replies with a lower limit
   * and answer {@link Unreadable} for deeper ones, so this is a bug guard, not a reply class.
   */
  record Received(int status, Optional<Object> body, Optional<String> etag,
                  Optional<Duration> retryAfter) implements ScimReply {
    public Received {
      if (status < 100 || status > 599) {
        throw new IllegalArgumentException("not an HTTP status: " + status);
      }
      body = body.map(b -> JsonValues.copy(b, "body"));
    }

    public static Received of(int status) {
      return new Received(status, Optional.empty(), Optional.empty(), Optional.empty());
    }

    public static Received of(int status, Map<String, ?> body) {
      return new Received(status, Optional.of(body), Optional.empty(), Optional.empty());
    }

    /** The body as an object, if it is one. */
    @SuppressWarnings("unchecked")
    public Optional<Map<String, Object>> object() {
      return body.filter(Map.class::isInstance).map(b -> (Map<String, Object>) b);
    }

    /** The ETag header if the transport saw one, else {@code meta.version} of the body. */
    public Optional<String> version() {
      return etag.or(() -> object().flatMap(o -> JsonValues.objectAt(o, "meta"))
          .flatMap(meta -> JsonValues.string(meta.get("version"))));
    }
  }

  /**
   * A response whose body could not be read as JSON: an HTML error page, a truncated body, a body
   * over the size limit or nested deeper than the transport reads. {@code reason} says which, without echoing the body. A gateway's HTML 429
   * or 503 still carries its Retry-After.
   */
  record Unreadable(int status, String contentType, String reason,
                    Optional<Duration> retryAfter) implements ScimReply {
    public Unreadable {
      Objects.requireNonNull(contentType, "contentType");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(retryAfter, "retryAfter");
    }

    public Unreadable(int status, String contentType, String reason) {
      this(status, contentType, reason, Optional.empty());
    }
  }

  /** No response at all. */
  record NotDelivered(Cause cause, String reason) implements ScimReply {
    public enum Cause {
      /** The connection was never established: the request provably did not reach the server. */
      CONNECT_FAILED,
      /** No complete response within the timeout. */
      TIMEOUT,
      /** The connection broke after the request may have been sent. */
      CONNECTION_LOST,
      /**
       * The request never left: it waited for its turn when the transport was closed (its
       * provider stops). Nothing of it is on its way.
       */
      NOT_SENT
    }

    public NotDelivered {
      Objects.requireNonNull(cause, "cause");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** Dry run: the transport withheld this mutating request and recorded it as "would send". */
  record WithheldByDryRun() implements ScimReply {}
}
