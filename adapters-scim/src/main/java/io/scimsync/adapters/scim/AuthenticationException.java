package io.scimsync.adapters.scim;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * Getting credentials for a request failed: the OAuth token endpoint refused the client, answered
 * something that is not a token response, or could not be reached.
 *
 * <p>The message names the token endpoint (host, port and path only) and the HTTP status, plus
 * the OAuth {@code error} and {@code error_description} fields when the endpoint sent them
 * (RFC 6749 §5.2); never a secret, never any other part of the response body.
 */
public final class AuthenticationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final OptionalInt status;
  private final Optional<String> oauthError;
  private final boolean transientFailure;

  AuthenticationException(String message, OptionalInt status, Optional<String> oauthError,
                          boolean transientFailure, Throwable cause) {
    super(message, cause);
    this.status = status;
    this.oauthError = oauthError;
    this.transientFailure = transientFailure;
  }

  /** The token endpoint's HTTP status; empty when no response arrived. */
  public OptionalInt status() {
    return status;
  }

  /** The OAuth {@code error} code (e.g. {@code invalid_client}), when the endpoint sent one. */
  public Optional<String> oauthError() {
    return oauthError;
  }

  /**
   * Whether trying again later may help: no response, a timeout, or a 429 / 5xx status. A refused
   * client or an invalid response will fail the same way until the configuration or the
   * authorization server changes.
   */
  public boolean isTransient() {
    return transientFailure;
  }
}
