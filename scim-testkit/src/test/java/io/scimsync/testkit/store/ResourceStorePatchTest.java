package io.scimsync.testkit.store;

import static io.scimsync.testkit.store.StoreFixtures.group;
import static io.scimsync.testkit.store.StoreFixtures.json;
import static io.scimsync.testkit.store.StoreFixtures.memberValues;
import static io.scimsync.testkit.store.StoreFixtures.none;
import static io.scimsync.testkit.store.StoreFixtures.patchOp;
import static io.scimsync.testkit.store.StoreFixtures.scimError;
import static io.scimsync.testkit.store.StoreFixtures.user;
import static io.scimsync.testkit.store.StoreFixtures.version;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scimsync.testkit.store.ResourceStore.Kind;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ResourceStorePatchTest {
  private final StoreFixtures.ManualClock clock = new StoreFixtures.ManualClock();
  private ResourceStore store = new ResourceStore(StoreOptions.rfc(), clock);
  private String alice;
  private String bob;
  private String carol;
  private String eng;

  @BeforeEach
  void directory() {
    alice = id(store.create(Kind.USERS, user("alice")));
    bob = id(store.create(Kind.USERS, user("bob")));
    carol = id(store.create(Kind.USERS, user("carol")));
    eng = id(store.create(Kind.GROUPS, group("eng", alice)));
  }

  private static String id(ObjectNode resource) {
    return resource.path("id").asText();
  }

  private ObjectNode patchGroup(String operations) {
    return store.patch(Kind.GROUPS, eng, patchOp(operations), none());
  }

  @Test
  void addMembers_withAValueArray_appendsThem_rfc7644_3_5_2_1() {
    ObjectNode patched = patchGroup("[{'op':'add','path':'members','value':[{'value':'" + bob
        + "'},{'value':'" + carol + "'}]}]");

    assertThat(memberValues(patched)).containsExactly(alice, bob, carol);
    assertThat(version(patched)).isEqualTo("W/\"2\"");
    assertThat(store.get(Kind.GROUPS, eng)).isEqualTo(patched);
  }

  @Test
  void addMember_alreadyPresent_changesNothing_rfc7644_3_5_2_1() {
    ObjectNode patched = patchGroup("[{'op':'add','path':'members','value':[{'value':'" + alice + "'}]}]");

    assertThat(memberValues(patched)).containsExactly(alice);
    assertThat(version(patched)).isEqualTo("W/\"1\"");
  }

  @Test
  void addMember_asASingleObject_isTakenAsAOneElementArray() {
    ObjectNode patched = patchGroup("[{'op':'add','path':'members','value':{'value':'" + bob + "'}}]");

    assertThat(memberValues(patched)).containsExactly(alice, bob);
  }

  @Test
  void pathlessReplace_withAnObject_replacesTheNamedAttributesOnly_rfc7644_3_5_2_3() {
    ObjectNode patched = patchGroup("[{'op':'replace','value':{'displayName':'Engineering',"
        + "'externalId':'ext-1'}}]");

    assertThat(patched.path("displayName").asText()).isEqualTo("Engineering");
    assertThat(patched.path("externalId").asText()).isEqualTo("ext-1");
    assertThat(memberValues(patched)).containsExactly(alice);
  }

  @Test
  void pathlessReplace_ignoresIdAndMetaInTheValue() {
    ObjectNode patched = patchGroup("[{'op':'replace','value':{'id':'other','displayName':'x'}}]");

    assertThat(id(patched)).isEqualTo(eng);
    assertThat(patched.path("displayName").asText()).isEqualTo("x");
  }

  @Test
  void removeMember_byValueFilterPath_rfc7644_3_5_2_2() {
    patchGroup("[{'op':'add','path':'members','value':[{'value':'" + bob + "'}]}]");

    ObjectNode patched = patchGroup("[{'op':'remove','path':'members[value eq \\'" + alice + "\\']'}]");

    assertThat(memberValues(patched)).containsExactly(bob);
  }

  @Test
  void removeMembers_withAValueArray_likeEntra() {
    patchGroup("[{'op':'add','path':'members','value':[{'value':'" + bob + "'},{'value':'" + carol
        + "'}]}]");

    ObjectNode patched = patchGroup("[{'op':'remove','path':'members','value':[{'value':'" + alice
        + "'},{'value':'" + carol + "'}]}]");

    assertThat(memberValues(patched)).containsExactly(bob);
  }

  @Test
  void removeMember_thatIsNotThere_succeedsWithoutANewVersion() {
    ObjectNode patched = patchGroup("[{'op':'remove','path':'members[value eq \\'" + bob + "\\']'}]");

    assertThat(memberValues(patched)).containsExactly(alice);
    assertThat(version(patched)).isEqualTo("W/\"1\"");
  }

  @Test
  void removeAllMembers_leavesTheAttributeUnassigned() {
    ObjectNode patched = patchGroup("[{'op':'remove','path':'members'}]");

    assertThat(patched.has("members")).isFalse();
  }

  @Test
  void replaceDisplayName_bumpsVersion() {
    ObjectNode patched = patchGroup("[{'op':'replace','path':'displayName','value':'Engineering'}]");

    assertThat(patched.path("displayName").asText()).isEqualTo("Engineering");
    assertThat(version(patched)).isEqualTo("W/\"2\"");
  }

  @Test
  void opNames_areMatchedIgnoringCase_likeEntrasReplaceAddRemove() {
    ObjectNode patched = patchGroup("[{'op':'Replace','path':'displayName','value':'E'},"
        + "{'op':'Add','path':'members','value':[{'value':'" + bob + "'}]},"
        + "{'op':'REMOVE','path':'members','value':[{'value':'" + alice + "'}]}]");

    assertThat(patched.path("displayName").asText()).isEqualTo("E");
    assertThat(memberValues(patched)).containsExactly(bob);
  }

  @Test
  void attributeNames_inPaths_ignoreCase_rfc7643_2_1() {
    ObjectNode patched = patchGroup("[{'op':'replace','path':'DISPLAYNAME','value':'E'}]");

    assertThat(patched.path("displayName").asText()).isEqualTo("E");
    assertThat(patched.has("DISPLAYNAME")).isFalse();
  }

  @Test
  void patch_isAllOrNothing_whenTheSecondOperationFails_rfc7644_3_5_2() {
    ScimException e = scimError(() -> patchGroup(
        "[{'op':'replace','path':'displayName','value':'Changed'},"
            + "{'op':'replace','path':'members[value eq \\'nobody\\'].display','value':'x'}]"));

    assertThat(e.status()).isEqualTo(400);
    assertThat(e.scimType()).contains("noTarget");
    assertThat(e.detail()).startsWith("operation 2:");
    ObjectNode stored = store.get(Kind.GROUPS, eng);
    assertThat(stored.path("displayName").asText()).isEqualTo("eng");
    assertThat(version(stored)).isEqualTo("W/\"1\"");
  }

  @Test
  void patch_withoutPatchOpSchemas_is400InvalidSyntax_whenStrict() {
    ScimException e = scimError(() -> store.patch(Kind.GROUPS, eng,
        json("{'Operations':[{'op':'replace','path':'displayName','value':'x'}]}"), none()));

    assertThat(e.scimType()).contains("invalidSyntax");
    assertThat(e.detail()).contains(StoreFixtures.PATCH_OP);
  }

  @Test
  void patch_withoutPatchOpSchemas_isApplied_whenLenient() {
    store = new ResourceStore(StoreOptions.rfc().withRequirePatchSchemas(false), clock);
    String id = id(store.create(Kind.GROUPS, group("ops")));

    ObjectNode patched = store.patch(Kind.GROUPS, id,
        json("{'Operations':[{'op':'replace','path':'displayName','value':'x'}]}"), none());

    assertThat(patched.path("displayName").asText()).isEqualTo("x");
  }

  @Test
  void patch_rejectsMalformedOperations_withTheRightScimType() {
    assertThat(scimError(() -> patchGroup("[{'op':'frobnicate','path':'displayName','value':'x'}]"))
        .scimType()).contains("invalidSyntax");
    assertThat(scimError(() -> patchGroup("[{'op':'remove'}]")).scimType()).contains("noTarget");
    assertThat(scimError(() -> patchGroup("[{'op':'add','path':'members[value eq'}]")).scimType())
        .contains("invalidPath");
    assertThat(scimError(() -> patchGroup("[{'op':'add','path':'displayName'}]")).scimType())
        .contains("invalidSyntax");
    assertThat(scimError(() -> patchGroup("[{'op':'replace','path':'id','value':'x'}]")).scimType())
        .contains("mutability");
    assertThat(scimError(() -> patchGroup("[{'op':'replace','path':'meta.version','value':'x'}]"))
        .scimType()).contains("mutability");
    assertThat(scimError(() -> patchGroup("[]")).scimType()).contains("invalidSyntax");
    assertThat(scimError(() -> patchGroup("[{'op':'remove','path':'members','value':'x'}]"))
        .scimType()).contains("invalidValue");
  }

  @Test
  void patchUser_cannotChangeItsDerivedGroups() {
    ScimException e = scimError(() -> store.patch(Kind.USERS, alice,
        patchOp("[{'op':'add','path':'groups','value':[{'value':'" + eng + "'}]}]"), none()));

    assertThat(e.scimType()).contains("mutability");
  }

  @Test
  void patchUser_toATakenUserName_is409() {
    ScimException e = scimError(() -> store.patch(Kind.USERS, bob,
        patchOp("[{'op':'replace','path':'userName','value':'ALICE'}]"), none()));

    assertThat(e.status()).isEqualTo(409);
    assertThat(e.scimType()).contains("uniqueness");
  }

  @Test
  void patchUser_removingUserName_is400InvalidValue() {
    ScimException e = scimError(() -> store.patch(Kind.USERS, bob,
        patchOp("[{'op':'remove','path':'userName'}]"), none()));

    assertThat(e.scimType()).contains("invalidValue");
    assertThat(store.get(Kind.USERS, bob).path("userName").asText()).isEqualTo("bob");
  }

  @Test
  void patchUser_setsSubAttributes_andExtensionAttributes() {
    ObjectNode patched = store.patch(Kind.USERS, alice, patchOp("[{'op':'add','path':'name.givenName',"
        + "'value':'Alice'},{'op':'add','path':'urn:ietf:params:scim:schemas:extension:enterprise:2.0:"
        + "User:employeeNumber','value':'42'}]"), none());

    assertThat(patched.path("name").path("givenName").asText()).isEqualTo("Alice");
    assertThat(patched.path("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User")
        .path("employeeNumber").asText()).isEqualTo("42");
    assertThat(patched.path("schemas").toString()).contains("enterprise:2.0:User");
  }

  @Test
  void addMember_referencingAnUnknownUser_is400NamingTheId() {
    ScimException e = scimError(() -> patchGroup(
        "[{'op':'add','path':'members','value':[{'value':'u-424242'}]}]"));

    assertThat(e.scimType()).contains("invalidValue");
    assertThat(e.detail()).contains("u-424242");
    assertThat(memberValues(store.get(Kind.GROUPS, eng))).containsExactly(alice);
  }

  @Test
  void addMember_withoutType_is400_whenMemberTypeRequired_likeWebex() {
    store = new ResourceStore(StoreOptions.rfc().withMemberTypeRequired(true), clock);
    String u = id(store.create(Kind.USERS, user("u")));
    String g = id(store.create(Kind.GROUPS, group("g")));

    ScimException e = scimError(() -> store.patch(Kind.GROUPS, g,
        patchOp("[{'op':'add','path':'members','value':[{'value':'" + u + "'}]}]"), none()));
    ObjectNode typed = store.patch(Kind.GROUPS, g, patchOp(
        "[{'op':'add','path':'members','value':[{'value':'" + u + "','type':'User'}]}]"), none());

    assertThat(e.scimType()).contains("invalidValue");
    assertThat(e.detail()).contains("type");
    assertThat(memberValues(typed)).containsExactly(u);
  }

  @Test
  void memberChanges_overTheLimit_are400NamingTheLimit_likeAws() {
    store = new ResourceStore(StoreOptions.rfc().withMaxMemberChangesPerRequest(2), clock);
    String a = id(store.create(Kind.USERS, user("a")));
    String b = id(store.create(Kind.USERS, user("b")));
    String c = id(store.create(Kind.USERS, user("c")));
    String g = id(store.create(Kind.GROUPS, group("g", a)));

    ScimException tooMany = scimError(() -> store.patch(Kind.GROUPS, g, patchOp(
        "[{'op':'add','path':'members','value':[{'value':'" + b + "'}]},"
            + "{'op':'remove','path':'members[value eq \\'" + a + "\\']'},"
            + "{'op':'add','path':'members','value':[{'value':'" + c + "'}]}]"), none()));
    ObjectNode withinLimit = store.patch(Kind.GROUPS, g, patchOp(
        "[{'op':'add','path':'members','value':[{'value':'" + b + "'},{'value':'" + c + "'}]}]"),
        none());

    assertThat(tooMany.status()).isEqualTo(400);
    assertThat(tooMany.detail()).contains("3 members").contains("at most 2");
    assertThat(memberValues(withinLimit)).containsExactly(a, b, c);
  }

  @Test
  void patch_of404_isNotFound() {
    assertThat(scimError(() -> store.patch(Kind.GROUPS, "g-999999",
        patchOp("[{'op':'remove','path':'members'}]"), none())).status()).isEqualTo(404);
  }
}
