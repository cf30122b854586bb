package io.scimsync.domain.model;

import static io.scimsync.domain.model.TestJson.arr;
import static io.scimsync.domain.model.TestJson.assertJson;
import static io.scimsync.domain.model.TestJson.obj;
import static io.scimsync.domain.model.TestJson.parseObject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScimGroupTest {

  private static final String CUSTOM = "urn:example:params:scim:schemas:extension:acme:2.0:Group";

  @Test
  void toMap_rendersSchemasIdExternalIdDisplayNameMembers_thenTheRestInOrder() {
    ScimGroup group = new ScimGroup(List.of(ScimSchemas.GROUP, CUSTOM), Optional.of("g-1"),
        Optional.of("ext-1"), "Engineering",
        Optional.of(List.of(Member.of("u1", Optional.of("User")), Member.of("u2"))),
        obj(CUSTOM, obj("costCode", "42"), "description", "builders"));

    assertJson(group.toMap(), """
        {
          "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group",
                      "urn:example:params:scim:schemas:extension:acme:2.0:Group"],
          "id": "g-1",
          "externalId": "ext-1",
          "displayName": "Engineering",
          "members": [{"value": "u1", "type": "User"}, {"value": "u2"}],
          "urn:example:params:scim:schemas:extension:acme:2.0:Group": {"costCode": "42"},
          "description": "builders"
        }""");
  }

  @Test
  void toMap_ofANewGroup_hasOnlySchemasAndDisplayName() {
    assertJson(ScimGroup.of("eng").toMap(), """
        {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "eng"}""");
  }

  @Test
  void toMap_rendersAnEmptyMemberList_butNoMembersKeyWhenTheListIsAbsent() {
    ScimGroup group = ScimGroup.of("eng");

    assertThat(group.withMembers(Optional.of(List.of())).toMap()).containsEntry("members", List.of());
    assertThat(group.withMembers(Optional.empty()).toMap()).doesNotContainKey("members");
  }

  @Test
  void rejectsABlankDisplayName() {
    assertThatThrownBy(() -> ScimGroup.of(" ")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("displayName");
  }

  @Test
  void fromMap_readsLeniently_numericIdsCaseInsensitiveKeysAndMalformedMembersSkipped_W17() {
    Map<String, Object> resource = parseObject("""
        {
          "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
          "ID": 42,
          "ExternalId": "ext-42",
          "DisplayName": "Engineering",
          "Members": [
            {"value": 7, "display": "numeric id"},
            {"value": "u2", "type": "User"},
            "u3",
            {"display": "no value"},
            null,
            {"value": ""},
            {"value": true}
          ],
          "meta": {"resourceType": "Group", "version": "W/\\"3\\""},
          "description": null,
          "owner": "ops"
        }""");

    ScimGroup group = ScimGroup.fromMap(resource).orElseThrow();

    assertThat(group.id()).contains("42");
    assertThat(group.externalId()).contains("ext-42");
    assertThat(group.displayName()).isEqualTo("Engineering");
    assertThat(group.members()).contains(List.of(
        new Member("7", Optional.empty(), Optional.of("numeric id"), Optional.empty()),
        Member.of("u2", Optional.of("User"))));
    assertThat(group.otherAttributes()).containsExactly(Map.entry("owner", "ops"));
  }

  @Test
  void fromMap_leavesMembersAbsent_whenTheyAreNotAList_W17() {
    assertThat(ScimGroup.fromMap(obj("displayName", "eng", "members", "u1")).orElseThrow().members())
        .isEmpty();
    assertThat(ScimGroup.fromMap(obj("displayName", "eng", "members", obj("value", "u1")))
        .orElseThrow().members()).isEmpty();
    assertThat(ScimGroup.fromMap(obj("displayName", "eng")).orElseThrow().members()).isEmpty();
  }

  @Test
  void fromMap_keepsAnEmptyMemberList_asPresentAndEmpty() {
    assertThat(ScimGroup.fromMap(obj("displayName", "eng", "members", arr())).orElseThrow().members())
        .contains(List.of());
  }

  @Test
  void fromMap_isEmpty_withoutAUsableDisplayName() {
    assertThat(ScimGroup.fromMap(obj("id", "g1"))).isEmpty();
    assertThat(ScimGroup.fromMap(obj("id", "g1", "displayName", " "))).isEmpty();
    assertThat(ScimGroup.fromMap(obj("id", "g1", "displayName", obj("x", 1)))).isEmpty();
  }

  @Test
  void fromMap_defaultsSchemasToTheCoreGroupSchema_andDropsNonStringSchemas() {
    assertThat(ScimGroup.fromMap(obj("displayName", "eng")).orElseThrow().schemas())
        .containsExactly(ScimSchemas.GROUP);
    assertThat(ScimGroup.fromMap(obj("displayName", "eng", "schemas", arr(null, obj())))
        .orElseThrow().schemas()).containsExactly(ScimSchemas.GROUP);
    assertThat(ScimGroup.fromMap(obj("displayName", "eng", "schemas", arr(CUSTOM, 3)))
        .orElseThrow().schemas()).containsExactly(CUSTOM, "3");
  }

  @Test
  void fromMapThenToMap_keepsUnmodelledAttributes_andDropsMeta() {
    Map<String, Object> resource = parseObject("""
        {
          "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group", "%s"],
          "id": "g-1",
          "displayName": "eng",
          "%s": {"costCode": "42", "tags": ["a", "b"]},
          "meta": {"resourceType": "Group"},
          "members": [{"value": "u1"}]
        }""".formatted(CUSTOM, CUSTOM));

    assertJson(ScimGroup.fromMap(resource).orElseThrow().toMap(), """
        {
          "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group", "%s"],
          "id": "g-1",
          "displayName": "eng",
          "members": [{"value": "u1"}],
          "%s": {"costCode": "42", "tags": ["a", "b"]}
        }""".formatted(CUSTOM, CUSTOM));
  }

  @Test
  @SuppressWarnings("unchecked")
  void copiesItsInputs() {
    List<String> schemas = new ArrayList<>(List.of(ScimSchemas.GROUP));
    List<Member> members = new ArrayList<>(List.of(Member.of("u1")));
    Map<String, Object> other = obj("tags", arr("a"));

    ScimGroup group = new ScimGroup(schemas, Optional.empty(), Optional.empty(), "eng",
        Optional.of(members), other);
    schemas.add(CUSTOM);
    members.add(Member.of("u2"));
    other.put("late", 1);
    ((List<Object>) other.get("tags")).add("b");

    assertJson(group.toMap(), """
        {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "eng",
         "members": [{"value": "u1"}], "tags": ["a"]}""");
  }

  @Test
  @SuppressWarnings("unchecked")
  void handsOutUnmodifiableCollections() {
    ScimGroup group = ScimGroup.fromMap(parseObject("""
        {"displayName": "eng", "members": [{"value": "u1"}], "tags": ["a"]}""")).orElseThrow();

    assertThatThrownBy(() -> group.schemas().add(CUSTOM))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> group.members().orElseThrow().add(Member.of("u2")))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> group.otherAttributes().put("x", 1))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> ((List<Object>) group.otherAttributes().get("tags")).add("b"))
        .isInstanceOf(UnsupportedOperationException.class);
    Map<String, Object> rendered = group.toMap();
    assertThatThrownBy(() -> rendered.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> ((List<Object>) rendered.get("members")).clear())
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> group.memberIds().orElseThrow().add("u2"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void withIdAndWithoutId_changeOnlyTheId() {
    ScimGroup group = ScimGroup.of("eng").withMembers(Optional.of(List.of(Member.of("u1"))));

    ScimGroup withId = group.withId("g-9");

    assertThat(withId.id()).contains("g-9");
    assertThat(withId.withoutId()).isEqualTo(group);
  }

  @Test
  void memberIds_areTheMemberValues_orAbsentWithTheList() {
    ScimGroup group = ScimGroup.of("eng")
        .withMembers(Optional.of(List.of(Member.of("u1"), Member.of("u2", Optional.of("User")))));

    assertThat(group.memberIds()).contains(java.util.Set.of("u1", "u2"));
    assertThat(ScimGroup.of("eng").memberIds()).isEmpty();
  }
}
