package io.scimsync.adapters.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.typesafe.config.ConfigFactory;
import io.scimsync.adapters.scim.Authentication.ClientAuthMethod;
import io.scimsync.adapters.scim.Authentication.OAuthClientCredentials;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The OAuth client credentials authenticator against a bare Pekko HTTP token server on loopback
 * that counts and records requests, checks the client's credentials and issues {@code t1},
 * {@code t2}, ... Time is virtual ({@link ManualTimer}).
 */
class OAuthClientCredentialsTest {
  private static final Duration DEADLINE = Duration.ofSeconds(30);
  private static final String CLIENT_ID = "client-1";
  private static final String CLIENT_SECRET = "s3cr3t-VALUE";

  private static ActorSystem system;
  private static TokenServer server;

  private ManualTimer timer;

  @BeforeAll
  static void start() throws Exception {
    system = ActorSystem.create("oauth-test", ConfigFactory.parseString(String.join("\n",
        "pekko.loglevel = WARNING",
        "pekko.stdout-loglevel = WARNING",
        "pekko.log-dead-letters = off"))
        .withFallback(ConfigFactory.load()));
    server = TokenServer.start(system);
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      // client pools first, so that none sees its server vanish and logs an error
      await(Http.get(system).shutdownAllConnectionPools());
      if (server != null) {
        await(server.binding.terminate(Duration.ofSeconds(5)));
      }
    } finally {
      system.terminate();
      await(system.getWhenTerminated());
    }
  }

  @BeforeEach
  void reset() {
    server.reset();
    timer = new ManualTimer();
  }

  @AfterEach
  void openGate() {
    // a test that left a token request hanging must not leave it to the server's shutdown
    server.gate.complete(null);
  }

  @Test
  void fetchesTokenOnce_thenServesItFromCache() throws Exception {
    Authenticator authenticator = authenticator(config().withScope("scim.read scim.write"));

    assertThat(await(authenticator.authorization())).contains("Bearer t1");
    assertThat(await(authenticator.authorization())).contains("Bearer t1");

    assertThat(server.requests()).hasSize(1);
    Recorded request = server.requests().get(0);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/oauth2/token");
    assertThat(request.contentType()).isEqualTo("application/x-www-form-urlencoded");
    assertThat(request.accept()).contains("application/json");
    assertThat(request.form()).containsExactly(
        Map.entry("grant_type", "client_credentials"), Map.entry("scope", "scim.read scim.write"));
    assertThat(authenticator.refreshable()).isTrue();
  }

  @Test
  void fetchesNewToken_onceExpiryMinusSkewHasPassed() throws Exception {
    server.expiresIn = Optional.of(3600L);
    Authenticator authenticator = authenticator(config().withRefreshSkew(Duration.ofSeconds(30)));
    assertThat(await(authenticator.authorization())).contains("Bearer t1");

    timer.advance(Duration.ofSeconds(3569));
    assertThat(await(authenticator.authorization())).contains("Bearer t1");
    assertThat(server.requests()).hasSize(1);

    timer.advance(Duration.ofSeconds(1));
    assertThat(await(authenticator.authorization())).contains("Bearer t2");
    assertThat(await(authenticator.authorization())).contains("Bearer t2");
    assertThat(server.requests()).hasSize(2);
  }

  @Test
  void cachesForDefaultLifetime_whenExpiresInIsAbsent() throws Exception {
    server.expiresIn = Optional.empty();
    Authenticator authenticator = authenticator(config());
    assertThat(await(authenticator.authorization())).contains("Bearer t1");

    // 5 min default lifetime minus the 30 s default skew
    timer.advance(Duration.ofMinutes(4).plusSeconds(29));
    assertThat(await(authenticator.authorization())).contains("Bearer t1");

    timer.advance(Duration.ofSeconds(1));
    assertThat(await(authenticator.authorization())).contains("Bearer t2");
    assertThat(server.requests()).hasSize(2);
  }

  @Test
  void keepsTokenForHalfItsLifetime_whenSkewExceedsIt() throws Exception {
    server.expiresIn = Optional.of(20L);
    Authenticator authenticator = authenticator(config().withRefreshSkew(Duration.ofSeconds(30)));
    assertThat(await(authenticator.authorization())).contains("Bearer t1");

    timer.advance(Duration.ofSeconds(9));
    assertThat(await(authenticator.authorization())).contains("Bearer t1");
    timer.advance(Duration.ofSeconds(1));
    assertThat(await(authenticator.authorization())).contains("Bearer t2");
  }

  @Test
  void sendsOneTokenRequest_forFiftyConcurrentCallers() throws Exception {
    server.gate = new CompletableFuture<>();
    Authenticator authenticator = authenticator(config());
    ExecutorService callers = Executors.newFixedThreadPool(50);
    try {
      CountDownLatch ready = new CountDownLatch(50);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<CompletionStage<Optional<String>>>> calls = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        calls.add(callers.submit(() -> {
          ready.countDown();
          go.await();
          return authenticator.authorization();
        }));
      }
      assertThat(ready.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
      go.countDown();
      List<CompletableFuture<Optional<String>>> results = new ArrayList<>();
      for (Future<CompletionStage<Optional<String>>> call : calls) {
        results.add(call.get(DEADLINE.toSeconds(), TimeUnit.SECONDS).toCompletableFuture());
      }
      await(server.firstArrival);

      // every caller is in, and the one token request is held at the server
      assertThat(results).noneMatch(CompletableFuture::isDone);
      server.gate.complete(null);

      for (CompletableFuture<Optional<String>> result : results) {
        assertThat(await(result)).contains("Bearer t1");
      }
      assertThat(server.requests()).hasSize(1);
    } finally {
      callers.shutdownNow();
    }
  }

  @Test
  void refreshes_whenCurrentTokenIsRejected_butNotForAnOldOne() throws Exception {
    Authenticator authenticator = authenticator(config());
    String first = await(authenticator.authorization()).orElseThrow();

    authenticator.rejected(first);
    assertThat(await(authenticator.authorization())).contains("Bearer t2");

    authenticator.rejected(first);
    assertThat(await(authenticator.authorization())).contains("Bearer t2");
    assertThat(server.requests()).hasSize(2);
  }

  @Test
  void authenticatesClientWithBasicHeader_formEncodingIdAndSecret() throws Exception {
    server.clientId = "my client";
    server.clientSecret = "p@ss:w/rd é";
    Authenticator authenticator = authenticator(new OAuthClientCredentials(
        server.tokenEndpoint(), "my client", Secret.of("p@ss:w/rd é")));

    assertThat(await(authenticator.authorization())).contains("Bearer t1");

    Recorded request = server.requests().get(0);
    // RFC 6749 §2.3.1: application/x-www-form-urlencoded, then Basic
    assertThat(request.authorization()).contains("Basic " + Base64.getEncoder().encodeToString(
        "my+client:p%40ss%3Aw%2Frd+%C3%A9".getBytes(StandardCharsets.US_ASCII)));
    assertThat(request.form()).containsOnlyKeys("grant_type");
  }

  @Test
  void authenticatesClientInRequestBody_whenConfigured() throws Exception {
    Authenticator authenticator = authenticator(config().withClientAuth(ClientAuthMethod.REQUEST_BODY));

    assertThat(await(authenticator.authorization())).contains("Bearer t1");

    Recorded request = server.requests().get(0);
    assertThat(request.authorization()).isEmpty();
    assertThat(request.form()).containsExactly(Map.entry("grant_type", "client_credentials"),
        Map.entry("client_id", CLIENT_ID), Map.entry("client_secret", CLIENT_SECRET));
  }

  @Test
  void failsNamingEndpointAndOAuthError_butNotTheSecret_whenClientIsRefused() throws Exception {
    server.clientSecret = "another-secret";
    Authenticator authenticator = authenticator(config());

    AuthenticationException failure = failure(authenticator.authorization());

    assertThat(failure.getMessage())
        .isEqualTo("OAuth token request to 127.0.0.1:" + server.port() + "/oauth2/token failed:"
            + " HTTP 401 Unauthorized, error invalid_client: client authentication failed for [REDACTED]")
        .doesNotContain(CLIENT_SECRET)
        .doesNotContain("internal-trace");
    assertThat(failure.status()).hasValue(401);
    assertThat(failure.oauthError()).contains("invalid_client");
    assertThat(failure.isTransient()).isFalse();
  }

  @Test
  void triesAgain_afterAFailedFetch() throws Exception {
    server.respond = request -> HttpResponse.create().withStatus(StatusCodes.SERVICE_UNAVAILABLE);
    Authenticator authenticator = authenticator(config());
    AuthenticationException failure = failure(authenticator.authorization());
    assertThat(failure.getMessage()).endsWith("failed: HTTP 503 Service Unavailable");
    assertThat(failure.isTransient()).isTrue();

    server.respond = server::issueToken;
    assertThat(await(authenticator.authorization())).contains("Bearer t1");
    assertThat(server.requests()).hasSize(2);
  }

  @Test
  void failsClearly_whenResponseIsNotJson() throws Exception {
    server.respond = request -> HttpResponse.create()
        .withEntity(ContentTypes.TEXT_HTML_UTF8, "<html><body>Login</body></html>");

    AuthenticationException failure = failure(authenticator(config()).authorization());

    assertThat(failure.getMessage()).isEqualTo("OAuth token request to 127.0.0.1:" + server.port()
        + "/oauth2/token failed: HTTP 200 OK with a body that is not a JSON object (text/html; charset=UTF-8)");
    assertThat(failure.getMessage()).doesNotContain("Login");
  }

  @Test
  void fails_whenAccessTokenIsMissing() throws Exception {
    server.respond = request -> json("{\"token_type\":\"Bearer\",\"expires_in\":60}");

    assertThat(failure(authenticator(config()).authorization()).getMessage())
        .endsWith("failed: HTTP 200 OK without an access_token");
  }

  @Test
  void fails_whenTokenTypeIsNotBearer() throws Exception {
    server.respond = request -> json("{\"access_token\":\"x\",\"token_type\":\"mac\"}");

    assertThat(failure(authenticator(config()).authorization()).getMessage())
        .endsWith("failed: HTTP 200 OK with token_type mac instead of Bearer");
  }

  @Test
  void acceptsTokenType_inAnyCase() throws Exception {
    server.respond = request -> json("{\"access_token\":\"x\",\"token_type\":\"bEaReR\",\"expires_in\":\"60\"}");

    assertThat(await(authenticator(config()).authorization())).contains("Bearer x");
  }

  @Test
  void refusesResponseOverOneMebibyte_withContentLength() throws Exception {
    String padding = "x".repeat(1024 * 1024);
    server.respond = request -> json("{\"access_token\":\"x\",\"padding\":\"" + padding + "\"}");

    assertThat(failure(authenticator(config()).authorization()).getMessage())
        .endsWith("failed: HTTP 200 OK with a body larger than 1024 KiB");
  }

  @Test
  void refusesResponseOverOneMebibyte_whenChunked() throws Exception {
    ByteString chunk = ByteString.fromString(" ".repeat(64 * 1024));
    server.respond = request -> HttpResponse.create().withEntity(HttpEntities.create(
        ContentTypes.APPLICATION_JSON, Source.repeat(chunk).take(40)));

    assertThat(failure(authenticator(config()).authorization()).getMessage())
        .endsWith("failed: HTTP 200 OK with a body larger than 1024 KiB");
  }

  @Test
  void failsAsTransient_whenEndpointIsUnreachable() throws Exception {
    ServerBinding closed = await(Http.get(system).newServerAt("127.0.0.1", 0)
        .bindSync(request -> HttpResponse.create()));
    int port = closed.localAddress().getPort();
    await(closed.unbind());
    Authenticator authenticator = authenticator(new OAuthClientCredentials(
        URI.create("http://127.0.0.1:" + port + "/token?tenant=x"), CLIENT_ID, Secret.of(CLIENT_SECRET)));

    AuthenticationException failure = failure(authenticator.authorization());

    assertThat(failure.getMessage())
        .startsWith("OAuth token request to 127.0.0.1:" + port + "/token failed: no response (")
        .doesNotContain("tenant");
    assertThat(failure.status()).isEmpty();
    assertThat(failure.isTransient()).isTrue();
  }

  @Test
  void failsAfterRequestTimeout_thenTriesAgain() throws Exception {
    server.gate = new CompletableFuture<>();
    Authenticator authenticator = authenticator(config());
    CompletionStage<Optional<String>> hanging = authenticator.authorization();
    await(server.firstArrival);

    timer.advance(OAuthClientCredentialsAuthenticator.REQUEST_TIMEOUT);

    assertThat(failure(hanging).getMessage()).endsWith("failed: no response within 30 s");
    server.gate.complete(null);
    assertThat(await(authenticator.authorization())).contains("Bearer t2");
  }

  private OAuthClientCredentials config() {
    return new OAuthClientCredentials(server.tokenEndpoint(), CLIENT_ID, Secret.of(CLIENT_SECRET));
  }

  private Authenticator authenticator(OAuthClientCredentials config) {
    return Authenticator.of(config, system, null, timer);
  }

  private static HttpResponse json(String body) {
    return HttpResponse.create().withEntity(ContentTypes.APPLICATION_JSON, body);
  }

  private static AuthenticationException failure(CompletionStage<?> stage) {
    Throwable thrown = catchThrowable(() -> await(stage));
    assertThat(thrown).isInstanceOf(AuthenticationException.class);
    return (AuthenticationException) thrown;
  }

  private static <T> T await(CompletionStage<T> stage) throws Exception {
    try {
      return stage.toCompletableFuture().get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  /** One token request as the server saw it. */
  private record Recorded(String method, String path, String contentType, Optional<String> accept,
                          Optional<String> authorization, Map<String, String> form) {}

  /** The bare token server: state is reset before each test; its answers are replaceable. */
  private static final class TokenServer {
    final ActorSystem system;
    final ServerBinding binding;
    final List<Recorded> requests = new CopyOnWriteArrayList<>();
    final AtomicInteger issued = new AtomicInteger();
    volatile CompletableFuture<Void> gate = CompletableFuture.completedFuture(null);
    volatile CompletableFuture<Void> firstArrival = new CompletableFuture<>();
    volatile Function<Recorded, HttpResponse> respond = this::issueToken;
    volatile String clientId;
    volatile String clientSecret;
    volatile Optional<Long> expiresIn;

    private TokenServer(ActorSystem system) throws Exception {
      this.system = system;
      this.binding = await(Http.get(system).newServerAt("127.0.0.1", 0).bind(this::handle));
    }

    private CompletionStage<HttpResponse> handle(HttpRequest request) {
      return request.entity().toStrict(DEADLINE.toMillis(), system).thenCompose(entity -> {
        Recorded recorded = record(request, entity.getData().utf8String());
        requests.add(recorded);
        firstArrival.complete(null);
        return gate.thenApply(open -> respond.apply(recorded));
      });
    }

    static TokenServer start(ActorSystem system) throws Exception {
      return new TokenServer(system);
    }

    void reset() {
      requests.clear();
      issued.set(0);
      gate = CompletableFuture.completedFuture(null);
      firstArrival = new CompletableFuture<>();
      respond = this::issueToken;
      clientId = CLIENT_ID;
      clientSecret = CLIENT_SECRET;
      expiresIn = Optional.of(3600L);
    }

    List<Recorded> requests() {
      return requests;
    }

    int port() {
      return binding.localAddress().getPort();
    }

    URI tokenEndpoint() {
      return URI.create("http://127.0.0.1:" + port() + "/oauth2/token");
    }

    /** Checks grant and client credentials (header or body), then issues the next token. */
    HttpResponse issueToken(Recorded request) {
      if (!"client_credentials".equals(request.form().get("grant_type"))) {
        return error(400, "unsupported_grant_type");
      }
      String expected = Base64.getEncoder().encodeToString((formEncode(clientId) + ":"
          + formEncode(clientSecret)).getBytes(StandardCharsets.UTF_8));
      boolean headerOk = request.authorization().filter(("Basic " + expected)::equals).isPresent();
      boolean bodyOk = clientId.equals(request.form().get("client_id"))
          && clientSecret.equals(request.form().get("client_secret"));
      if (!headerOk && !bodyOk) {
        return HttpResponse.create().withStatus(401).withEntity(ContentTypes.APPLICATION_JSON,
            "{\"error\":\"invalid_client\",\"error_description\":\"client authentication failed for "
                + CLIENT_SECRET + "\",\"trace\":\"internal-trace-42\"}");
      }
      String token = "t" + issued.incrementAndGet();
      return json("{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\""
          + expiresIn.map(s -> ",\"expires_in\":" + s).orElse("") + "}");
    }

    private static HttpResponse error(int status, String code) {
      return HttpResponse.create().withStatus(status)
          .withEntity(ContentTypes.APPLICATION_JSON, "{\"error\":\"" + code + "\"}");
    }

    private static Recorded record(HttpRequest request, String body) {
      Map<String, String> form = new LinkedHashMap<>();
      if (!body.isEmpty()) {
        for (String pair : body.split("&")) {
          int eq = pair.indexOf('=');
          form.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
        }
      }
      return new Recorded(request.method().value(), request.getUri().path(),
          request.entity().getContentType().mediaType().toString(),
          request.getHeader("Accept").map(HttpHeader::value),
          request.getHeader("Authorization").map(HttpHeader::value), Collections.unmodifiableMap(form));
    }

    private static String decode(String value) {
      return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    private static String formEncode(String value) {
      return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
  }
}
