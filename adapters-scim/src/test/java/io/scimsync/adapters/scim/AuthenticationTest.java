package io.scimsync.adapters.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scimsync.adapters.scim.Authentication.ClientAuthMethod;
import io.scimsync.adapters.scim.Authentication.OAuthClientCredentials;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AuthenticationTest {
  private static final URI TOKEN_ENDPOINT = URI.create("https://login.example.com/oauth2/token");

  @Test
  void sendsNoHeader_forNone() {
    Authenticator authenticator = Authenticator.of(Authentication.none(), null, null, null);

    assertThat(header(authenticator)).isEmpty();
    assertThat(authenticator.refreshable()).isFalse();
  }

  @Test
  void sendsTokenAsBearer_forBearer() {
    Authenticator authenticator = Authenticator.of(Authentication.bearer(Secret.of("abc.DEF-123_~+/=")),
        null, null, null);

    assertThat(header(authenticator)).contains("Bearer abc.DEF-123_~+/=");
    assertThat(authenticator.refreshable()).isFalse();
  }

  @Test
  void encodesUserAndPasswordAsBase64_forBasic() {
    // RFC 7617 §2 example
    Authenticator authenticator = Authenticator.of(
        Authentication.basic("Aladdin", Secret.of("open sesame")), null, null, null);

    assertThat(header(authenticator)).contains("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
  }

  @Test
  void encodesNonAsciiPasswordAsUtf8_forBasic() {
    // RFC 7617 §2.1 example: "test" / "123£" in UTF-8
    Authenticator authenticator = Authenticator.of(
        Authentication.basic("test", Secret.of("123\u00A3")), null, null, null);

    assertThat(header(authenticator)).contains("Basic dGVzdDoxMjPCow==");
    String decoded = new String(Base64.getDecoder().decode(header(authenticator).get().substring(6)),
        StandardCharsets.UTF_8);
    assertThat(decoded).isEqualTo("test:123\u00A3");
  }

  @Test
  void keepsStaticCredentials_whenRejected() {
    Authenticator authenticator = Authenticator.of(Authentication.bearer(Secret.of("t")), null, null, null);

    authenticator.rejected("Bearer t");

    assertThat(header(authenticator)).contains("Bearer t");
  }

  @Test
  void refusesBearerToken_withPrefixOrWhitespace() {
    assertThatThrownBy(() -> Authentication.bearer(Secret.of("Bearer abc")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bearer token must be the token alone, without the 'Bearer ' prefix");
    assertThatThrownBy(() -> Authentication.bearer(Secret.of("abc\n")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not contain whitespace, control or non-ASCII characters")
        .hasMessageNotContaining("abc");
    assertThatThrownBy(() -> Authentication.bearer(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("token must not be null");
  }

  @Test
  void refusesBlankToken_withoutEchoingIt() {
    assertThatThrownBy(() -> Authentication.bearer(Secret.of("   ")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not be blank");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "\"\"      | basic auth username must not be blank",
      "\"  \"    | basic auth username must not be blank",
      "a:b       | basic auth username must not contain ':' (RFC 7617 §2)",
  })
  void refusesInvalidBasicUsername(String username, String message) {
    assertThatThrownBy(() -> Authentication.basic(username, Secret.of("pw")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void refusesBasicUsername_withControlCharacter() {
    assertThatThrownBy(() -> Authentication.basic("a\rb", Secret.of("pw")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("basic auth username must not contain control characters");
  }

  @Test
  void appliesOAuthDefaults() {
    OAuthClientCredentials oauth = new OAuthClientCredentials(TOKEN_ENDPOINT, "client", Secret.of("s3cr3t"));

    assertThat(oauth.scope()).isEmpty();
    assertThat(oauth.clientAuth()).isEqualTo(ClientAuthMethod.BASIC_HEADER);
    assertThat(oauth.refreshSkew()).isEqualTo(Duration.ofSeconds(30));
    assertThat(Authentication.oauthClientCredentials(TOKEN_ENDPOINT, "client", Secret.of("s3cr3t")))
        .isEqualTo(oauth);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "/oauth/token                          | OAuth tokenEndpoint must be an absolute http or https URL",
      "ftp://example.com/token               | OAuth tokenEndpoint must be an http or https URL, not 'ftp'",
      "mailto:someone@example.com            | OAuth tokenEndpoint must be an absolute http or https URL",
      "https://id:pw@example.com/token       | OAuth tokenEndpoint must not contain user info; put the credentials in clientId and clientSecret",
      "https://example.com/token#frag        | OAuth tokenEndpoint must not have a fragment (RFC 6749 §3.2)",
      "https:///token                        | OAuth tokenEndpoint must name a host",
  })
  void refusesInvalidTokenEndpoint(String uri, String message) {
    assertThatThrownBy(() -> new OAuthClientCredentials(URI.create(uri), "client", Secret.of("s")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void acceptsPlainHttpTokenEndpoint_andUpperCaseScheme() {
    assertThat(new OAuthClientCredentials(URI.create("http://127.0.0.1:8080/token"), "c", Secret.of("s"))
        .tokenEndpoint().getPort()).isEqualTo(8080);
    assertThat(new OAuthClientCredentials(URI.create("HTTPS://example.com/token"), "c", Secret.of("s")))
        .isNotNull();
  }

  @Test
  void refusesInvalidOAuthFields() {
    Secret secret = Secret.of("s");
    assertThatThrownBy(() -> new OAuthClientCredentials(TOKEN_ENDPOINT, " ", secret))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("OAuth clientId must not be blank");
    assertThatThrownBy(() -> new OAuthClientCredentials(TOKEN_ENDPOINT, "c", null))
        .isInstanceOf(NullPointerException.class).hasMessage("OAuth clientSecret must not be null");
    OAuthClientCredentials valid = new OAuthClientCredentials(TOKEN_ENDPOINT, "c", secret);
    assertThatThrownBy(() -> valid.withScope(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("OAuth scope must not be blank (use Optional.empty() for none)");
    assertThatThrownBy(() -> valid.withScope("scim:write \"all\""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("(RFC 6749 §3.3), found '\"' at index 11");
    assertThatThrownBy(() -> valid.withScope("a\tb"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageEndingWith("found control character U+0009 at index 1");
    assertThatThrownBy(() -> valid.withRefreshSkew(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("OAuth refreshSkew must not be negative, was PT-1S");
    assertThatThrownBy(() -> valid.withClientAuth(null))
        .isInstanceOf(NullPointerException.class).hasMessage("OAuth clientAuth must not be null");
    assertThatThrownBy(() -> new OAuthClientCredentials(TOKEN_ENDPOINT, "c", secret, null,
        ClientAuthMethod.BASIC_HEADER, Duration.ZERO))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("OAuth scope must not be null (use Optional.empty())");
  }

  @Test
  void neverShowsSecrets_inToString() {
    Authentication bearer = Authentication.bearer(Secret.of("tok-SECRET-1"));
    Authentication basic = Authentication.basic("alice", Secret.of("pw-SECRET-2"));
    Authentication oauth = new OAuthClientCredentials(
        URI.create("https://login.example.com:8443/oauth2/token?tenant=t1"), "client-7",
        Secret.of("cs-SECRET-3"), Optional.of("scim"), ClientAuthMethod.REQUEST_BODY, Duration.ofSeconds(10));

    assertThat(bearer.toString()).isEqualTo("Bearer[token=[REDACTED]]");
    assertThat(basic.toString()).isEqualTo("Basic[username=alice, password=[REDACTED]]");
    assertThat(oauth.toString()).isEqualTo("OAuthClientCredentials[tokenEndpoint="
        + "https://login.example.com:8443/oauth2/token, clientId=client-7, clientSecret=[REDACTED],"
        + " scope=scim, clientAuth=REQUEST_BODY, refreshSkew=PT10S]");
    assertThat(Authentication.none().toString()).isEqualTo("None");
    for (Authentication each : new Authentication[] {bearer, basic}) {
      assertThat(Authenticator.of(each, null, null, null).toString()).doesNotContain("SECRET");
    }
  }

  private static Optional<String> header(Authenticator authenticator) {
    return authenticator.authorization().toCompletableFuture().join();
  }
}
