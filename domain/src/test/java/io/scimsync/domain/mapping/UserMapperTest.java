package io.scimsync.domain.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scimsync.domain.directory.LocalUser;
import io.scimsync.domain.model.JsonValues;
import io.scimsync.domain.model.ScimSchemas;
import io.scimsync.domain.model.ScimUser;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UserMapperTest {
  private static final String USER = ScimSchemas.USER;
  private static final String ENTERPRISE = ScimSchemas.ENTERPRISE_USER;
  private static final String BADGE = "urn:example:params:scim:schemas:extension:badge:2.0:User";

  private static final Map<String, Object> ALICE_EMAIL = JsonValues.object(
      "value", "alice@example.com", "type", "other", "primary", true);

  /** Alice with a display name, an e-mail and the given extra attributes. */
  private static LocalUser alice(Map<String, Object> attributes) {
    return new LocalUser("u-1", "alice", Optional.of("Alice Smith"), Optional.empty(),
        Optional.empty(), Optional.of("alice@example.com"), true, attributes);
  }

  private static final LocalUser ALICE = alice(Map.of());

  private static LocalUser named(Optional<String> displayName, Optional<String> givenName,
                                 Optional<String> familyName) {
    return new LocalUser("u-1", "alice", displayName, givenName, familyName, Optional.empty(), true,
        Map.of());
  }

  /** User overrides in the given order; a null value removes. */
  private static AttributeOverrides overrides(Object... keysAndValues) {
    Map<String, Object> user = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      user.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return new AttributeOverrides(user, Map.of());
  }

  /** Equal payloads, and equal key order at every depth (which map equality ignores). */
  private static void assertPayload(ScimUser user, Map<String, Object> expected) {
    assertThat(user.toMap()).isEqualTo(expected);
    assertThat(user.toMap()).hasToString(expected.toString());
  }

  /** Alice's default payload with these schemas, followed by {@code more} keys and values. */
  private static Map<String, Object> aliceDefaults(List<String> schemas, Object... more) {
    Object[] defaults = {"schemas", schemas, "externalId", "u-1", "userName", "alice",
        "displayName", "Alice Smith",
        "name", JsonValues.object("formatted", "Alice Smith", "givenName", "Alice", "familyName", "Smith"),
        "emails", List.of(ALICE_EMAIL), "active", true};
    Object[] all = new Object[defaults.length + more.length];
    System.arraycopy(defaults, 0, all, 0, defaults.length);
    System.arraycopy(more, 0, all, defaults.length, more.length);
    return JsonValues.object(all);
  }

  @Test
  void mapsUserNameExternalIdAndActive_whenNothingElseIsKnown() {
    LocalUser bob = new LocalUser("u-2", "bob", Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), false, Map.of());

    assertPayload(UserMapper.map(bob, AttributeOverrides.none()), JsonValues.object(
        "schemas", List.of(USER), "externalId", "u-2", "userName", "bob", "active", false));
  }

  @Test
  void mapsReferenceDefaults_withNameSplitFromDisplayNameAndOneOtherPrimaryEmail() {
    ScimUser user = UserMapper.map(ALICE, AttributeOverrides.none());

    assertPayload(user, aliceDefaults(List.of(USER)));
    assertThat(user.id()).isEmpty();
    assertThat(user.enterprise()).isEmpty();
  }

  @Test
  void splitsDisplayNameAtFirstSpace_likeTheReference() {
    ScimUser user = UserMapper.map(named(Optional.of("Mary Ann Smith"), Optional.empty(),
        Optional.empty()), AttributeOverrides.none());

    assertThat(user.coreAttributes().get("name")).hasToString(JsonValues.object(
        "formatted", "Mary Ann Smith", "givenName", "Mary", "familyName", "Ann Smith").toString());
  }

  @Test
  void omitsFamilyName_whenDisplayNameIsOneWord() {
    ScimUser user = UserMapper.map(named(Optional.of("Cher"), Optional.empty(), Optional.empty()),
        AttributeOverrides.none());

    assertThat(user.coreAttributes().get("name"))
        .isEqualTo(JsonValues.object("formatted", "Cher", "givenName", "Cher"));
  }

  @Test
  void prefersGivenAndFamilyName_overSplittingDisplayName() {
    ScimUser user = UserMapper.map(named(Optional.of("Dr. A. Smith"), Optional.of("Alice"),
        Optional.of("Smith")), AttributeOverrides.none());

    assertThat(user.coreAttributes().get("name")).hasToString(JsonValues.object(
        "formatted", "Alice Smith", "givenName", "Alice", "familyName", "Smith").toString());
    assertThat(user.displayName()).contains("Dr. A. Smith");
  }

  @Test
  void mapsOnlyTheKnownPart_whenOnlyFamilyNameIsGiven() {
    ScimUser user = UserMapper.map(named(Optional.empty(), Optional.empty(), Optional.of("Smith")),
        AttributeOverrides.none());

    assertThat(user.coreAttributes().get("name"))
        .isEqualTo(JsonValues.object("formatted", "Smith", "familyName", "Smith"));
  }

  @Test
  void mergesUserAttributesDeeply_objectsMergedOtherValuesReplaced() {
    LocalUser user = alice(JsonValues.object(
        "name", JsonValues.object("middleName", "B", "givenName", "Alicia"),
        "emails", List.of(JsonValues.object("value", "a@work.example", "type", "work")),
        "title", "CTO"));

    assertPayload(UserMapper.map(user, AttributeOverrides.none()), JsonValues.object(
        "schemas", List.of(USER), "externalId", "u-1", "userName", "alice",
        "displayName", "Alice Smith",
        "name", JsonValues.object("formatted", "Alice Smith", "givenName", "Alicia",
            "familyName", "Smith", "middleName", "B"),
        "emails", List.of(JsonValues.object("value", "a@work.example", "type", "work")),
        "active", true, "title", "CTO"));
  }

  @Test
  void placesEnterpriseAndOtherExtensions_andListsTheirSchemasEnterpriseFirst() {
    LocalUser user = alice(JsonValues.object(
        BADGE, JsonValues.object("badgeId", "B-7"),
        ENTERPRISE, JsonValues.object("department", "R&D", "employeeNumber", "701")));

    ScimUser mapped = UserMapper.map(user, AttributeOverrides.none());

    assertPayload(mapped, aliceDefaults(List.of(USER, ENTERPRISE, BADGE),
        ENTERPRISE, JsonValues.object("employeeNumber", "701", "department", "R&D"),
        BADGE, JsonValues.object("badgeId", "B-7")));
    assertThat(mapped.schemas()).containsExactly(USER, ENTERPRISE, BADGE);
    assertThat(mapped.enterprise().flatMap(e -> e.department())).contains("R&D");
    assertThat(mapped.extensions()).containsOnlyKeys(BADGE);
  }

  @Test
  void addsReplacesAndRemovesTopLevelAttributes() {
    LocalUser user = alice(JsonValues.object("title", "Dev", "nickName", "Al"));

    ScimUser mapped = UserMapper.map(user, overrides(
        "userType", "Employee", "title", "CTO", "nickName", null, "emails", null));

    assertPayload(mapped, JsonValues.object("schemas", List.of(USER), "externalId", "u-1",
        "userName", "alice", "displayName", "Alice Smith",
        "name", JsonValues.object("formatted", "Alice Smith", "givenName", "Alice", "familyName", "Smith"),
        "active", true, "title", "CTO", "userType", "Employee"));
  }

  @Test
  void addsReplacesAndRemovesSubAttributes() {
    ScimUser mapped = UserMapper.map(ALICE, overrides(
        "name.honorificPrefix", "Dr.", "name.givenName", "Alicia", "name.formatted", null));

    assertThat(mapped.coreAttributes().get("name")).hasToString(JsonValues.object(
        "givenName", "Alicia", "familyName", "Smith", "honorificPrefix", "Dr.").toString());
  }

  @Test
  void dropsComplexAttribute_whenOverridesRemoveAllItsSubAttributes() {
    ScimUser mapped = UserMapper.map(ALICE, overrides(
        "name.formatted", null, "name.givenName", null, "name.familyName", null));

    assertThat(mapped.coreAttributes()).doesNotContainKey("name");
  }

  @Test
  void addsReplacesAndRemovesEnterpriseAttributes_byUrnPath() {
    LocalUser user = alice(JsonValues.object(
        ENTERPRISE, JsonValues.object("department", "R&D", "costCenter", "7")));

    ScimUser mapped = UserMapper.map(user, overrides(
        ENTERPRISE + ":organization", "ACME", ENTERPRISE + ":department", "Sales",
        ENTERPRISE + ":costCenter", null, ENTERPRISE + ":manager.value", "u-9"));

    assertPayload(mapped, aliceDefaults(List.of(USER, ENTERPRISE),
        ENTERPRISE, JsonValues.object("organization", "ACME", "department", "Sales",
            "manager", JsonValues.object("value", "u-9"))));
  }

  @Test
  void addsEnterpriseSchema_whenOverrideAddsTheFirstEnterpriseAttribute() {
    ScimUser mapped = UserMapper.map(ALICE, overrides(ENTERPRISE + ":organization", "ACME"));

    assertThat(mapped.schemas()).containsExactly(USER, ENTERPRISE);
    assertThat(mapped.toMap().get(ENTERPRISE)).isEqualTo(Map.of("organization", "ACME"));
  }

  @Test
  void dropsEnterpriseSchema_whenOverrideRemovesTheLastEnterpriseAttribute() {
    LocalUser user = alice(JsonValues.object(ENTERPRISE, JsonValues.object("department", "R&D"),
        BADGE, JsonValues.object("badgeId", "B-7")));

    ScimUser mapped = UserMapper.map(user, overrides(ENTERPRISE + ":department", null));

    assertPayload(mapped,
        aliceDefaults(List.of(USER, BADGE), BADGE, JsonValues.object("badgeId", "B-7")));
    assertThat(mapped.schemas()).containsExactly(USER, BADGE);
    assertThat(mapped.enterprise()).isEmpty();
  }

  @Test
  void replacesUserName_whenOverridden() {
    ScimUser mapped = UserMapper.map(ALICE, overrides("userName", "alice@example.com"));

    assertThat(mapped.userName()).isEqualTo("alice@example.com");
    assertThat(mapped.toMap()).doesNotContainValue("alice");
  }

  @Test
  void replacesWholeValue_notMergingIntoIt() {
    ScimUser mapped = UserMapper.map(ALICE, overrides("name", JsonValues.object("familyName", "Doe")));

    assertThat(mapped.coreAttributes().get("name")).isEqualTo(Map.of("familyName", "Doe"));
  }

  @Test
  void matchesOverrideKeysIgnoringCase_keepingTheMappedSpelling() {
    ScimUser mapped = UserMapper.map(ALICE, overrides("DisplayName", "A. Smith", "NAME.GIVENNAME", "Al"));

    assertThat(mapped.toMap()).containsEntry("displayName", "A. Smith").doesNotContainKey("DisplayName");
    assertThat(mapped.coreAttributes().get("name")).isEqualTo(JsonValues.object(
        "formatted", "Alice Smith", "givenName", "Al", "familyName", "Smith"));
  }

  @Test
  void dropsNullsInsideOverrideValues() {
    Map<String, Object> name = new LinkedHashMap<>();
    name.put("givenName", "Alice");
    name.put("middleName", null);

    ScimUser mapped = UserMapper.map(ALICE, overrides("name", name));

    assertThat(mapped.coreAttributes().get("name")).isEqualTo(Map.of("givenName", "Alice"));
  }

  @Test
  void rejectsOverride_removingUserName() {
    assertThatThrownBy(() -> overrides("userName", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("user override 'userName' cannot remove userName, which every SCIM user requires");
  }

  @ParameterizedTest
  @ValueSource(strings = {"id", "schemas", "meta.lastModified", "ID",
      "urn:ietf:params:scim:schemas:core:2.0:User:id"})
  void rejectsOverride_ofServerOwnedAttribute(String key) {
    assertThatThrownBy(() -> overrides(key, "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("user override '" + key + "' cannot be overridden");
  }

  @ParameterizedTest
  @ValueSource(strings = {"emails.value", "userName.first", "active.value",
      "emails[type eq \"work\"].value", "name.givenName.first", ENTERPRISE,
      ENTERPRISE + ":manager.value.x", "urn:ietf:params:scim:schemas:core:2.0:Group:displayName",
      "name.", ".name", "1title", USER})
  void rejectsOverride_withUnsupportedPath_namingTheKey(String key) {
    assertThatThrownBy(() -> overrides(key, "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("user override '" + key + "' ");
  }

  @Test
  void rejectsOverrides_namingTheSameAttributeTwice_fullyQualifiedOrNot() {
    assertThatThrownBy(() -> overrides("title", "a", USER + ":Title", "b"))
        .hasMessage("user override '" + USER + ":Title' names the same attribute as 'title'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"id", "schemas", "meta", "urn:ietf:params:scim:schemas:core:2.0:User"})
  void rejectsUserAttribute_thatMappingMayNotProduce(String key) {
    assertThatThrownBy(() -> UserMapper.map(alice(Map.of(key, Map.of("a", "b"))),
        AttributeOverrides.none()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("user 'u-1': attribute '" + key + "' ");
  }

  @Test
  void rejectsResult_whoseUserNameIsNotText() {
    assertThatThrownBy(() -> UserMapper.map(alice(Map.of("userName", 42)), AttributeOverrides.none()))
        .hasMessage("user 'u-1': userName must be a non-blank string, not the number 42");
  }

  @Test
  void rejectsResult_withMistypedCoreAttributes() {
    assertThatThrownBy(() -> UserMapper.map(alice(Map.of("active", "yes")), AttributeOverrides.none()))
        .hasMessage("user 'u-1': active must be a boolean, not the string \"yes\"");
    assertThatThrownBy(() -> UserMapper.map(ALICE, overrides("name", "Alice")))
        .hasMessage("user 'u-1': name must be an object, not the string \"Alice\"");
    assertThatThrownBy(() -> UserMapper.map(ALICE, overrides("emails", "a@example.com")))
        .hasMessage("user 'u-1': emails must be a list, not the string \"a@example.com\"");
    assertThatThrownBy(() -> UserMapper.map(ALICE, overrides("externalId", " ")))
        .hasMessage("user 'u-1': externalId must be a non-blank string, not a blank string");
  }

  @Test
  void rejectsResult_whoseExtensionIsNotAnObject() {
    assertThatThrownBy(() -> UserMapper.map(alice(Map.of(BADGE, List.of("B-7"))), AttributeOverrides.none()))
        .hasMessage("user 'u-1': extension '" + BADGE
            + "' must hold an object of extension attributes, not a list");
  }

  @Test
  void rejectsEnterpriseAttributes_thatTheEnterpriseSchemaCannotCarry() {
    assertThatThrownBy(() -> UserMapper.map(ALICE, overrides(ENTERPRISE + ":department", List.of("R&D"))))
        .hasMessage("user 'u-1': " + ENTERPRISE + ":department must be a string, not a list");
    assertThatThrownBy(() -> UserMapper.map(ALICE, overrides(ENTERPRISE + ":manager", "u-9")))
        .hasMessage("user 'u-1': " + ENTERPRISE + ":manager must be an object, not the string \"u-9\"");
    assertThatThrownBy(() -> UserMapper.map(ALICE, overrides(ENTERPRISE + ":manager.email", "b@x")))
        .hasMessage("user 'u-1': " + ENTERPRISE
            + ":manager.email is not an attribute of manager (value, $ref, displayName)");
  }

  @Test
  void rejectsSubAttributeOverride_whenMappingProducedAScalarThere() {
    assertThatThrownBy(() -> UserMapper.map(alice(Map.of("badge", "B-7")), overrides("badge.color", "red")))
        .hasMessage("user 'u-1': override 'badge.color' sets a sub-attribute of 'badge',"
            + " which the mapping produced as the string \"B-7\", not an object");
  }
}
