package io.scimsync.adapters.scim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RedactionTest {
  private static final String SECRET = "s3cr3tV4lue";

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "Authorization|Bearer s3cr3tV4lue|Bearer [REDACTED]",
      "authorization|bearer s3cr3tV4lue|bearer [REDACTED]",
      "Authorization|Basic s3cr3tV4lue|Basic [REDACTED]",
      "Proxy-Authorization|Basic s3cr3tV4lue|Basic [REDACTED]",
      // no scheme, or an unknown first word: nothing of it is kept
      "Authorization|s3cr3tV4lue|[REDACTED]",
      "Authorization|s3cr3tV4lue more|[REDACTED]",
      "X-Api-Key|s3cr3tV4lue|[REDACTED]",
      "X-Auth-Token|s3cr3tV4lue|[REDACTED]",
      "X-Client-Secret|s3cr3tV4lue|[REDACTED]",
      "Cookie|session=s3cr3tV4lue; theme=dark|[REDACTED]",
      "Set-Cookie|session=s3cr3tV4lue; Path=/; HttpOnly|[REDACTED]",
  })
  void redactsSecretHeaders_keepingAKnownScheme(String name, String value, String shown) {
    assertThat(Redaction.header(name, value)).isEqualTo(shown).doesNotContain(SECRET);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "Content-Type|application/scim+json",
      "User-Agent|scimsync/0.1.0",
      "ETag|W/\"3\"",
  })
  void keepsOrdinaryHeaders(String name, String value) {
    assertThat(Redaction.header(name, value)).isEqualTo(value);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"userName\":\"alice\",\"password\":\"s3cr3tV4lue\"}",
      "{\"userName\":\"alice\",\"PASSWORD\":\"s3cr3tV4lue\"}",
      "{\"client_secret\":\"s3cr3tV4lue\",\"grant_type\":\"client_credentials\"}",
      "{\"access_token\":\"s3cr3tV4lue\",\"token_type\":\"Bearer\",\"expires_in\":3600}",
      "{\"refresh_token\":\"s3cr3tV4lue\"}",
      "{\"token\":\"s3cr3tV4lue\"}",
      "{\"secret\":\"s3cr3tV4lue\"}",
      "{\"apiKey\":\"s3cr3tV4lue\"}",
      "{\"api_key\":\"s3cr3tV4lue\"}",
      "{\"clientSecret\":\"s3cr3tV4lue\"}",
      // at any depth, of any type
      "{\"a\":[{\"b\":{\"password\":\"s3cr3tV4lue\"}}]}",
      "{\"password\":{\"value\":\"s3cr3tV4lue\",\"hint\":\"s3cr3tV4lue\"}}",
      "{\"secret\":[\"s3cr3tV4lue\",1]}",
      // schema-qualified attribute name
      "{\"urn:ietf:params:scim:schemas:core:2.0:User:password\":\"s3cr3tV4lue\"}",
      // escaped name that dodges a naive text search
      "{\"pass\\u0077ord\":\"s3cr3tV4lue\"}",
      // SCIM PATCH: the secret is the value of an operation whose path names it (RFC 7644 §3.5.2)
      "{\"Operations\":[{\"op\":\"replace\",\"path\":\"password\",\"value\":\"s3cr3tV4lue\"}]}",
      "{\"Operations\":[{\"value\":\"s3cr3tV4lue\",\"op\":\"replace\",\"path\":\"password\"}]}",
      "{\"Operations\":[{\"op\":\"replace\",\"value\":{\"password\":\"s3cr3tV4lue\"}}]}",
      // not JSON: a form, as sent to an OAuth token endpoint
      "grant_type=client_credentials&client_id=app&client_secret=s3cr3tV4lue&scope=scim",
      "password=s3cr3tV4lue",
      // JSON truncated by a size limit, so it no longer parses
      "{\"userName\":\"alice\",\"password\":\"s3cr3tV4lue\",\"emails\":[{\"val",
      "{\"userName\":\"alice\",\"password\":\"s3cr3tV4lue",
      "{\"access_token\": s3cr3tV4lue",
  })
  void redactsSecretValuesInBodies(String body) {
    String shown = Redaction.body(body);
    assertThat(shown).doesNotContain(SECRET).contains("[REDACTED]");
    assertThat(Redaction.body(shown)).as("idempotent").isEqualTo(shown);
  }

  @Test
  void keepsTheRestOfAJsonBody_exactlyAsSent() {
    String body = "{ \"userName\" : \"alice\",\n  \"password\": \"s3cr3tV4lue\", \"n\": 1.50 }";
    assertThat(Redaction.body(body))
        .isEqualTo("{ \"userName\" : \"alice\",\n  \"password\": \"[REDACTED]\", \"n\": 1.50 }");
  }

  @Test
  void keepsThePatchValue_whenThePathIsNoSecret() {
    String body = "{\"Operations\":[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"Ops\"}]}";
    assertThat(Redaction.body(body)).isEqualTo(body);
  }

  @Test
  void returnsBodiesWithoutSecretNames_untouched() {
    String body = "{\"displayName\":\"Engineering\",\"members\":[{\"value\":\"u1\"}]}";
    assertThat(Redaction.body(body)).isSameAs(body);
    assertThat(Redaction.body("<html>Bad Gateway</html>")).isEqualTo("<html>Bad Gateway</html>");
    assertThat(Redaction.body(null)).isNull();
    assertThat(Redaction.body("")).isEmpty();
  }

  @Test
  void keepsNamesThatOnlyContainASecretWord() {
    String body = "{\"token_type\":\"Bearer\",\"tokenEndpoint\":\"https://idp/token\"}";
    assertThat(Redaction.body(body)).isEqualTo(body);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "https://alice:s3cr3tV4lue@scim.example.com/v2/Groups|https://scim.example.com/v2/Groups",
      "https://s3cr3tV4lue@scim.example.com|https://scim.example.com",
      "https://scim.example.com/v2/Users?access_token=s3cr3tV4lue&count=10"
          + "|https://scim.example.com/v2/Users?access_token=[REDACTED]&count=10",
      "https://h/x?count=10&API_KEY=s3cr3tV4lue#top|https://h/x?count=10&API_KEY=[REDACTED]#top",
      "https://h/x?client%5Fsecret=s3cr3tV4lue|https://h/x?client%5Fsecret=[REDACTED]",
      "https://u:p%40ss@h:8443/a?token=s3cr3tV4lue|https://h:8443/a?token=[REDACTED]",
      "/Users?password=s3cr3tV4lue|/Users?password=[REDACTED]",
  })
  void redactsUserInfoAndSecretQueryParameters(String url, String shown) {
    assertThat(Redaction.url(url)).isEqualTo(shown).doesNotContain(SECRET);
  }

  @Test
  void keepsOrdinaryUrls() {
    String url = "https://scim.example.com/v2/Groups?filter=displayName%20eq%20%22a%40b%22&count=5";
    assertThat(Redaction.url(url)).isEqualTo(url);
    assertThat(Redaction.url("mailto:someone@example.com")).isEqualTo("mailto:someone@example.com");
  }

  @Test
  void namesSecretsIgnoringCaseAndSeparators() {
    assertThat(Redaction.isSecretName("Client_Secret")).isTrue();
    assertThat(Redaction.isSecretName("api-key")).isTrue();
    assertThat(Redaction.isSecretName("urn:x:User:password")).isTrue();
    assertThat(Redaction.isSecretName("userName")).isFalse();
    assertThat(Redaction.isSecretName("token_type")).isFalse();
  }
}
