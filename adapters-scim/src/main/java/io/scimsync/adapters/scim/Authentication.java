package io.scimsync.adapters.scim;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How scimsync authenticates to one provider's SCIM endpoint: the configuration only; the
 * {@link Authenticator} made from it produces the {@code Authorization} header values.
 *
 * <p>Every credential is a {@link Secret}, and every {@code toString()} here prints secrets as
 * {@code [REDACTED]}, so a configuration can be logged as it is.
 */
public sealed interface Authentication {

  /** No {@code Authorization} header at all (a target behind a network boundary, a test server). */
  static Authentication none() {
    return new None();
  }

  /** {@code Authorization: Bearer <token>} with a long-lived token (RFC 6750 §2.1). */
  static Authentication bearer(Secret token) {
    return new Bearer(token);
  }

  /** {@code Authorization: Basic ...} (RFC 7617). */
  static Authentication basic(String username, Secret password) {
    return new Basic(username, password);
  }

  /** OAuth 2.0 client credentials with the defaults: no scope, HTTP Basic client authentication, 30 s skew. */
  static Authentication oauthClientCredentials(URI tokenEndpoint, String clientId, Secret clientSecret) {
    return new OAuthClientCredentials(tokenEndpoint, clientId, clientSecret);
  }

  /** No authentication. */
  record None() implements Authentication {
    @Override
    public String toString() {
      return "None";
    }
  }

  /**
   * A static bearer token, sent as is.
   *
   * @param token the token alone, without a {@code Bearer } prefix; it must fit in an HTTP header
   *     (no whitespace, control or non-ASCII characters: RFC 6750 §2.1 {@code b64token} is
   *     narrower still, but real vendor tokens do not always keep to it)
   */
  record Bearer(Secret token) implements Authentication {
    public Bearer {
      Objects.requireNonNull(token, "token must not be null");
      String value = token.reveal();
      if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
        throw new IllegalArgumentException("bearer token must be the token alone, without the 'Bearer ' prefix");
      }
      if (!isVisibleAscii(value)) {
        throw new IllegalArgumentException(
            "bearer token must not contain whitespace, control or non-ASCII characters (a pasted line break?)");
      }
    }

    @Override
    public String toString() {
      return "Bearer[token=" + token + "]";
    }
  }

  /**
   * HTTP Basic: user name and password, sent UTF-8 encoded (RFC 7617 §2.1 {@code charset="UTF-8"}).
   *
   * @param username must not be blank, contain a colon (RFC 7617 §2: it would end the user-id) or
   *     control characters
   */
  record Basic(String username, Secret password) implements Authentication {
    public Basic {
      if (username == null || username.isBlank()) {
        throw new IllegalArgumentException("basic auth username must not be blank");
      }
      if (username.indexOf(':') >= 0) {
        throw new IllegalArgumentException("basic auth username must not contain ':' (RFC 7617 §2)");
      }
      if (hasControlCharacter(username)) {
        throw new IllegalArgumentException("basic auth username must not contain control characters");
      }
      Objects.requireNonNull(password, "password must not be null");
    }

    @Override
    public String toString() {
      return "Basic[username=" + username + ", password=" + password + "]";
    }
  }

  /** How the client authenticates to the token endpoint (RFC 6749 §2.3.1). */
  enum ClientAuthMethod {
    /**
     * {@code Authorization: Basic base64(urlencode(client_id) ":" urlencode(client_secret))}: the
     * method every authorization server must support, hence the default. Both values are
     * form-urlencoded first, as §2.3.1 requires; for the usual alphanumeric ids and secrets that
     * changes nothing.
     */
    BASIC_HEADER,
    /** {@code client_id} and {@code client_secret} as form parameters in the request body. */
    REQUEST_BODY
  }

  /**
   * OAuth 2.0 client credentials grant (RFC 6749 §4.4): an access token fetched from the token
   * endpoint, sent as a bearer token, cached until {@code refreshSkew} before it expires.
   *
   * @param tokenEndpoint absolute {@code http} or {@code https} URL, without user info (credentials
   *     belong in {@code clientId}/{@code clientSecret}) or fragment (RFC 6749 §3.2)
   * @param clientId not blank
   * @param scope space-separated scope tokens (RFC 6749 §3.3), or empty to send no scope
   * @param clientAuth how the client id and secret are sent
   * @param refreshSkew how long before expiry a token is replaced, so that a request never leaves
   *     with a token that expires on its way; not negative
   */
  record OAuthClientCredentials(
      URI tokenEndpoint,
      String clientId,
      Secret clientSecret,
      Optional<String> scope,
      ClientAuthMethod clientAuth,
      Duration refreshSkew) implements Authentication {

    /** The default {@link #refreshSkew}. */
    public static final Duration DEFAULT_REFRESH_SKEW = Duration.ofSeconds(30);

    public OAuthClientCredentials {
      validateTokenEndpoint(tokenEndpoint);
      if (clientId == null || clientId.isBlank()) {
        throw new IllegalArgumentException("OAuth clientId must not be blank");
      }
      if (hasControlCharacter(clientId)) {
        throw new IllegalArgumentException("OAuth clientId must not contain control characters");
      }
      Objects.requireNonNull(clientSecret, "OAuth clientSecret must not be null");
      Objects.requireNonNull(scope, "OAuth scope must not be null (use Optional.empty())");
      scope.ifPresent(OAuthClientCredentials::validateScope);
      Objects.requireNonNull(clientAuth, "OAuth clientAuth must not be null");
      Objects.requireNonNull(refreshSkew, "OAuth refreshSkew must not be null");
      if (refreshSkew.isNegative()) {
        throw new IllegalArgumentException("OAuth refreshSkew must not be negative, was " + refreshSkew);
      }
    }

    /** No scope, {@link ClientAuthMethod#BASIC_HEADER}, {@link #DEFAULT_REFRESH_SKEW}. */
    public OAuthClientCredentials(URI tokenEndpoint, String clientId, Secret clientSecret) {
      this(tokenEndpoint, clientId, clientSecret, Optional.empty(), ClientAuthMethod.BASIC_HEADER,
          DEFAULT_REFRESH_SKEW);
    }

    /** A copy requesting {@code value} as scope. */
    public OAuthClientCredentials withScope(String value) {
      return new OAuthClientCredentials(tokenEndpoint, clientId, clientSecret, Optional.of(value),
          clientAuth, refreshSkew);
    }

    /** A copy authenticating the client with {@code method}. */
    public OAuthClientCredentials withClientAuth(ClientAuthMethod method) {
      return new OAuthClientCredentials(tokenEndpoint, clientId, clientSecret, scope, method,
          refreshSkew);
    }

    /** A copy replacing tokens {@code skew} before they expire. */
    public OAuthClientCredentials withRefreshSkew(Duration skew) {
      return new OAuthClientCredentials(tokenEndpoint, clientId, clientSecret, scope, clientAuth, skew);
    }

    /**
     * The token endpoint as host, port and path only, for log lines and error messages: its query
     * may carry things that are not ours to print.
     */
    String endpointForMessages() {
      int port = tokenEndpoint.getPort();
      String path = tokenEndpoint.getRawPath() == null ? "" : tokenEndpoint.getRawPath();
      return tokenEndpoint.getHost() + (port < 0 ? "" : ":" + port) + path;
    }

    @Override
    public String toString() {
      return "OAuthClientCredentials[tokenEndpoint=" + tokenEndpoint.getScheme() + "://"
          + endpointForMessages() + ", clientId=" + clientId + ", clientSecret=" + clientSecret
          + ", scope=" + scope.orElse("") + ", clientAuth=" + clientAuth
          + ", refreshSkew=" + refreshSkew + "]";
    }

    private static void validateTokenEndpoint(URI uri) {
      Objects.requireNonNull(uri, "OAuth tokenEndpoint must not be null");
      // the messages below never echo the URI: it could hold credentials in its user info or query
      if (!uri.isAbsolute() || uri.isOpaque()) {
        throw new IllegalArgumentException("OAuth tokenEndpoint must be an absolute http or https URL");
      }
      String scheme = uri.getScheme();
      if (!scheme.equalsIgnoreCase("https") && !scheme.equalsIgnoreCase("http")) {
        throw new IllegalArgumentException(
            "OAuth tokenEndpoint must be an http or https URL, not '" + scheme + "'");
      }
      if (uri.getRawUserInfo() != null) {
        throw new IllegalArgumentException("OAuth tokenEndpoint must not contain user info;"
            + " put the credentials in clientId and clientSecret");
      }
      if (uri.getHost() == null || uri.getHost().isEmpty()) {
        throw new IllegalArgumentException("OAuth tokenEndpoint must name a host");
      }
      if (uri.getRawFragment() != null) {
        throw new IllegalArgumentException("OAuth tokenEndpoint must not have a fragment (RFC 6749 §3.2)");
      }
    }

    private static void validateScope(String scope) {
      if (scope.isBlank()) {
        throw new IllegalArgumentException("OAuth scope must not be blank (use Optional.empty() for none)");
      }
      for (int i = 0; i < scope.length(); i++) {
        char c = scope.charAt(i);
        // scope-token = 1*( %x21 / %x23-5B / %x5D-7E ), separated by spaces (RFC 6749 §3.3)
        boolean allowed = c == ' ' || c == 0x21 || (c >= 0x23 && c <= 0x5B) || (c >= 0x5D && c <= 0x7E);
        if (!allowed) {
          throw new IllegalArgumentException("OAuth scope must be space-separated tokens of printable"
              + " ASCII other than '\"' and '\\' (RFC 6749 §3.3), found " + describe(c) + " at index " + i);
        }
      }
    }

    private static String describe(char c) {
      return c < 0x20 || c == 0x7F ? String.format("control character U+%04X", (int) c)
          : "'" + c + "'";
    }
  }

  private static boolean isVisibleAscii(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c <= 0x20 || c >= 0x7F) {
        return false;
      }
    }
    return true;
  }

  private static boolean hasControlCharacter(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isISOControl(c)) {
        return true;
      }
    }
    return false;
  }
}
