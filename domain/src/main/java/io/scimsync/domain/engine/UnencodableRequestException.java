package io.scimsync.domain.engine;

import java.util.Objects;

/**
 * A {@link ScimRequest} whose body the transport cannot put on the wire, e.g. because it nests
 * deeper than the transport's JSON limit: {@code PATCH /Users/x: body cannot be encoded: nested
 * too deep (more than 64 levels)}. A transport fails the request's stage with it instead of
 * throwing; nothing was sent.
 *
 * <p>The same request fails the same way every time: a caller should fail the object the request
 * is for permanently (until the object changes), not retry it.
 */
public final class UnencodableRequestException extends IllegalArgumentException {
  private final String request;
  private final String reason;

  /**
   * @param request the request, described as {@link ScimRequest#describe()} does (no body)
   * @param reason  why its body cannot be encoded, without the body itself
   * @param cause   the encoder's failure, or null
   */
  public UnencodableRequestException(String request, String reason, Throwable cause) {
    super(Objects.requireNonNull(request, "request") + ": body cannot be encoded: "
        + Objects.requireNonNull(reason, "reason"), cause);
    this.request = request;
    this.reason = reason;
  }

  /** For {@code request}, described by {@link ScimRequest#describe()}. */
  public UnencodableRequestException(ScimRequest request, String reason, Throwable cause) {
    this(request.describe(), reason, cause);
  }

  /** The request, method and path: {@code PATCH /Users/x}. */
  public String request() {
    return request;
  }

  /** Why its body cannot be encoded. */
  public String reason() {
    return reason;
  }
}
