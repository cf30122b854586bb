package io.scimsync.testkit;

import static io.scimsync.testkit.ScimClient.group;
import static io.scimsync.testkit.ScimClient.patch;
import static io.scimsync.testkit.ScimClient.user;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scimsync.testkit.store.ResourceStore;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same handful of requests through every profile; each answer is compared with what that
 * vendor documents. A row names a step; a profile's differences from the strict RFC profile are
 * the only expectations that vary.
 */
class ServerProfilesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Status codes of the common script, as the strict RFC profile answers them. */
  private static Map<String, Integer> rfcAnswers() {
    Map<String, Integer> answers = new LinkedHashMap<>();
    answers.put("GET /ServiceProviderConfig", 200);
    answers.put("GET /ServiceProviderConfigs", 404);
    answers.put("POST /Groups with an untyped member", 201);
    answers.put("GET /Groups/{id} shows members", 1);
    answers.put("PUT /Groups/{id}", 200);
    answers.put("PATCH /Groups/{id} add an untyped member", 200);
    answers.put("PATCH without schemas", 400);
    answers.put("filter with an unquoted value", 400);
    answers.put("filter with co", 200);
    answers.put("filter with or", 200);
    answers.put("POST a duplicate userName", 409);
    return answers;
  }

  static Stream<Arguments> profiles() {
    return ServerProfile.all().stream().map(profile -> {
      Map<String, Integer> expected = rfcAnswers();
      switch (profile.name()) {
        case "rfc":
          break;
        case "aws":
          expected.put("GET /Groups/{id} shows members", 0);
          expected.put("PUT /Groups/{id}", 405);
          expected.put("filter with co", 400);
          expected.put("filter with or", 400);
          lenient(expected);
          break;
        case "webex":
          expected.put("POST /Groups with an untyped member", 400);
          expected.put("PUT /Groups/{id}", 400); // its member list is untyped too
          expected.put("PATCH /Groups/{id} add an untyped member", 400);
          lenient(expected);
          break;
        case "salesforce":
          expected.put("GET /ServiceProviderConfig", 404);
          expected.put("GET /ServiceProviderConfigs", 200);
          lenient(expected);
          break;
        case "vcenter":
          expected.put("GET /ServiceProviderConfig", 404);
          expected.put("PATCH /Groups/{id} add an untyped member", 405);
          expected.put("PATCH without schemas", 405);
          expected.put("filter with an unquoted value", 200);
          break;
        case "gitlab":
          expected.put("GET /ServiceProviderConfig", 404);
          lenient(expected);
          break;
        case "entra-like":
          expected.put("POST a duplicate userName", 201);
          lenient(expected);
          break;
        default:
          lenient(expected); // slack: its difference is the rate limit, tested below
      }
      return Arguments.of(profile.name(), profile, expected);
    });
  }

  /** Every profile but the strict one takes PATCH without schemas and unquoted filter values. */
  private static void lenient(Map<String, Integer> expected) {
    expected.put("PATCH without schemas", 200);
    expected.put("filter with an unquoted value", 200);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("profiles")
  void answersTheCommonScriptAsTheVendorDocuments(String name, ServerProfile profile,
                                                  Map<String, Integer> expected) {
    try (FakeScimServer server = FakeScimServer.start(profile)) {
      ScimClient scim = new ScimClient(server.baseUrl());
      Map<String, Integer> actual = new LinkedHashMap<>();
      actual.put("GET /ServiceProviderConfig", scim.get("/ServiceProviderConfig").status());
      actual.put("GET /ServiceProviderConfigs", scim.get("/ServiceProviderConfigs").status());
      String alice = scim.post("/Users", user("alice")).json().get("id").asText();
      String bob = scim.post("/Users", user("bob")).json().get("id").asText();
      ScimClient.Reply untyped = scim.post("/Groups", group("Eng", alice));
      actual.put("POST /Groups with an untyped member", untyped.status());
      String groupId = untyped.status() == 201 ? untyped.json().get("id").asText()
          : scim.post("/Groups", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],"
              + "\"displayName\":\"Eng\",\"members\":[{\"value\":\"" + alice + "\",\"type\":\"user\"}]}")
              .json().get("id").asText();
      actual.put("GET /Groups/{id} shows members",
          scim.get("/Groups/" + groupId).json().path("members").size());
      actual.put("PUT /Groups/{id}", scim.put("/Groups/" + groupId, group("Eng", alice)).status());
      actual.put("PATCH /Groups/{id} add an untyped member", scim.patch("/Groups/" + groupId,
          patch("{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + bob + "\"}]}"))
          .status());
      actual.put("PATCH without schemas", scim.patch("/Groups/" + groupId,
          "{\"Operations\":[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"Eng2\"}]}")
          .status());
      actual.put("filter with an unquoted value", scim.get("/Users?filter="
          + encode("userName eq alice")).status());
      actual.put("filter with co", scim.get("/Users?filter=" + encode("userName co \"a\"")).status());
      actual.put("filter with or", scim.get("/Users?filter="
          + encode("userName eq \"a\" or userName eq \"b\"")).status());
      actual.put("POST a duplicate userName", scim.post("/Users", user("alice")).status());

      assertThat(actual).as(name).containsExactlyEntriesOf(expected);
    }
  }

  @Test
  void aws_capsPagesAtOneHundred() {
    try (FakeScimServer server = FakeScimServer.start(ServerProfile.AWS)) {
      for (int i = 0; i < 150; i++) {
        ObjectNode user = JSON.createObjectNode().put("userName", "user" + i);
        user.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:User");
        server.store().create(ResourceStore.Kind.USERS, user);
      }
      ScimClient scim = new ScimClient(server.baseUrl());
      var page = scim.get("/Users?count=500").json();
      assertThat(page.get("totalResults").asInt()).isEqualTo(150);
      assertThat(page.get("Resources")).hasSize(100);
    }
  }

  @Test
  void aws_pagesWithCursors_RFC9865() {
    try (FakeScimServer server = FakeScimServer.start(ServerProfile.AWS)) {
      ScimClient scim = new ScimClient(server.baseUrl());
      for (int i = 0; i < 5; i++) {
        scim.post("/Users", user("user" + i));
      }
      java.util.List<String> seen = new java.util.ArrayList<>();
      String cursor = "";
      for (int page = 0; page < 10; page++) {
        var body = scim.get("/Users?count=2&cursor=" + cursor).json();
        body.get("Resources").forEach(r -> seen.add(r.get("userName").asText()));
        if (!body.hasNonNull("nextCursor")) {
          break;
        }
        cursor = body.get("nextCursor").asText();
      }
      assertThat(seen).containsExactly("user0", "user1", "user2", "user3", "user4");
    }
  }

  @Test
  void aws_refusesMoreThanOneHundredMemberChangesInOneRequest() {
    try (FakeScimServer server = FakeScimServer.start(ServerProfile.AWS)) {
      ScimClient scim = new ScimClient(server.baseUrl());
      StringBuilder members = new StringBuilder();
      for (int i = 0; i < 101; i++) {
        String id = scim.post("/Users", user("u" + i)).json().get("id").asText();
        members.append(i == 0 ? "" : ",").append("{\"value\":\"").append(id).append("\"}");
      }
      String groupId = scim.post("/Groups", group("Eng")).json().get("id").asText();

      ScimClient.Reply reply = scim.patch("/Groups/" + groupId,
          patch("{\"op\":\"add\",\"path\":\"members\",\"value\":[" + members + "]}"));

      assertThat(reply.status()).isEqualTo(400);
      assertThat(reply.json().get("detail").asText()).contains("100");
    }
  }

  @Test
  void slack_answers429WithRetryAfter_onceTheMinutesWritesAreUsed() {
    ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    try (FakeScimServer server = FakeScimServer.builder()
        .profile(ServerProfile.SLACK.withWritesPerMinute(2)).clock(clock).start()) {
      ScimClient scim = new ScimClient(server.baseUrl());
      assertThat(scim.post("/Users", user("a")).status()).isEqualTo(201);
      assertThat(scim.post("/Users", user("b")).status()).isEqualTo(201);
      clock.advance(Duration.ofSeconds(20));

      ScimClient.Reply limited = scim.post("/Users", user("c"));
      assertThat(limited.status()).isEqualTo(429);
      assertThat(limited.header("Retry-After")).contains("40");
      assertThat(scim.get("/Users").status()).as("reads are not limited").isEqualTo(200);

      clock.advance(Duration.ofSeconds(40));
      assertThat(scim.post("/Users", user("c")).status()).isEqualTo(201);
    }
  }

  @Test
  void quirksCombine_onTopOfAnyProfile() {
    ServerProfile custom = ServerProfile.RFC.with(Quirk.GROUP_GET_OMITS_MEMBERS)
        .without(Quirk.REQUIRE_PATCH_SCHEMAS);
    try (FakeScimServer server = FakeScimServer.start(custom)) {
      ScimClient scim = new ScimClient(server.baseUrl());
      String alice = scim.post("/Users", user("alice")).json().get("id").asText();
      String groupId = scim.post("/Groups", group("Eng", alice)).json().get("id").asText();

      assertThat(scim.get("/Groups/" + groupId).json().has("members")).isFalse();
      assertThat(scim.patch("/Groups/" + groupId,
          "{\"Operations\":[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"X\"}]}")
          .status()).isEqualTo(200);
      assertThat(server.state().get("groups").get(0).get("members")).hasSize(1);
    }
  }

  @Test
  void unknownProfileName_isRefusedWithTheKnownNames() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ServerProfile.require("okta"))
        .hasMessageContaining("okta").hasMessageContaining("aws").hasMessageContaining("entra-like");
  }

  private static String encode(String filter) {
    return URLEncoder.encode(filter, StandardCharsets.UTF_8);
  }

  /** A clock the test moves by hand. */
  static final class ManualClock extends Clock {
    private Instant now;

    ManualClock(Instant start) {
      now = start;
    }

    synchronized void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public synchronized Instant instant() {
      return now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  static List<String> names() {
    return ServerProfile.all().stream().map(ServerProfile::name).toList();
  }
}
