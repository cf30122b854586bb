package io.scimsync.testkit;

import static io.scimsync.testkit.ScimClient.group;
import static io.scimsync.testkit.ScimClient.patch;
import static io.scimsync.testkit.ScimClient.user;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** RFC 7643/7644 behaviour of the fake server over real HTTP on loopback (strict profile). */
class FakeScimServerTest {
  private static FakeScimServer server;
  private static ScimClient scim;

  @BeforeAll
  static void start() {
    server = FakeScimServer.start(ServerProfile.RFC);
    scim = new ScimClient(server.baseUrl());
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  @BeforeEach
  void reset() {
    server.reset();
  }

  private static String createUser(String userName) {
    ScimClient.Reply reply = scim.post("/Users", user(userName));
    assertThat(reply.status()).as(reply.body()).isEqualTo(201);
    return reply.json().get("id").asText();
  }

  private static String createGroup(String name, String... members) {
    ScimClient.Reply reply = scim.post("/Groups", group(name, members));
    assertThat(reply.status()).as(reply.body()).isEqualTo(201);
    return reply.json().get("id").asText();
  }

  private static String filter(String expression) {
    return URLEncoder.encode(expression, StandardCharsets.UTF_8);
  }

  @Test
  void servesAtTheBaseUrlOnLoopback() {
    assertThat(server.baseUrl()).startsWith("http://127.0.0.1:").endsWith("/scim/v2");
  }

  @Test
  void createsAUser_withIdMetaLocationAndEtag_RFC7644section3_3() {
    ScimClient.Reply reply = scim.post("/Users", user("alice"));

    assertThat(reply.status()).isEqualTo(201);
    JsonNode body = reply.json();
    String id = body.get("id").asText();
    assertThat(body.get("userName").asText()).isEqualTo("alice");
    assertThat(body.at("/meta/resourceType").asText()).isEqualTo("User");
    assertThat(body.at("/meta/created").asText()).isNotBlank();
    assertThat(body.at("/meta/lastModified").asText()).isNotBlank();
    assertThat(body.at("/meta/location").asText()).isEqualTo(server.baseUrl() + "/Users/" + id);
    assertThat(reply.header("Location")).contains(server.baseUrl() + "/Users/" + id);
    assertThat(reply.header("ETag")).contains(body.at("/meta/version").asText());
    assertThat(reply.header("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("application/scim+json"));
  }

  @Test
  void getsAUserById_and404sAnUnknownIdWithAScimError() {
    String id = createUser("alice");

    assertThat(scim.get("/Users/" + id).json().get("userName").asText()).isEqualTo("alice");
    ScimClient.Reply missing = scim.get("/Users/nope");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.json().get("schemas").get(0).asText())
        .isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
    assertThat(missing.json().get("status").asText()).isEqualTo("404");
    assertThat(missing.json().get("detail").asText()).contains("nope");
  }

  @Test
  void answers409Uniqueness_forADuplicateUserNameIgnoringCase() {
    createUser("alice");

    ScimClient.Reply reply = scim.post("/Users", user("ALICE"));

    assertThat(reply.status()).isEqualTo(409);
    assertThat(reply.json().get("scimType").asText()).isEqualTo("uniqueness");
  }

  @Test
  void answers409Uniqueness_forADuplicateGroupDisplayName() {
    createGroup("Engineering");

    ScimClient.Reply reply = scim.post("/Groups", group("Engineering"));

    assertThat(reply.status()).isEqualTo(409);
    assertThat(reply.json().get("scimType").asText()).isEqualTo("uniqueness");
  }

  @Test
  void listsWithAnEscapedFilter_RFC7644section3_4_2_2() {
    createGroup("R&D \"Core\"");
    createGroup("Sales");

    ScimClient.Reply reply = scim.get("/Groups?filter="
        + filter("displayName eq \"R&D \\\"Core\\\"\""));

    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    assertThat(reply.json().get("totalResults").asInt()).isEqualTo(1);
    assertThat(reply.json().at("/Resources/0/displayName").asText()).isEqualTo("R&D \"Core\"");
  }

  @Test
  void answers400InvalidFilter_forAnUnquotedValue_inTheStrictProfile() {
    createUser("alice");

    ScimClient.Reply reply = scim.get("/Users?filter=" + filter("userName eq alice"));

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.json().get("scimType").asText()).isEqualTo("invalidFilter");
  }

  @Test
  void filtersWithEveryOperatorAndLogic() {
    createUser("alice");
    createUser("bob");
    createUser("carol");

    assertThat(count("/Users?filter=" + filter("userName co \"o\""))).isEqualTo(2);
    assertThat(count("/Users?filter=" + filter("userName sw \"a\" or userName ew \"l\""))).isEqualTo(2);
    assertThat(count("/Users?filter=" + filter("not (userName eq \"bob\")"))).isEqualTo(2);
    assertThat(count("/Users?filter=" + filter("userName gt \"b\" and userName le \"carol\""))).isEqualTo(2);
    assertThat(count("/Users?filter=" + filter("displayName pr"))).isEqualTo(3);
    assertThat(count("/Users?filter=" + filter("userName ne \"bob\""))).isEqualTo(2);
  }

  private static int count(String path) {
    ScimClient.Reply reply = scim.get(path);
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    return reply.json().get("totalResults").asInt();
  }

  @Test
  void pagesWithStartIndexAndCount_RFC7644section3_4_2_4() {
    for (int i = 0; i < 5; i++) {
      createUser("user" + i);
    }

    JsonNode page = scim.get("/Users?startIndex=2&count=2").json();

    assertThat(page.get("totalResults").asInt()).isEqualTo(5);
    assertThat(page.get("startIndex").asInt()).isEqualTo(2);
    assertThat(page.get("itemsPerPage").asInt()).isEqualTo(2);
    List<String> names = new ArrayList<>();
    page.get("Resources").forEach(r -> names.add(r.get("userName").asText()));
    assertThat(names).containsExactly("user1", "user2");
    assertThat(scim.get("/Users?count=0").json().get("Resources")).isNullOrEmpty();
  }

  @Test
  void returnsOnlyRequestedAttributes_RFC7644section3_9() {
    String id = createUser("alice");

    JsonNode only = scim.get("/Users/" + id + "?attributes=userName").json();
    assertThat(only.has("userName")).isTrue();
    assertThat(only.has("displayName")).isFalse();
    assertThat(only.has("id")).isTrue();

    JsonNode without = scim.get("/Users/" + id + "?excludedAttributes=displayName").json();
    assertThat(without.has("displayName")).isFalse();
    assertThat(without.has("userName")).isTrue();
  }

  @Test
  void replacesWithPut_RFC7644section3_5_1() {
    String id = createUser("alice");

    ScimClient.Reply reply = scim.put("/Users/" + id,
        "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"alice\",\"title\":\"CTO\"}");

    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    assertThat(reply.json().get("title").asText()).isEqualTo("CTO");
    assertThat(reply.json().has("displayName")).isFalse();
  }

  @Test
  void patchesMembers_withValueArraysAndFilterPaths_RFC7644section3_5_2() {
    String alice = createUser("alice");
    String bob = createUser("bob");
    String groupId = createGroup("Eng", alice);

    ScimClient.Reply added = scim.patch("/Groups/" + groupId, patch(
        "{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + bob + "\"}]}",
        "{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + alice + "\\\"]\"}"));

    assertThat(added.status()).as(added.body()).isEqualTo(200);
    JsonNode members = scim.get("/Groups/" + groupId).json().get("members");
    assertThat(members).hasSize(1);
    assertThat(members.get(0).get("value").asText()).isEqualTo(bob);
  }

  @Test
  void patchesWithAPathlessReplace() {
    String groupId = createGroup("Eng");

    ScimClient.Reply reply = scim.patch("/Groups/" + groupId,
        patch("{\"op\":\"replace\",\"value\":{\"displayName\":\"Engineering\"}}"));

    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    assertThat(scim.get("/Groups/" + groupId).json().get("displayName").asText())
        .isEqualTo("Engineering");
  }

  @Test
  void appliesAPatchAllOrNothing_RFC7644section3_5_2() {
    String groupId = createGroup("Eng");
    String before = scim.get("/Groups/" + groupId).json().at("/meta/version").asText();

    ScimClient.Reply reply = scim.patch("/Groups/" + groupId, patch(
        "{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"Renamed\"}",
        "{\"op\":\"remove\"}"));

    assertThat(reply.status()).isEqualTo(400);
    JsonNode after = scim.get("/Groups/" + groupId).json();
    assertThat(after.get("displayName").asText()).isEqualTo("Eng");
    assertThat(after.at("/meta/version").asText()).isEqualTo(before);
  }

  @Test
  void refusesAPatchWithoutItsSchemas_inTheStrictProfile() {
    String groupId = createGroup("Eng");

    ScimClient.Reply reply = scim.patch("/Groups/" + groupId,
        "{\"Operations\":[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"X\"}]}");

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.json().get("scimType").asText()).isEqualTo("invalidSyntax");
  }

  @Test
  void deletingAUser_removesItFromItsGroups_RFC7644section3_6() {
    String alice = createUser("alice");
    String groupId = createGroup("Eng", alice);

    assertThat(scim.delete("/Users/" + alice).status()).isEqualTo(204);

    assertThat(scim.get("/Users/" + alice).status()).isEqualTo(404);
    assertThat(scim.get("/Groups/" + groupId).json().path("members")).isEmpty();
    assertThat(scim.delete("/Users/" + alice).status()).isEqualTo(404);
  }

  @Test
  void answers412_whenIfMatchIsStale_RFC7644section3_14() {
    String id = createUser("alice");
    String version = scim.get("/Users/" + id).json().at("/meta/version").asText();
    scim.put("/Users/" + id, user("alice2"));

    ScimClient.Reply stale = scim.send("PUT", "/Users/" + id, user("alice3"), version);
    assertThat(stale.status()).isEqualTo(412);

    String current = scim.get("/Users/" + id).json().at("/meta/version").asText();
    assertThat(scim.send("PUT", "/Users/" + id, user("alice3"), current).status()).isEqualTo(200);
  }

  @Test
  void servesDiscoveryDocuments_RFC7644section4() {
    JsonNode spc = scim.get("/ServiceProviderConfig").json();
    assertThat(spc.at("/patch/supported").asBoolean()).isTrue();
    assertThat(spc.at("/etag/supported").asBoolean()).isTrue();
    assertThat(spc.at("/bulk/supported").asBoolean()).isFalse();

    JsonNode types = scim.get("/ResourceTypes").json();
    assertThat(types.get("totalResults").asInt()).isEqualTo(2);
    assertThat(scim.get("/ResourceTypes/User").json().get("endpoint").asText()).isEqualTo("/Users");

    JsonNode schemas = scim.get("/Schemas").json();
    assertThat(schemas.get("totalResults").asInt()).isEqualTo(3);
    assertThat(scim.get("/Schemas/urn:ietf:params:scim:schemas:core:2.0:Group").status())
        .isEqualTo(200);
  }

  @Test
  void answers501ForBulk_and404ForUnknownEndpoints() {
    assertThat(scim.post("/Bulk", "{}").status()).isEqualTo(501);
    assertThat(scim.get("/Nope").status()).isEqualTo(404);
  }

  @Test
  void answers400_forABodyThatIsNotJson() {
    ScimClient.Reply reply = scim.post("/Users", "{not json");

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.json().get("scimType").asText()).isEqualTo("invalidSyntax");
  }

  @Test
  void requiresTheBearerToken_whenOneIsConfigured() {
    try (FakeScimServer secured = FakeScimServer.builder().token("s3cret").start()) {
      ScimClient anonymous = new ScimClient(secured.baseUrl());
      ScimClient.Reply refused = anonymous.get("/Users");
      assertThat(refused.status()).isEqualTo(401);
      assertThat(refused.header("WWW-Authenticate")).isPresent();
      assertThat(anonymous.withToken("wrong").get("/Users").status()).isEqualTo(401);
      assertThat(anonymous.withToken("s3cret").get("/Users").status()).isEqualTo(200);
    }
  }
}
