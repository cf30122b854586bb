package io.scimsync.adapters.scim;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Credentials that never change: none, a bearer token, or a user name and password. The header
 * value is computed once; a 401 is final, so {@link #rejected} does nothing.
 */
final class StaticAuthenticator implements Authenticator {
  static final StaticAuthenticator NONE = new StaticAuthenticator("none", Optional.empty());

  private final String kind;
  // one completed stage shared by every request: nothing to compute per request
  private final CompletionStage<Optional<String>> authorization;

  private StaticAuthenticator(String kind, Optional<String> authorization) {
    this.kind = kind;
    this.authorization = CompletableFuture.completedStage(authorization);
  }

  static StaticAuthenticator bearer(Authentication.Bearer bearer) {
    return new StaticAuthenticator("bearer", Optional.of("Bearer " + bearer.token().reveal()));
  }

  static StaticAuthenticator basic(Authentication.Basic basic) {
    return new StaticAuthenticator("basic", Optional.of(basicValue(basic.username(), basic.password().reveal())));
  }

  /** {@code Basic base64(UTF-8 "user:password")}, RFC 7617 §2 with {@code charset="UTF-8"}. */
  static String basicValue(String user, String password) {
    byte[] credentials = (user + ":" + password).getBytes(StandardCharsets.UTF_8);
    return "Basic " + Base64.getEncoder().encodeToString(credentials);
  }

  @Override
  public CompletionStage<Optional<String>> authorization() {
    return authorization;
  }

  @Override
  public void rejected(String authorizationValue) {
    // nothing to refresh: the transport reports the 401 as it is
  }

  @Override
  public boolean refreshable() {
    return false;
  }

  @Override
  public String toString() {
    return "StaticAuthenticator[" + kind + "]";
  }
}
