package io.scimsync.testkit.store;

import static io.scimsync.testkit.store.StoreFixtures.group;
import static io.scimsync.testkit.store.StoreFixtures.json;
import static io.scimsync.testkit.store.StoreFixtures.memberValues;
import static io.scimsync.testkit.store.StoreFixtures.none;
import static io.scimsync.testkit.store.StoreFixtures.scimError;
import static io.scimsync.testkit.store.StoreFixtures.user;
import static io.scimsync.testkit.store.StoreFixtures.version;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scimsync.testkit.store.ResourceStore.Kind;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ResourceStoreTest {
  private final StoreFixtures.ManualClock clock = new StoreFixtures.ManualClock();
  private ResourceStore store = new ResourceStore(StoreOptions.rfc(), clock);

  @Test
  void create_assignsIdAndMeta_andIgnoresClientIdAndMeta() {
    ObjectNode body = user("alice");
    body.put("id", "client-chosen");
    body.putObject("meta").put("version", "W/\"99\"");

    ObjectNode created = store.create(Kind.USERS, body);

    assertThat(created.path("id").asText()).isEqualTo("u-000001");
    assertThat(created.path("userName").asText()).isEqualTo("alice");
    ObjectNode meta = json("{'resourceType':'User',"
        + "'created':'2024-05-01T10:00:00Z','lastModified':'2024-05-01T10:00:00Z'}");
    meta.put("version", "W/\"1\"");
    assertThat(created.path("meta")).isEqualTo(meta);
    assertThat(store.get(Kind.USERS, "u-000001")).isEqualTo(created);
  }

  @Test
  void lowercaseEmails_storesEveryEmailInLowerCase_onCreateReplaceAndPatch() {
    store = new ResourceStore(StoreOptions.rfc().withLowercaseEmails(true), clock);
    ObjectNode body = user("alice");
    body.set("emails", json("{'e':[{'value':'Alice@Example.COM','type':'work'}]}").get("e"));
    ObjectNode created = store.create(Kind.USERS, body);
    assertThat(created.path("emails").path(0).path("value").asText())
        .isEqualTo("alice@example.com");
    assertThat(created.path("emails").path(0).path("type").asText()).isEqualTo("work");

    ObjectNode patched = store.patch(Kind.USERS, created.path("id").asText(), json(
        "{'schemas':['" + StoreFixtures.PATCH_OP + "'],'Operations':[{'op':'replace',"
            + "'path':'emails','value':[{'value':'BOB@Example.com'}]}]}"), Optional.empty());
    assertThat(patched.path("emails").path(0).path("value").asText())
        .isEqualTo("bob@example.com");
  }

  @Test
  void create_countsIdsPerKind() {
    assertThat(store.create(Kind.USERS, user("a")).path("id").asText()).isEqualTo("u-000001");
    assertThat(store.create(Kind.GROUPS, group("g")).path("id").asText()).isEqualTo("g-000001");
    assertThat(store.create(Kind.USERS, user("b")).path("id").asText()).isEqualTo("u-000002");
  }

  @Test
  void create_addsTheCoreSchema_andListedExtensions_whenTheClientLeftThemOut() {
    ObjectNode body = json("{'userName':'alice',"
        + "'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User':{'employeeNumber':'7'}}");

    ObjectNode created = store.create(Kind.USERS, body);

    assertThat(created.path("schemas")).isEqualTo(json("{'s':['urn:ietf:params:scim:schemas:core:2.0:User',"
        + "'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User']}").get("s"));
  }

  @Test
  void create_returns400InvalidValue_whenUserNameIsMissing_rfc7643_4_1_1() {
    ScimException e = scimError(() -> store.create(Kind.USERS, json("{'displayName':'Alice'}")));

    assertThat(e.status()).isEqualTo(400);
    assertThat(e.scimType()).contains("invalidValue");
    assertThat(e.detail()).contains("userName");
  }

  @Test
  void create_returns400InvalidValue_whenGroupDisplayNameIsNotAString() {
    ScimException e = scimError(() -> store.create(Kind.GROUPS, json("{'displayName':{'a':1}}")));

    assertThat(e.scimType()).contains("invalidValue");
    assertThat(e.detail()).contains("displayName");
  }

  @Test
  void create_doesNotStorePassword_rfc7643_4_1_1_returnedNever() {
    ObjectNode body = user("alice");
    body.put("password", "secret");

    assertThat(store.create(Kind.USERS, body).has("password")).isFalse();
  }

  @Test
  void get_returns404NamingTheId_whenUnknown() {
    ScimException e = scimError(() -> store.get(Kind.USERS, "u-404"));

    assertThat(e.status()).isEqualTo(404);
    assertThat(e.scimType()).isEmpty();
    assertThat(e.detail()).contains("u-404");
  }

  @Test
  void get_returnsACopy_thatTheCallerMayChange() {
    String id = store.create(Kind.USERS, user("alice")).path("id").asText();

    store.get(Kind.USERS, id).put("userName", "mallory");

    assertThat(store.get(Kind.USERS, id).path("userName").asText()).isEqualTo("alice");
  }

  @Test
  void create_returns409Uniqueness_whenUserNameDiffersOnlyInCase_rfc7644_3_3() {
    store.create(Kind.USERS, user("Alice"));

    ScimException e = scimError(() -> store.create(Kind.USERS, user("aLICE")));

    assertThat(e.status()).isEqualTo(409);
    assertThat(e.scimType()).contains("uniqueness");
    assertThat(e.detail()).contains("userName").contains("aLICE").contains("u-000001");
    assertThat(store.size(Kind.USERS)).isEqualTo(1);
  }

  @Test
  void create_returns409Uniqueness_whenGroupDisplayNameIsTaken() {
    store.create(Kind.GROUPS, group("Engineering"));

    ScimException e = scimError(() -> store.create(Kind.GROUPS, group("ENGINEERING")));

    assertThat(e.status()).isEqualTo(409);
    assertThat(e.detail()).contains("displayName");
  }

  @Test
  void create_acceptsDuplicateNames_whenDuplicatesAllowed() {
    store = new ResourceStore(StoreOptions.rfc().withAllowDuplicates(true), clock);

    store.create(Kind.USERS, user("alice"));
    store.create(Kind.USERS, user("alice"));
    store.create(Kind.GROUPS, group("Eng"));
    store.create(Kind.GROUPS, group("eng"));

    assertThat(store.size(Kind.USERS)).isEqualTo(2);
    assertThat(store.size(Kind.GROUPS)).isEqualTo(2);
    assertThat(store.list(Kind.USERS, ListQuery.filtered("userName eq \"alice\"")).totalResults())
        .isEqualTo(2);
  }

  @Test
  void replace_replacesAllButIdAndCreated_andBumpsVersionAndLastModified_rfc7644_3_5_1() {
    ObjectNode body = user("alice");
    body.put("title", "Engineer");
    String id = store.create(Kind.USERS, body).path("id").asText();
    clock.advance(Duration.ofMinutes(5));

    ObjectNode replaced = store.replace(Kind.USERS, id, user("alice2"), none());

    assertThat(replaced.path("id").asText()).isEqualTo(id);
    assertThat(replaced.path("userName").asText()).isEqualTo("alice2");
    assertThat(replaced.has("title")).as("attributes left out are removed").isFalse();
    assertThat(replaced.path("meta").path("created").asText()).isEqualTo("2024-05-01T10:00:00Z");
    assertThat(replaced.path("meta").path("lastModified").asText()).isEqualTo("2024-05-01T10:05:00Z");
    assertThat(version(replaced)).isEqualTo("W/\"2\"");
  }

  @Test
  void replace_keepsVersion_whenTheBodyChangesNothing() {
    String id = store.create(Kind.USERS, user("alice")).path("id").asText();

    ObjectNode replaced = store.replace(Kind.USERS, id, user("alice"), none());

    assertThat(version(replaced)).isEqualTo("W/\"1\"");
  }

  @Test
  void replace_acceptsItsOwnNameInAnotherCase_butNotAnotherUsersName() {
    store.create(Kind.USERS, user("bob"));
    String id = store.create(Kind.USERS, user("alice")).path("id").asText();

    assertThat(store.replace(Kind.USERS, id, user("ALICE"), none()).path("userName").asText())
        .isEqualTo("ALICE");
    assertThat(scimError(() -> store.replace(Kind.USERS, id, user("Bob"), none())).status())
        .isEqualTo(409);
  }

  @Test
  void replace_returns404_whenUnknown() {
    assertThat(scimError(() -> store.replace(Kind.USERS, "u-9", user("x"), none())).status())
        .isEqualTo(404);
  }

  @Test
  void delete_removesTheResource() {
    String id = store.create(Kind.USERS, user("alice")).path("id").asText();

    store.delete(Kind.USERS, id, none());

    assertThat(scimError(() -> store.get(Kind.USERS, id)).status()).isEqualTo(404);
    assertThat(scimError(() -> store.delete(Kind.USERS, id, none())).status()).isEqualTo(404);
    assertThat(store.size(Kind.USERS)).isZero();
  }

  @Test
  void deletingAUser_removesItFromEveryGroup_andBumpsThoseGroupsVersions() {
    String alice = store.create(Kind.USERS, user("alice")).path("id").asText();
    String bob = store.create(Kind.USERS, user("bob")).path("id").asText();
    String eng = store.create(Kind.GROUPS, group("eng", alice, bob)).path("id").asText();
    String ops = store.create(Kind.GROUPS, group("ops", alice)).path("id").asText();
    String sales = store.create(Kind.GROUPS, group("sales", bob)).path("id").asText();

    store.delete(Kind.USERS, alice, none());

    assertThat(memberValues(store.get(Kind.GROUPS, eng))).containsExactly(bob);
    assertThat(store.get(Kind.GROUPS, ops).has("members")).isFalse();
    assertThat(version(store.get(Kind.GROUPS, eng))).isEqualTo("W/\"2\"");
    assertThat(version(store.get(Kind.GROUPS, ops))).isEqualTo("W/\"2\"");
    assertThat(version(store.get(Kind.GROUPS, sales))).isEqualTo("W/\"1\"");
  }

  @Test
  void deletingAGroup_removesItFromGroupsThatNestIt() {
    String inner = store.create(Kind.GROUPS, group("inner")).path("id").asText();
    String outer = store.create(Kind.GROUPS, group("outer", inner)).path("id").asText();

    store.delete(Kind.GROUPS, inner, none());

    assertThat(store.get(Kind.GROUPS, outer).has("members")).isFalse();
  }

  @Test
  void getUser_showsItsGroups_derivedFromMembers_rfc7643_4_1_2() {
    String alice = store.create(Kind.USERS, user("alice")).path("id").asText();
    String eng = store.create(Kind.GROUPS, group("eng", alice)).path("id").asText();

    ObjectNode got = store.get(Kind.USERS, alice);

    assertThat(got.path("groups")).hasSize(1);
    assertThat(got.path("groups").get(0).path("value").asText()).isEqualTo(eng);
    assertThat(got.path("groups").get(0).path("display").asText()).isEqualTo("eng");
    assertThat(version(got)).as("derived groups do not bump the user").isEqualTo("W/\"1\"");
  }

  @Test
  void ifMatch_returns412_whenStale_withEtags_rfc7644_3_14() {
    String id = store.create(Kind.USERS, user("alice")).path("id").asText();
    store.replace(Kind.USERS, id, user("alice2"), Optional.of("W/\"1\""));

    ScimException e = scimError(() ->
        store.replace(Kind.USERS, id, user("alice3"), Optional.of("W/\"1\"")));

    assertThat(e.status()).isEqualTo(412);
    assertThat(e.scimType()).isEmpty();
    assertThat(e.detail()).contains("W/\"2\"");
    assertThat(scimError(() -> store.delete(Kind.USERS, id, Optional.of("W/\"1\""))).status())
        .isEqualTo(412);
    assertThat(scimError(() -> store.patch(Kind.USERS, id, StoreFixtures.patchOp(
        "[{'op':'replace','path':'title','value':'x'}]"), Optional.of("\"1\""))).status())
        .isEqualTo(412);
  }

  @Test
  void ifMatch_acceptsCurrentVersion_strongForm_star_andLists() {
    String id = store.create(Kind.USERS, user("alice")).path("id").asText();

    store.replace(Kind.USERS, id, user("a2"), Optional.of("\"1\""));
    store.replace(Kind.USERS, id, user("a3"), Optional.of("*"));
    store.replace(Kind.USERS, id, user("a4"), Optional.of("W/\"7\", W/\"3\""));

    assertThat(version(store.get(Kind.USERS, id))).isEqualTo("W/\"4\"");
  }

  @Test
  void ifMatch_isIgnored_withEtagsOff() {
    store = new ResourceStore(StoreOptions.rfc().withEtags(false), clock);
    String id = store.create(Kind.USERS, user("alice")).path("id").asText();

    store.replace(Kind.USERS, id, user("alice2"), Optional.of("W/\"42\""));
    store.delete(Kind.USERS, id, Optional.of("W/\"42\""));

    assertThat(store.size(Kind.USERS)).isZero();
  }

  @Test
  void createGroup_returns400InvalidValue_whenAMemberIsNotAnExistingResource() {
    String alice = store.create(Kind.USERS, user("alice")).path("id").asText();

    ScimException e = scimError(() -> store.create(Kind.GROUPS, group("eng", alice, "u-999999")));

    assertThat(e.scimType()).contains("invalidValue");
    assertThat(e.detail()).contains("u-999999");
    assertThat(store.size(Kind.GROUPS)).isZero();
  }

  @Test
  void createGroup_acceptsUnknownMembers_whenReferencesAreNotValidated() {
    store = new ResourceStore(StoreOptions.rfc().withValidateMemberReferences(false), clock);

    ObjectNode created = store.create(Kind.GROUPS, group("eng", "anything"));

    assertThat(memberValues(created)).containsExactly("anything");
  }

  @Test
  void createGroup_returns400_whenMemberTypeContradictsTheResource() {
    String alice = store.create(Kind.USERS, user("alice")).path("id").asText();

    ScimException e = scimError(() -> store.create(Kind.GROUPS, json(
        "{'displayName':'eng','members':[{'value':'" + alice + "','type':'Group'}]}")));

    assertThat(e.detail()).contains(alice).contains("User");
  }

  @Test
  void createGroup_dropsDuplicateMembers() {
    String alice = store.create(Kind.USERS, user("alice")).path("id").asText();

    assertThat(memberValues(store.create(Kind.GROUPS, group("eng", alice, alice))))
        .containsExactly(alice);
  }

  @Test
  void createGroup_requiresMemberType_whenConfigured_likeWebex() {
    store = new ResourceStore(StoreOptions.rfc().withMemberTypeRequired(true), clock);
    String alice = store.create(Kind.USERS, user("alice")).path("id").asText();

    ScimException e = scimError(() -> store.create(Kind.GROUPS, group("eng", alice)));
    ObjectNode typed = store.create(Kind.GROUPS, json(
        "{'displayName':'eng','members':[{'value':'" + alice + "','type':'User'}]}"));

    assertThat(e.scimType()).contains("invalidValue");
    assertThat(e.detail()).contains(alice).contains("type");
    assertThat(memberValues(typed)).containsExactly(alice);
  }

  @Test
  void createGroup_returns400NamingTheLimit_whenBodyHasMoreMembersThanAllowed() {
    store = new ResourceStore(StoreOptions.rfc().withMaxMemberChangesPerRequest(2), clock);
    String a = store.create(Kind.USERS, user("a")).path("id").asText();
    String b = store.create(Kind.USERS, user("b")).path("id").asText();
    String c = store.create(Kind.USERS, user("c")).path("id").asText();

    ScimException e = scimError(() -> store.create(Kind.GROUPS, group("eng", a, b, c)));
    store.create(Kind.GROUPS, group("ops", a, b));

    assertThat(e.status()).isEqualTo(400);
    assertThat(e.detail()).contains("at most 2");
    String ops = store.list(Kind.GROUPS, ListQuery.filtered("displayName eq \"ops\""))
        .resources().get(0).path("id").asText();
    assertThat(scimError(() -> store.replace(Kind.GROUPS, ops, group("ops", a, b, c), none()))
        .detail()).contains("at most 2");
  }

  @Test
  void dump_holdsUsersAndGroupsWithMembers_andResetEmptiesTheStore_withoutReusingIds() {
    String alice = store.create(Kind.USERS, user("alice")).path("id").asText();
    store.create(Kind.GROUPS, group("eng", alice));

    ObjectNode dump = store.dump();

    assertThat(dump.path("users")).hasSize(1);
    assertThat(dump.path("users").get(0).has("groups")).isFalse();
    assertThat(memberValues(dump.path("groups").get(0))).containsExactly(alice);

    store.reset();

    assertThat(store.size(Kind.USERS)).isZero();
    assertThat(store.size(Kind.GROUPS)).isZero();
    assertThat(store.dump()).isEqualTo(json("{'users':[],'groups':[]}"));
    assertThat(store.create(Kind.USERS, user("alice")).path("id").asText()).isEqualTo("u-000002");
  }
}
