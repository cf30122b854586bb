package io.scimsync.testkit;

import static io.scimsync.testkit.ScimClient.patch;
import static io.scimsync.testkit.ScimClient.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.scimsync.testkit.store.ResourceStore;
import io.scimsync.testkit.store.ResourceStore.Kind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Bodies nested deeper than {@link ResourceStore#MAX_DEPTH} (48) are refused with 400
 * {@code invalidSyntax} and store nothing, however deep (Jackson's own limit of 1,000 used to let
 * a 999-deep user in, after which {@code /_testkit/state} answered 500); the state always answers.
 */
class DepthLimitHttpTest {
  private static FakeScimServer server;
  private static ScimClient scim;
  private static ScimClient control;

  @BeforeAll
  static void start() {
    server = FakeScimServer.start(ServerProfile.RFC);
    scim = new ScimClient(server.baseUrl());
    control = new ScimClient("http://127.0.0.1:" + server.port());
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  @BeforeEach
  void reset() {
    server.reset();
  }

  /** A user whose "x" holds nested objects, so that the whole body nests {@code levels} levels. */
  static String deepUser(String userName, int levels) {
    return user(userName).replaceFirst("}$", ",\"x\":" + objects(levels - 1) + "}");
  }

  /** {@code levels} objects inside each other, {"a":{"a":...{}}}. */
  static String objects(int levels) {
    return "{\"a\":".repeat(levels - 1) + "{}" + "}".repeat(levels - 1);
  }

  static void assertRefusedAsTooDeep(ScimClient.Reply reply) {
    assertThat(reply.status()).as(reply.body()).isEqualTo(400);
    assertThat(reply.json().path("scimType").asText()).isEqualTo("invalidSyntax");
    assertThat(reply.json().path("detail").asText()).contains("nests deeper than 48 levels");
  }

  static void assertStateAnswers() {
    ScimClient.Reply state = control.get("/_testkit/state");
    assertThat(state.status()).as(state.body()).isEqualTo(200);
  }

  @Test
  void acceptsAUserNestingExactly48Levels_andListsIt() {
    ScimClient.Reply created = scim.post("/Users", deepUser("ada", 48));

    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(scim.get("/Users").status()).isEqualTo(200);
    assertStateAnswers();
  }

  @ParameterizedTest(name = "{0} levels")
  @ValueSource(ints = {49, 999, 10_000})
  void refusesPostAndPutOfADeeperUser_storingNothing_andTheStateStillAnswers(int levels) {
    assertRefusedAsTooDeep(scim.post("/Users", deepUser("deep", levels)));
    assertThat(server.store().size(Kind.USERS)).isZero();

    String id = scim.post("/Users", user("ada")).json().get("id").asText();
    assertRefusedAsTooDeep(scim.put("/Users/" + id, deepUser("ada", levels)));

    assertThat(scim.get("/Users/" + id).json().has("x")).isFalse();
    assertStateAnswers();
  }

  @ParameterizedTest(name = "{0} levels")
  @ValueSource(ints = {49, 999, 10_000})
  void refusesAPatchWhoseBodyIsDeeper_changingNothing(int levels) {
    String id = scim.post("/Users", user("ada")).json().get("id").asText();
    String version = scim.get("/Users/" + id).json().at("/meta/version").asText();

    // {"schemas", "Operations": [{"value": ...}]}: the value starts three levels down
    assertRefusedAsTooDeep(scim.patch("/Users/" + id, patch(
        "{\"op\":\"replace\",\"path\":\"x\",\"value\":" + objects(levels - 3) + "}")));

    assertThat(scim.get("/Users/" + id).json().at("/meta/version").asText()).isEqualTo(version);
    assertStateAnswers();
  }

  @Test
  void acceptsAPatchBodyNestingExactly48Levels() {
    String id = scim.post("/Users", user("ada")).json().get("id").asText();
    // the value starts four levels down: body, Operations, the operation, the value itself
    String operation = "{\"op\":\"add\",\"path\":\"name.givenName\",\"value\":" + objects(45) + "}";

    ScimClient.Reply reply = scim.patch("/Users/" + id, patch(operation));

    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    assertThat(reply.json().at("/name/givenName/a").isObject()).isTrue();
    assertStateAnswers();
  }
}
