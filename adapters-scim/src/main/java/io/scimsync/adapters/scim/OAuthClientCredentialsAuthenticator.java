package io.scimsync.adapters.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.HttpsConnectionContext;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaRanges;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.ResponseEntity;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.headers.Accept;
import org.apache.pekko.http.javadsl.model.headers.Authorization;
import org.apache.pekko.stream.StreamLimitReachedException;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.util.ByteString;

/**
 * OAuth 2.0 client credentials (RFC 6749 §4.4): fetches an access token from the token endpoint,
 * sends it as {@code Bearer}, and keeps it until {@code refreshSkew} before it expires.
 *
 * <p><b>Single flight.</b> At most one token request per authenticator is in progress: callers
 * arriving while it runs share its result, so a burst of requests after expiry (or after a 401)
 * costs the authorization server one request, not one per caller.
 *
 * <p><b>Lifetime.</b> Measured from when the token request was <em>sent</em>, so the network time
 * counts against the token, not in its favour. Without {@code expires_in} (it is only RECOMMENDED,
 * RFC 6749 §5.1) a token is kept for {@link #DEFAULT_LIFETIME}, short enough that a token the
 * server expires sooner costs at most one 401 and refresh. A token is always kept for at least
 * half its lifetime, so a skew as long as the lifetime does not make every request fetch a token.
 *
 * <p><b>Failures</b> are not cached: the next call tries again. They complete the stage with an
 * {@link AuthenticationException}; see there for what its message may contain.
 */
final class OAuthClientCredentialsAuthenticator implements Authenticator {
  /** How long a token without {@code expires_in} is used. */
  static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(5);
  /** A token response is a few hundred bytes; anything this large is not one. */
  static final long MAX_RESPONSE_BYTES = 1024 * 1024;
  /** The whole token request, connection to last byte. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_ERROR_FIELD_CHARS = 200;

  private final Authentication.OAuthClientCredentials config;
  private final ClassicActorSystemProvider system;
  private final HttpsConnectionContext tls;
  private final Timer timer;
  private final String endpoint;

  private final Object lock = new Object();
  private Token current; // guarded by lock
  private CompletableFuture<Token> inFlight; // guarded by lock

  OAuthClientCredentialsAuthenticator(Authentication.OAuthClientCredentials config,
                                      ClassicActorSystemProvider system,
                                      HttpsConnectionContext tls, Timer timer) {
    this.config = Objects.requireNonNull(config, "config");
    this.system = Objects.requireNonNull(system, "system (OAuth needs an actor system for token requests)");
    this.tls = tls;
    this.timer = Objects.requireNonNull(timer, "timer (OAuth needs a timer for token expiry)");
    this.endpoint = config.endpointForMessages();
  }

  /** A fetched token: the header value to send, and when to fetch the next one. */
  private record Token(String authorization, Instant refreshAt) {
    @Override
    public String toString() {
      return "Token[refreshAt=" + refreshAt + "]";
    }
  }

  @Override
  public CompletionStage<Optional<String>> authorization() {
    CompletableFuture<Token> fetch;
    boolean start = false;
    synchronized (lock) {
      if (current != null && timer.now().isBefore(current.refreshAt())) {
        return CompletableFuture.completedFuture(Optional.of(current.authorization()));
      }
      if (inFlight == null) {
        inFlight = new CompletableFuture<>();
        start = true;
      }
      fetch = inFlight;
    }
    if (start) {
      // outside the lock: sending may run callbacks synchronously
      startFetch(fetch);
    }
    // a dependent stage per caller, so that no caller can complete the shared fetch
    return fetch.thenApply(token -> Optional.of(token.authorization()));
  }

  @Override
  public void rejected(String authorizationValue) {
    synchronized (lock) {
      // only the current token: a 401 for an older one says nothing about its replacement
      if (current != null && current.authorization().equals(authorizationValue)) {
        current = null;
      }
    }
  }

  @Override
  public boolean refreshable() {
    return true;
  }

  @Override
  public String toString() {
    return "OAuthClientCredentialsAuthenticator[" + config + "]";
  }

  private void startFetch(CompletableFuture<Token> target) {
    try {
      Instant requestedAt = timer.now();
      // the transport's own timeouts do not cover this request, and a hung token endpoint would
      // otherwise hold every request of the provider
      Timer.Cancellable timeout = timer.schedule(REQUEST_TIMEOUT, () -> finish(target, null,
          failure("no response within " + REQUEST_TIMEOUT.toSeconds() + " s", OptionalInt.empty(),
              Optional.empty(), true, new TimeoutException())));
      Stages.onCaller(send()).thenCompose(response -> read(response, requestedAt)).whenComplete((token, error) -> {
        timeout.cancel();
        finish(target, token, error);
      });
    } catch (RuntimeException e) {
      // a fetch that cannot even start must still end, or it would be shared forever
      finish(target, null, e);
    }
  }

  /** Publishes the outcome of {@code target}, once: the response and the timeout race. */
  private void finish(CompletableFuture<Token> target, Token token, Throwable error) {
    synchronized (lock) {
      if (inFlight != target) {
        return;
      }
      inFlight = null;
      if (error == null) {
        current = token;
      }
    }
    // completed after the state update, so callers continuing from it find the token cached
    if (error == null) {
      target.complete(token);
    } else {
      target.completeExceptionally(asAuthenticationException(error));
    }
  }

  private CompletionStage<HttpResponse> send() {
    StringBuilder form = new StringBuilder("grant_type=client_credentials");
    if (config.clientAuth() == Authentication.ClientAuthMethod.REQUEST_BODY) {
      form.append("&client_id=").append(formEncode(config.clientId()))
          .append("&client_secret=").append(formEncode(config.clientSecret().reveal()));
    }
    config.scope().ifPresent(scope -> form.append("&scope=").append(formEncode(scope)));
    HttpRequest request = HttpRequest.POST(config.tokenEndpoint().toString())
        .withEntity(ContentTypes.APPLICATION_X_WWW_FORM_URLENCODED, form.toString())
        .addHeader(Accept.create(MediaRanges.create(MediaTypes.APPLICATION_JSON)));
    if (config.clientAuth() == Authentication.ClientAuthMethod.BASIC_HEADER) {
      // RFC 6749 §2.3.1: form-urlencode id and secret before they become the Basic credentials
      request = request.addHeader(Authorization.basic(
          formEncode(config.clientId()), formEncode(config.clientSecret().reveal())));
    }
    Http http = Http.get(system);
    return tls == null ? http.singleRequest(request) : http.singleRequest(request, tls);
  }

  private CompletionStage<Token> read(HttpResponse response, Instant requestedAt) {
    StatusCode status = response.status();
    ResponseEntity entity = response.entity();
    String contentType = entity.getContentType().toString();
    OptionalLong length = entity.getContentLengthOption();
    if (length.isPresent() && length.getAsLong() > MAX_RESPONSE_BYTES) {
      // cancel rather than discard: reading a huge body only to drop it is what we refuse to do
      entity.getDataBytes().runWith(Sink.cancelled(), system);
      return CompletableFuture.failedFuture(tooLarge(status));
    }
    return Stages.onCaller(entity.getDataBytes()
            .limitWeighted(MAX_RESPONSE_BYTES, chunk -> (long) chunk.size())
            .completionTimeout(REQUEST_TIMEOUT)
            .runFold(ByteString.emptyByteString(), ByteString::concat, system))
        .handle((body, error) -> {
          if (error != null) {
            throw unwrap(error) instanceof StreamLimitReachedException ? tooLarge(status)
                : failure(statusText(status) + ", reading the body failed (" + describe(unwrap(error)) + ")",
                    OptionalInt.of(status.intValue()), Optional.empty(), true, unwrap(error));
          }
          return interpret(status, contentType, body, requestedAt);
        });
  }

  private Token interpret(StatusCode status, String contentType, ByteString body, Instant requestedAt) {
    OptionalInt code = OptionalInt.of(status.intValue());
    JsonNode json = parseObject(body);
    if (!status.isSuccess()) {
      // RFC 6749 §5.2: error and error_description are the only fields meant for us to show
      Optional<String> error = text(json, "error").map(this::sanitize);
      Optional<String> description = text(json, "error_description").map(this::sanitize);
      String detail = error.map(e -> ", error " + e + description.map(d -> ": " + d).orElse(""))
          .orElse(description.map(d -> ", " + d).orElse(""));
      boolean transientFailure = status.intValue() == 429 || status.intValue() >= 500;
      throw failure(statusText(status) + detail, code, error, transientFailure, null);
    }
    if (json == null) {
      throw failure(statusText(status) + " with a body that is not a JSON object (" + contentType + ")",
          code, Optional.empty(), false, null);
    }
    Optional<String> accessToken = text(json, "access_token").filter(t -> !t.isBlank());
    if (accessToken.isEmpty()) {
      throw failure(statusText(status) + " without an access_token", code, Optional.empty(), false, null);
    }
    if (!headerSafe(accessToken.get())) {
      throw failure(statusText(status) + " with an access_token that cannot be sent in a header"
          + " (whitespace, control or non-ASCII characters)", code, Optional.empty(), false, null);
    }
    JsonNode tokenType = json.get("token_type");
    // RFC 6749 §5.1 makes token_type REQUIRED, but only a non-Bearer type is a reason to refuse:
    // we could not use a MAC or DPoP token correctly, while a missing type is a harmless omission
    if (tokenType != null && !tokenType.isNull()
        && !(tokenType.isTextual() && tokenType.asText().equalsIgnoreCase("Bearer"))) {
      throw failure(statusText(status) + " with token_type " + sanitize(tokenType.asText())
          + " instead of Bearer", code, Optional.empty(), false, null);
    }
    Duration lifetime = lifetime(json.get("expires_in"), status);
    Duration keep = lifetime.minus(config.refreshSkew());
    Duration half = lifetime.dividedBy(2);
    return new Token("Bearer " + accessToken.get(), requestedAt.plus(keep.compareTo(half) < 0 ? half : keep));
  }

  private Duration lifetime(JsonNode expiresIn, StatusCode status) {
    if (expiresIn == null || expiresIn.isNull()) {
      return DEFAULT_LIFETIME;
    }
    long seconds;
    if (expiresIn.isIntegralNumber() && expiresIn.canConvertToLong()) {
      seconds = expiresIn.longValue();
    } else if (expiresIn.isTextual() && expiresIn.asText().matches("\\d{1,12}")) {
      // some servers send the number as a string; its meaning is not in doubt
      seconds = Long.parseLong(expiresIn.asText());
    } else {
      seconds = -1;
    }
    if (seconds < 0) {
      throw failure(statusText(status) + " with an invalid expires_in (" + sanitize(expiresIn.asText())
          + ")", OptionalInt.of(status.intValue()), Optional.empty(), false, null);
    }
    return Duration.ofSeconds(seconds);
  }

  private AuthenticationException tooLarge(StatusCode status) {
    return failure(statusText(status) + " with a body larger than " + MAX_RESPONSE_BYTES / 1024 + " KiB",
        OptionalInt.of(status.intValue()), Optional.empty(), false, null);
  }

  private AuthenticationException asAuthenticationException(Throwable error) {
    Throwable cause = unwrap(error);
    if (cause instanceof AuthenticationException authentication) {
      return authentication;
    }
    return failure("no response (" + describe(cause) + ")", OptionalInt.empty(), Optional.empty(), true, cause);
  }

  private AuthenticationException failure(String what, OptionalInt status, Optional<String> oauthError,
                                          boolean transientFailure, Throwable cause) {
    return new AuthenticationException("OAuth token request to " + endpoint + " failed: " + what,
        status, oauthError, transientFailure, cause);
  }

  private String describe(Throwable error) {
    String message = error.getMessage();
    return error.getClass().getSimpleName() + (message == null ? "" : ": " + sanitize(message));
  }

  /** Printable, bounded, and without the client secret, whatever the server chose to echo. */
  private String sanitize(String value) {
    String secret = config.clientSecret().reveal();
    String redacted = value.replace(secret, Redaction.REDACTED);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < redacted.length() && out.length() < MAX_ERROR_FIELD_CHARS; i++) {
      char c = redacted.charAt(i);
      out.append(Character.isISOControl(c) ? ' ' : c);
    }
    return redacted.length() > MAX_ERROR_FIELD_CHARS ? out + "..." : out.toString();
  }

  private static String statusText(StatusCode status) {
    return "HTTP " + status.intValue() + " " + status.reason();
  }

  private static JsonNode parseObject(ByteString body) {
    try {
      JsonNode node = JSON.readTree(body.toArray());
      return node != null && node.isObject() ? node : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static Optional<String> text(JsonNode json, String field) {
    if (json == null) {
      return Optional.empty();
    }
    JsonNode value = json.get(field);
    return value != null && value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
  }

  private static boolean headerSafe(String token) {
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c <= 0x20 || c >= 0x7F) {
        return false;
      }
    }
    return true;
  }

  private static Throwable unwrap(Throwable error) {
    Throwable t = error;
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static String formEncode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
