package io.scimsync.adapters.scim;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.http.javadsl.HttpsConnectionContext;

/**
 * The runtime side of an {@link Authentication}: what to put in the {@code Authorization} header of
 * each request to one provider, and what to do when the provider answers 401. Thread-safe; one
 * instance per provider, shared by all its requests.
 */
public interface Authenticator {

  /**
   * The {@code Authorization} header value for the next request, or empty to send none. Static
   * credentials complete immediately; OAuth may first fetch a token, and then fails with an
   * {@link AuthenticationException} (wrapped in a {@link java.util.concurrent.CompletionException}
   * when it reaches the caller through a dependent stage).
   */
  CompletionStage<Optional<String>> authorization();

  /**
   * The target answered 401 to a request sent with {@code authorizationValue}. OAuth forgets that
   * token if it is still the cached one, so that the next {@link #authorization()} fetches a new
   * one; a value already replaced (by a concurrent request's refresh) changes nothing. Static
   * credentials ignore it: they cannot get any better.
   */
  void rejected(String authorizationValue);

  /**
   * Whether a 401 may be cured by {@link #rejected} and a new {@link #authorization()}: true only
   * for OAuth. The transport then retries such a request exactly once.
   */
  boolean refreshable();

  /**
   * The authenticator for {@code authentication}.
   *
   * @param system runs the token requests; used, and required, only by OAuth
   * @param tls the TLS context for an {@code https} token endpoint, normally the provider's
   *     {@link TlsContexts#client}; null for Pekko HTTP's default
   * @param timer the clock for token expiry and the scheduler of the token request timeout;
   *     required only by OAuth
   */
  static Authenticator of(Authentication authentication, ClassicActorSystemProvider system,
                          HttpsConnectionContext tls, Timer timer) {
    Objects.requireNonNull(authentication, "authentication");
    if (authentication instanceof Authentication.None) {
      return StaticAuthenticator.NONE;
    }
    if (authentication instanceof Authentication.Bearer bearer) {
      return StaticAuthenticator.bearer(bearer);
    }
    if (authentication instanceof Authentication.Basic basic) {
      return StaticAuthenticator.basic(basic);
    }
    if (authentication instanceof Authentication.OAuthClientCredentials oauth) {
      return new OAuthClientCredentialsAuthenticator(oauth, system, tls, timer);
    }
    throw new IllegalArgumentException("unknown authentication " + authentication.getClass().getName());
  }
}
