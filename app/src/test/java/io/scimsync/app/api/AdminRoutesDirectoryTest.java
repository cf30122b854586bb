package io.scimsync.app.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.scimsync.domain.directory.LocalUser;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AdminRoutesDirectoryTest extends AdminApiTestBase {
  private static final String ALICE = j("{'userName': 'alice@example.com', 'displayName': 'Alice',"
      + " 'givenName': 'Alice', 'familyName': 'Liddell', 'email': 'alice@example.com'}");

  // ---- users

  @Test
  void putUser_answers201ThenOkWithTheUser() throws Exception {
    HttpResponse<String> created = put("/api/v1/users/u1", ALICE);
    assertThat(created.statusCode()).isEqualTo(201);
    assertJsonType(created);
    assertThat(json(created)).isEqualTo(JSON.readTree(j("{'id': 'u1', 'userName': "
        + "'alice@example.com', 'displayName': 'Alice', 'givenName': 'Alice', 'familyName': "
        + "'Liddell', 'email': 'alice@example.com', 'active': true, 'attributes': {}}")));

    assertThat(put("/api/v1/users/u1", ALICE).statusCode()).as("unchanged").isEqualTo(200);
    HttpResponse<String> replaced = put("/api/v1/users/u1",
        j("{'userName': 'alice@example.com', 'active': false}"));
    assertThat(replaced.statusCode()).isEqualTo(200);
    assertThat(json(replaced)).isEqualTo(JSON.readTree(j(
        "{'id': 'u1', 'userName': 'alice@example.com', 'active': false, 'attributes': {}}")));
    assertThat(backend.store.findUser("u1")).hasValueSatisfying(u ->
        assertThat(u.active()).isFalse());
  }

  @Test
  void getUser_returnsWhatWasPut_includingTypedAttributes() {
    String body = j("{'userName': 'bob', 'attributes': {'employeeNumber': 42, 'ratio': 0.5, "
        + "'tags': ['a', 'b'], 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': "
        + "{'department': 'R&D'}}}");
    assertThat(put("/api/v1/users/u2", body).statusCode()).isEqualTo(201);

    HttpResponse<String> got = get("/api/v1/users/u2");

    assertThat(got.statusCode()).isEqualTo(200);
    JsonNode attributes = json(got).path("attributes");
    assertThat(attributes.path("employeeNumber").isIntegralNumber()).isTrue();
    assertThat(attributes.path("employeeNumber").asLong()).isEqualTo(42);
    assertThat(attributes.path("ratio").asDouble()).isEqualTo(0.5);
    assertThat(attributes.path("tags").toString()).isEqualTo(j("['a','b']"));
    assertThat(attributes.path("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User")
        .path("department").asText()).isEqualTo("R&D");
    // the domain gets plain values: integers as Long, decimals as Double
    LocalUser stored = backend.store.findUser("u2").orElseThrow();
    assertThat(stored.attributes().get("employeeNumber")).isEqualTo(42L);
    assertThat(stored.attributes().get("ratio")).isEqualTo(0.5d);
  }

  @Test
  void putUser_acceptsTheIdInTheBody_whenItIsThePathId() {
    assertThat(put("/api/v1/users/u1", j("{'id': 'u1', 'userName': 'a'}")).statusCode())
        .isEqualTo(201);
  }

  @Test
  void userIds_withSpacesQuotesSlashesAndUnicode_roundTrip() {
    String id = "Jöns \"JJ\" O'Brien/ünïcødé 名前 ✓";
    String path = "/api/v1/users/" + seg(id);

    HttpResponse<String> created = put(path, j("{'userName': 'jj'}"));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(json(created).path("id").asText()).isEqualTo(id);
    assertThat(backend.store.findUser(id)).isPresent();
    assertThat(json(get(path)).path("id").asText()).isEqualTo(id);
    assertThat(delete(path).statusCode()).isEqualTo(204);
  }

  @Test
  void getAndDeleteUser_answer404_forAnUnknownId() {
    HttpResponse<String> got = get("/api/v1/users/nobody");
    assertThat(got.statusCode()).isEqualTo(404);
    assertJsonType(got);
    assertThat(json(got).path("error").asText()).isEqualTo("no user 'nobody'");
    assertThat(delete("/api/v1/users/nobody").statusCode()).isEqualTo(404);
  }

  @Test
  void deleteUser_answers204_thenTheUserIsGone() {
    put("/api/v1/users/u1", ALICE);

    HttpResponse<String> deleted = delete("/api/v1/users/u1");

    assertThat(deleted.statusCode()).isEqualTo(204);
    assertThat(deleted.body()).isEmpty();
    assertThat(get("/api/v1/users/u1").statusCode()).isEqualTo(404);
  }

  @ParameterizedTest(name = "{0} -> field {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "{'displayName': 'no user name'}            | userName",
      "{'userName': 42}                           | userName",
      "{'userName': '   '}                        | userName",
      "{'userName': null}                         | userName",
      "{'userName': 'a', 'nickname': 'x'}         | nickname",
      "{'userName': 'a', 'id': 'u2'}              | id",
      "{'userName': 'a', 'id': 7}                 | id",
      "{'userName': 'a', 'displayName': 5}        | displayName",
      "{'userName': 'a', 'email': ['a@b']}        | email",
      "{'userName': 'a', 'active': 'yes'}         | active",
      "{'userName': 'a', 'attributes': ['x']}     | attributes",
      "{'userName': 'a\\u0000b'}                  | userName",
      "{'userName': 'a', 'attributes': {'x': {'y': 'nul\\u0000'}}} | attributes.x.y",
  })
  void putUser_answers400NamingTheField(String body, String field) {
    assertBadRequest(put("/api/v1/users/u1", j(body)), field);
    assertThat(backend.store.findUser("u1")).as("nothing written").isEmpty();
  }

  @Test
  void putUser_namesTheFirstUnknownFieldInSortedOrder() {
    String error = assertBadRequest(put("/api/v1/users/u1",
        j("{'userName': 'a', 'zeta': 1, 'alpha': 2}")), "alpha");
    assertThat(error).contains("unknown field");
  }

  @ParameterizedTest
  @ValueSource(strings = {"%20%20", "tab%09id", "nul%00", "del%7F"})
  void userPaths_withBlankOrControlCharacterIds_answer400OnId(String encodedId) {
    assertBadRequest(put("/api/v1/users/" + encodedId, j("{'userName': 'a'}")), "id");
    assertBadRequest(get("/api/v1/users/" + encodedId), "id");
    assertBadRequest(delete("/api/v1/users/" + encodedId), "id");
  }

  @Test
  void userIds_longerThan255Characters_answer400() {
    assertThat(put("/api/v1/users/" + seg("é".repeat(255)), j("{'userName': 'a'}"))
        .statusCode()).isEqualTo(201);
    assertBadRequest(put("/api/v1/users/" + seg("é".repeat(256)), j("{'userName': 'a'}")), "id");
  }

  // ---- groups

  @Test
  void putGroup_answers201ThenOk_withMembersSortedAndDeduplicated() throws Exception {
    put("/api/v1/users/u2", j("{'userName': 'b'}"));
    put("/api/v1/users/u1", j("{'userName': 'a'}"));
    String body = j("{'name': 'Engineering', 'members': ['u2', 'u1', 'u2'], "
        + "'attributes': {'externalId': 'eng'}}");

    HttpResponse<String> created = put("/api/v1/groups/g1", body);

    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(json(created)).isEqualTo(JSON.readTree(j("{'id': 'g1', 'name': 'Engineering', "
        + "'members': ['u1', 'u2'], 'attributes': {'externalId': 'eng'}}")));
    assertThat(put("/api/v1/groups/g1", body).statusCode()).isEqualTo(200);
    assertThat(json(get("/api/v1/groups/g1"))).isEqualTo(json(created));
  }

  @Test
  void putGroup_withoutMembers_createsAnEmptyGroup() {
    HttpResponse<String> created = put("/api/v1/groups/g1", j("{'name': 'Empty'}"));
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(json(created).path("members").size()).isZero();
  }

  @ParameterizedTest(name = "{0} -> field {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "{'members': []}                       | name",
      "{'name': 3}                           | name",
      "{'name': 'G', 'members': 'u1'}        | members",
      "{'name': 'G', 'members': [1]}         | members",
      "{'name': 'G', 'members': [null]}      | members",
      "{'name': 'G', 'members': ['']}        | members",
      "{'name': 'G', 'owner': 'u1'}          | owner",
      "{'name': 'G', 'attributes': 'x'}      | attributes",
  })
  void putGroup_answers400NamingTheField(String body, String field) {
    assertBadRequest(put("/api/v1/groups/g1", j(body)), field);
    assertThat(backend.store.findGroup("g1")).isEmpty();
  }

  @Test
  void putGroup_withAnUnknownMember_answers400OnMembers_andWritesNothing() {
    put("/api/v1/users/u1", j("{'userName': 'a'}"));

    String error = assertBadRequest(put("/api/v1/groups/g1",
        j("{'name': 'G', 'members': ['u1', 'ghost']}")), "members");

    assertThat(error).contains("ghost");
    assertThat(backend.store.findGroup("g1")).isEmpty();
  }

  @Test
  void getAndDeleteGroup_answer404_forAnUnknownId() {
    HttpResponse<String> got = get("/api/v1/groups/nope");
    assertThat(got.statusCode()).isEqualTo(404);
    assertThat(json(got).path("error").asText()).isEqualTo("no group 'nope'");
    assertThat(delete("/api/v1/groups/nope").statusCode()).isEqualTo(404);
  }

  @Test
  void deleteGroup_answers204_andKeepsItsMembers() {
    put("/api/v1/users/u1", j("{'userName': 'a'}"));
    put("/api/v1/groups/g1", j("{'name': 'G', 'members': ['u1']}"));

    assertThat(delete("/api/v1/groups/g1").statusCode()).isEqualTo(204);

    assertThat(get("/api/v1/groups/g1").statusCode()).isEqualTo(404);
    assertThat(get("/api/v1/users/u1").statusCode()).isEqualTo(200);
  }

  @Test
  void groupIds_withSpacesQuotesAndUnicode_roundTrip() {
    String id = "Équipe \"R&D\" ☃";
    HttpResponse<String> created = put("/api/v1/groups/" + seg(id), j("{'name': 'R&D'}"));
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(json(get("/api/v1/groups/" + seg(id))).path("id").asText()).isEqualTo(id);
  }

  // ---- members

  @Test
  void changeMembers_addsAndRemoves_andAnswersTheGroup() {
    for (String u : List.of("u1", "u2", "u3")) {
      put("/api/v1/users/" + u, j("{'userName': '" + u + "'}"));
    }
    put("/api/v1/groups/g1", j("{'name': 'G', 'members': ['u1', 'u2']}"));

    HttpResponse<String> changed = post("/api/v1/groups/g1/members",
        j("{'add': ['u3'], 'remove': ['u1']}"));

    assertThat(changed.statusCode()).isEqualTo(200);
    assertThat(json(changed).path("members").toString()).isEqualTo(j("['u2','u3']"));
    assertThat(backend.store.findGroup("g1").orElseThrow().memberIds())
        .containsExactlyInAnyOrder("u2", "u3");
  }

  @Test
  void changeMembers_acceptsOnlyAddOrOnlyRemove() {
    put("/api/v1/users/u1", j("{'userName': 'a'}"));
    put("/api/v1/groups/g1", j("{'name': 'G'}"));

    assertThat(post("/api/v1/groups/g1/members", j("{'add': ['u1']}")).statusCode())
        .isEqualTo(200);
    HttpResponse<String> removed = post("/api/v1/groups/g1/members", j("{'remove': ['u1']}"));
    assertThat(removed.statusCode()).isEqualTo(200);
    assertThat(json(removed).path("members").size()).isZero();
  }

  @Test
  void changeMembers_answers404_forAnUnknownGroup() {
    put("/api/v1/users/u1", j("{'userName': 'a'}"));
    HttpResponse<String> response = post("/api/v1/groups/nope/members", j("{'add': ['u1']}"));
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(json(response).path("error").asText()).isEqualTo("no group 'nope'");
  }

  @ParameterizedTest(name = "{0} -> field {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "{}                                 | add",
      "{'add': [], 'remove': []}          | add",
      "{'add': null}                      | add",
      "{'add': 'u1'}                      | add",
      "{'add': [7]}                       | add",
      "{'remove': {'u1': true}}           | remove",
      "{'add': ['u1'], 'replace': ['u2']} | replace",
  })
  void changeMembers_answers400NamingTheField(String body, String field) {
    put("/api/v1/users/u1", j("{'userName': 'a'}"));
    put("/api/v1/groups/g1", j("{'name': 'G'}"));
    assertBadRequest(post("/api/v1/groups/g1/members", j(body)), field);
  }

  @Test
  void changeMembers_withAnUnknownUser_answers400OnAdd_andWritesNothing() {
    put("/api/v1/users/u1", j("{'userName': 'a'}"));
    put("/api/v1/groups/g1", j("{'name': 'G'}"));

    String error = assertBadRequest(post("/api/v1/groups/g1/members",
        j("{'add': ['u1', 'ghost']}")), "add");

    assertThat(error).contains("ghost");
    assertThat(backend.store.findGroup("g1").orElseThrow().memberIds()).isEmpty();
  }

  @Test
  void userOutput_omitsAbsentOptionalNames() {
    backend.store.putUser(new LocalUser("u5", "e", Optional.empty(), Optional.of("Eve"),
        Optional.empty(), Optional.empty(), true, Map.of()));
    JsonNode user = json(get("/api/v1/users/u5"));
    assertThat(user.has("displayName")).isFalse();
    assertThat(user.path("givenName").asText()).isEqualTo("Eve");
  }
}
