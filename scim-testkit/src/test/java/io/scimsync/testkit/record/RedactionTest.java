package io.scimsync.testkit.record;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RedactionTest {

  private static final String SECRET = "hunter2-S3CR3T";

  @ParameterizedTest(name = "{0}: {1} -> {2}")
  @CsvSource(delimiter = '|', value = {
      "Authorization       | Bearer hunter2-S3CR3T            | Bearer [REDACTED]",
      "authorization       | Basic aHVudGVyMi1TM0NSM1Q=       | Basic [REDACTED]",
      "Authorization       | bearer   hunter2-S3CR3T          | bearer [REDACTED]",
      "Authorization       | SSWS hunter2-S3CR3T              | SSWS [REDACTED]",
      "Authorization       | hunter2-S3CR3T                   | [REDACTED]",
      "Authorization       | hunter2 S3CR3T                   | [REDACTED]",
      "Proxy-Authorization | Basic aHVudGVyMi1TM0NSM1Q=       | Basic [REDACTED]",
      "X-Api-Key           | hunter2-S3CR3T                   | [REDACTED]",
      "x-api-key           | Bearer hunter2-S3CR3T            | Bearer [REDACTED]",
      "X-Auth-Token        | hunter2-S3CR3T                   | [REDACTED]",
      "X-CSRF-TOKEN        | hunter2-S3CR3T                   | [REDACTED]",
      "Client-Secret       | hunter2-S3CR3T                   | [REDACTED]",
      "Cookie              | session=hunter2-S3CR3T; theme=x  | session=[REDACTED]; theme=[REDACTED]",
      "Set-Cookie          | sid=hunter2-S3CR3T; Path=/; HttpOnly | sid=[REDACTED]",
  })
  void redactsSecretHeaders_keepingAKnownScheme(String name, String value, String expected) {
    assertThat(Redaction.isSecretHeader(name)).isTrue();
    assertThat(Redaction.header(name, value)).isEqualTo(expected);
    assertThat(Redaction.header(name, expected)).as("idempotent").isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Accept", "Content-Type", "If-Match", "User-Agent", "X-Request-Id"})
  void keepsOtherHeaders(String name) {
    assertThat(Redaction.isSecretHeader(name)).isFalse();
    assertThat(Redaction.header(name, "Bearer visible")).isEqualTo("Bearer visible");
  }

  @Test
  void keepsAnEmptySecretHeaderEmpty() {
    assertThat(Redaction.header("Authorization", "")).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"password", "client_secret", "access_token", "refresh_token", "Password",
      "CLIENT_SECRET"})
  void redactsSecretMembersOfJsonBodies(String key) {
    String body = "{\"userName\":\"bjensen\",\"" + key + "\":\"" + SECRET + "\",\"active\":true}";

    assertThat(Redaction.body(body)).isEqualTo(
        "{\"userName\":\"bjensen\",\"" + key + "\":\"[REDACTED]\",\"active\":true}");
  }

  @Test
  void redactsSecretMembersAtAnyDepth_andInArrays() {
    String body = """
        {"Operations": [{"op": "add", "value": {"password": "hunter2-S3CR3T", "nickName": "b"}}],
         "urn:example:ext": {"deep": {"client_secret": {"nested": "hunter2-S3CR3T"}}},
         "tokens": [{"access_token": "hunter2-S3CR3T", "refresh_token": 12345}]}""";

    String redacted = Redaction.body(body);

    assertThat(redacted).doesNotContain(SECRET).doesNotContain("12345")
        .contains("\"password\": \"[REDACTED]\", \"nickName\": \"b\"")
        .contains("\"client_secret\": \"[REDACTED]\"")
        .contains("\"access_token\": \"[REDACTED]\", \"refresh_token\": \"[REDACTED]\"");
  }

  @Test
  void keepsTheRestOfTheBodyByteForByte() {
    String body = "{\n  \"userName\" : \"bjensen\",\n  \"password\" : \"hunter2-S3CR3T\" ,\n"
        + "  \"name\" : { \"givenName\" : \"Barbara\" }, \"n\": 1.50e2\n}\n";

    assertThat(Redaction.body(body)).isEqualTo("{\n  \"userName\" : \"bjensen\",\n"
        + "  \"password\" : \"[REDACTED]\" ,\n"
        + "  \"name\" : { \"givenName\" : \"Barbara\" }, \"n\": 1.50e2\n}\n");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":"
          + "[{\"op\":\"replace\",\"path\":\"password\",\"value\":\"hunter2-S3CR3T\"}]}",
      "{\"Operations\":[{\"value\":\"hunter2-S3CR3T\",\"op\":\"replace\",\"path\":\"password\"}]}",
      "{\"Operations\":[{\"op\":\"replace\",\"path\":"
          + "\"urn:ietf:params:scim:schemas:core:2.0:User:password\",\"value\":\"hunter2-S3CR3T\"}]}",
      "{\"Operations\":[{\"op\":\"replace\",\"PATH\":\"Password\",\"Value\":[\"hunter2-S3CR3T\"]}]}",
      "{\"Operations\":[{\"op\":\"replace\",\"path\":\"password\",\"value\":{\"x\":\"hunter2-S3CR3T\","
          + "\"password\":\"hunter2-S3CR3T\"}}]}",
      "{\"Operations\":[{\"op\":\"replace\",\"value\":{\"password\":\"hunter2-S3CR3T\"}}]}",
  })
  void redactsPasswordsSetByScimPatch(String body) throws Exception {
    String redacted = Redaction.body(body);

    assertThat(redacted).doesNotContain(SECRET).contains("[REDACTED]");
    new ObjectMapper().readTree(redacted); // still JSON
  }

  @Test
  void keepsValuesOfPatchOperationsOnOtherPaths() {
    String body = "{\"Operations\":[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"Eng\"},"
        + "{\"op\":\"replace\",\"path\":\"password\",\"value\":\"hunter2-S3CR3T\"}]}";

    assertThat(Redaction.body(body)).isEqualTo("{\"Operations\":["
        + "{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"Eng\"},"
        + "{\"op\":\"replace\",\"path\":\"password\",\"value\":\"[REDACTED]\"}]}");
  }

  @Test
  void redactsMemberNamesSpelledWithEscapes() {
    String body = "{\"pass\\u0077ord\":\"hunter2-S3CR3T\"}";

    assertThat(Redaction.body(body)).isEqualTo("{\"pass\\u0077ord\":\"[REDACTED]\"}");
  }

  @Test
  void redactsBodiesLongerThanTheParserBuffer() {
    String padding = "x".repeat(100_000);
    String body = "{\"a\":\"" + padding + "\",\"password\":\"hunter2-S3CR3T\",\"b\":\"" + padding + "\"}";

    assertThat(Redaction.body(body))
        .isEqualTo("{\"a\":\"" + padding + "\",\"password\":\"[REDACTED]\",\"b\":\"" + padding + "\"}");
  }

  @Test
  void returnsBodyWithoutSecretKeysUnchanged_withoutCopying() {
    String body = "{\"userName\":\"bjensen\",\"displayName\":\"Babs\"}";

    assertThat(Redaction.body(body)).isSameAs(body);
    assertThat(Redaction.body("")).isEmpty();
    assertThat(Redaction.body(null)).isNull();
  }

  @Test
  void keepsJsonThatMentionsASecretKeyOnlyInAValue() {
    String body = "{\"description\":\"reset your password here\"}";

    assertThat(Redaction.body(body)).isEqualTo(body);
  }

  @Test
  void redactsFormFieldsOfNonJsonBodies() {
    String body = "grant_type=refresh_token&client_id=app&client_secret=hunter2-S3CR3T"
        + "&refresh_token=hunter2-S3CR3T&password=hunter2-S3CR3T&scope=scim";

    assertThat(Redaction.body(body)).isEqualTo("grant_type=refresh_token&client_id=app"
        + "&client_secret=[REDACTED]&refresh_token=[REDACTED]&password=[REDACTED]&scope=scim");
  }

  @Test
  void keepsNonJsonBodiesWithoutSecretFields() {
    String body = "<html><body>forgot your password?</body></html>";

    assertThat(Redaction.body(body)).isEqualTo(body);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "{\"userName\":\"bjensen\",\"password\":\"hunter2-S3CR3T\"",
      "{\"userName\":\"bjensen\",\"password\":\"hunter2-S3CR3T",
      "{\"password\": hunter2-S3CR3T, \"x\": }",
  })
  void redactsSecretMembersOfBrokenJson(String body) {
    assertThat(Redaction.body(body)).doesNotContain(SECRET).contains("\"password\"");
  }

  @Test
  void isIdempotentOnBodies() {
    String once = Redaction.body("{\"password\":\"hunter2-S3CR3T\"} ");
    assertThat(Redaction.body(once)).isEqualTo(once);
    String form = Redaction.body("password=hunter2-S3CR3T");
    assertThat(Redaction.body(form)).isEqualTo(form);
  }

  @ParameterizedTest
  @CsvSource({"access_token, true", "api_key, true", "client_secret, true", "password, true",
      "filter, false", "attributes, false", "count, false"})
  void knowsSecretQueryParameters(String name, boolean secret) {
    assertThat(Redaction.isSecretParameter(name)).isEqualTo(secret);
  }
}
