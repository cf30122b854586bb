package io.scimsync.app.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AdminRoutesProvidersTest extends AdminApiTestBase {
  private static final String SECRET = "scim-bearer-secret-91b2";
  private static final String ACME = j("{'baseUrl': 'https://acme.example.com/scim/v2', "
      + "'auth': {'type': 'bearer', 'token': '" + SECRET + "'}, 'compatibilityMode': 'aws', "
      + "'dryRun': true, 'maxConcurrency': 4}");

  @Test
  void putProvider_answers201WithTheDefinition_withoutTheSecret() {
    HttpResponse<String> created = put("/api/v1/providers/acme", ACME);

    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertJsonType(created);
    assertThat(created.body()).doesNotContain(SECRET);
    JsonNode body = json(created);
    assertThat(body.path("name").asText()).isEqualTo("acme");
    assertThat(body.path("baseUrl").asText()).isEqualTo("https://acme.example.com/scim/v2");
    assertThat(body.path("compatibilityMode").asText()).isEqualTo("aws");
    assertThat(body.path("dryRun").asBoolean()).isTrue();
    assertThat(body.path("maxConcurrency").asInt()).isEqualTo(4);
    assertThat(body.path("auth").path("type").asText()).isEqualTo("bearer");
    assertThat(body.path("auth").path("secretSet").asBoolean()).isTrue();
  }

  @Test
  void getProvider_neverShowsTheSecret() {
    put("/api/v1/providers/acme", ACME);

    HttpResponse<String> got = get("/api/v1/providers/acme");

    assertThat(got.statusCode()).isEqualTo(200);
    assertThat(got.body()).doesNotContain(SECRET);
    assertThat(json(got).path("auth").path("secretSet").asBoolean()).isTrue();
  }

  @Test
  void putProvider_withoutASecret_replacesAndKeepsTheStoredOne() {
    put("/api/v1/providers/acme", ACME);

    HttpResponse<String> replaced = put("/api/v1/providers/acme", j(
        "{'baseUrl': 'https://acme.example.com/scim/v2', 'auth': {'type': 'bearer'}}"));

    assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(200);
    assertThat(json(replaced).path("auth").path("secretSet").asBoolean()).isTrue();
    assertThat(json(replaced).path("dryRun").asBoolean()).isFalse();
  }

  @Test
  void putProvider_new_withoutAToken_answers400OnAuthToken() {
    assertBadRequest(put("/api/v1/providers/acme", j(
        "{'baseUrl': 'https://acme.example.com/scim/v2', 'auth': {'type': 'bearer'}}")),
        "auth.token");
    assertThat(get("/api/v1/providers/acme").statusCode()).isEqualTo(404);
  }

  @ParameterizedTest(name = "{0} -> field {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "{'auth': {'type': 'none'}}                                                | baseUrl",
      "{'baseUrl': 'ftp://x/scim', 'auth': {'type': 'none'}}                     | baseUrl",
      "{'baseUrl': 'https://x/scim'}                                             | auth",
      "{'baseUrl': 'https://x/scim', 'auth': {'type': 'kerberos'}}               | auth.type",
      "{'baseUrl': 'https://x/scim', 'auth': {'type': 'basic', 'password': 'p'}} | auth.username",
      "{'baseUrl': 'https://x/scim', 'auth': {'type': 'none'}, 'compatibilityMode': 'okta2000'}"
          + " | compatibilityMode",
      "{'baseUrl': 'https://x/scim', 'auth': {'type': 'none'}, 'maxConcurrency': 0} "
          + "| maxConcurrency",
      "{'baseUrl': 'https://x/scim', 'auth': {'type': 'none'}, 'colour': 'red'}  | colour",
  })
  void putProvider_answers400NamingTheField(String body, String field) {
    assertBadRequest(put("/api/v1/providers/acme", j(body)), field);
  }

  @Test
  void putProvider_doesNotEchoAMisplacedSecret() {
    String body = j("{'baseUrl': 'https://x/scim', 'auth': {'type': 'bearer', 'token': 12345678}}");
    HttpResponse<String> response = put("/api/v1/providers/acme", body);
    assertBadRequest(response, "auth.token");
    assertThat(response.body()).doesNotContain("12345678");
  }

  @ParameterizedTest
  @ValueSource(strings = {"bad%20name", "-dash-first", "semi;colon"})
  void providerPaths_withAnInvalidName_answer400OnName(String name) {
    assertBadRequest(put("/api/v1/providers/" + name, ACME), "name");
    assertBadRequest(get("/api/v1/providers/" + name), "name");
    assertBadRequest(get("/api/v1/providers/" + name + "/status"), "name");
  }

  @Test
  void unknownProvider_answers404_everywhere() {
    for (HttpResponse<String> response : List.of(
        get("/api/v1/providers/ghost"),
        delete("/api/v1/providers/ghost"),
        get("/api/v1/providers/ghost/status"),
        get("/api/v1/providers/ghost/plan"),
        post("/api/v1/providers/ghost/reconcile", null))) {
      assertThat(response.statusCode()).as(response.request().toString()).isEqualTo(404);
      assertJsonType(response);
      assertThat(json(response).path("error").asText()).isEqualTo("no provider 'ghost'");
    }
  }

  @Test
  void deleteProvider_answers204_thenItIsGone() {
    put("/api/v1/providers/acme", ACME);
    assertThat(delete("/api/v1/providers/acme").statusCode()).isEqualTo(204);
    assertThat(get("/api/v1/providers/acme").statusCode()).isEqualTo(404);
  }

  @Test
  void status_answersTheProvidersProgress() {
    put("/api/v1/providers/acme", ACME);

    HttpResponse<String> response = get("/api/v1/providers/acme/status");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode status = json(response);
    assertThat(status.path("name").asText()).isEqualTo("acme");
    assertThat(status.path("pending").asLong()).isEqualTo(3);
    assertThat(status.path("inFlight").asInt()).isEqualTo(1);
    assertThat(status.path("synced").path("users").asLong()).isEqualTo(10);
    assertThat(status.path("failed").get(0).path("id").asText()).isEqualTo("u9");
    assertThat(status.path("failed").get(0).path("status").asInt()).isEqualTo(409);
    assertThat(status.path("lastReconcile").path("finishedAt").isNull()).isTrue();
    assertThat(status.path("dryRun").asBoolean()).isTrue();
  }

  @Test
  void reconcile_answers202_andSaysWhenOneIsAlreadyRunning() {
    put("/api/v1/providers/acme", ACME);

    HttpResponse<String> first = post("/api/v1/providers/acme/reconcile", null);
    HttpResponse<String> second = post("/api/v1/providers/acme/reconcile", null);

    assertThat(first.statusCode()).isEqualTo(202);
    assertThat(first.body()).isEqualTo(
        j("{'provider':'acme','accepted':true,'alreadyRunning':false}"));
    assertThat(second.statusCode()).isEqualTo(202);
    assertThat(json(second).path("alreadyRunning").asBoolean()).isTrue();
  }

  @Test
  void plan_answersTheRequestsAReconcileWouldSend() {
    put("/api/v1/providers/acme", ACME);

    HttpResponse<String> response = get("/api/v1/providers/acme/plan");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode plan = json(response);
    assertThat(plan.path("provider").asText()).isEqualTo("acme");
    assertThat(plan.path("total").asInt()).isEqualTo(1);
    assertThat(plan.path("requests").get(0).path("method").asText()).isEqualTo("POST");
    assertThat(plan.path("requests").get(0).path("body").path("userName").asText())
        .isEqualTo("alice");
  }
}
