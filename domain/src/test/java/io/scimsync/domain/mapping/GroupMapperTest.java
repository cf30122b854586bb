package io.scimsync.domain.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scimsync.domain.directory.LocalGroup;
import io.scimsync.domain.model.JsonValues;
import io.scimsync.domain.model.ScimGroup;
import io.scimsync.domain.model.ScimSchemas;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GroupMapperTest {
  private static final String GROUP = ScimSchemas.GROUP;
  private static final String SITE = "urn:example:params:scim:schemas:extension:site:2.0:Group";

  private static final LocalGroup ADMINS = LocalGroup.of("g-1", "Admins", Set.of("u-1", "u-2"));

  private static LocalGroup adminsWith(Map<String, Object> attributes) {
    return new LocalGroup("g-1", "Admins", Set.of("u-1"), attributes);
  }

  /** Group overrides in the given order; a null value removes. */
  private static AttributeOverrides overrides(Object... keysAndValues) {
    Map<String, Object> group = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      group.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return new AttributeOverrides(Map.of(), group);
  }

  /** Equal payloads, and equal key order at every depth (which map equality ignores). */
  private static void assertPayload(ScimGroup group, Map<String, Object> expected) {
    assertThat(group.toMap()).isEqualTo(expected);
    assertThat(group.toMap()).hasToString(expected.toString());
  }

  @Test
  void mapsNameToDisplayNameAndIdToExternalId_withoutMembers() {
    ScimGroup group = GroupMapper.map(ADMINS, AttributeOverrides.none());

    assertPayload(group, JsonValues.object(
        "schemas", List.of(GROUP), "externalId", "g-1", "displayName", "Admins"));
    assertThat(group.members()).isEmpty();
    assertThat(group.id()).isEmpty();
  }

  @Test
  void mergesGroupAttributes_replacingDefaultsAndAddingExtensions() {
    LocalGroup group = adminsWith(JsonValues.object(
        "displayName", "Admins (EU)",
        SITE, JsonValues.object("region", "eu", "owner", JsonValues.object("value", "u-1"))));

    assertPayload(GroupMapper.map(group, AttributeOverrides.none()), JsonValues.object(
        "schemas", List.of(GROUP, SITE), "externalId", "g-1", "displayName", "Admins (EU)",
        SITE, JsonValues.object("region", "eu", "owner", JsonValues.object("value", "u-1"))));
  }

  @Test
  void mergesAttributeKeysIgnoringCase_keepingDefaultSpelling() {
    LocalGroup group = adminsWith(JsonValues.object("DISPLAYNAME", "Admins (EU)", "externalid", "x-1"));

    assertPayload(GroupMapper.map(group, AttributeOverrides.none()), JsonValues.object(
        "schemas", List.of(GROUP), "externalId", "x-1", "displayName", "Admins (EU)"));
  }

  @Test
  void appliesOverrides_afterGroupAttributes() {
    LocalGroup group = adminsWith(JsonValues.object("displayName", "Admins (EU)"));

    ScimGroup mapped = GroupMapper.map(group, overrides("displayName", "Everyone", "groupType", "security"));

    assertPayload(mapped, JsonValues.object("schemas", List.of(GROUP), "externalId", "g-1",
        "displayName", "Everyone", "groupType", "security"));
  }

  @Test
  void removesExternalId_whenOverrideIsNull() {
    assertPayload(GroupMapper.map(ADMINS, overrides("externalId", null)),
        JsonValues.object("schemas", List.of(GROUP), "displayName", "Admins"));
  }

  @Test
  void addsReplacesAndRemovesExtensionAttributes_byUrnPath() {
    LocalGroup group = adminsWith(JsonValues.object(
        SITE, JsonValues.object("region", "eu", "floor", 3)));

    ScimGroup mapped = GroupMapper.map(group, overrides(
        SITE + ":region", "us", SITE + ":floor", null, SITE + ":costCenter", "7"));

    assertPayload(mapped, JsonValues.object("schemas", List.of(GROUP, SITE), "externalId", "g-1",
        "displayName", "Admins", SITE, JsonValues.object("region", "us", "costCenter", "7")));
  }

  @Test
  void addsExtensionAndItsSchema_whenOverrideNamesAnAbsentExtension() {
    assertPayload(GroupMapper.map(ADMINS, overrides(SITE + ":region", "eu")), JsonValues.object(
        "schemas", List.of(GROUP, SITE), "externalId", "g-1", "displayName", "Admins",
        SITE, JsonValues.object("region", "eu")));
  }

  @Test
  void dropsExtensionAndItsSchema_whenOverridesRemoveAllItsAttributes() {
    LocalGroup group = adminsWith(JsonValues.object(SITE, JsonValues.object("region", "eu")));

    assertPayload(GroupMapper.map(group, overrides(SITE + ":region", null)), JsonValues.object(
        "schemas", List.of(GROUP), "externalId", "g-1", "displayName", "Admins"));
  }

  @Test
  void setsAndRemovesSubAttributes_creatingTheParentWhenAbsent() {
    LocalGroup group = adminsWith(JsonValues.object(
        "owner", JsonValues.object("value", "u-1", "display", "Alice")));

    ScimGroup mapped = GroupMapper.map(group, overrides(
        "owner.display", null, "owner.value", "u-2", "sponsor.value", "u-3"));

    assertPayload(mapped, JsonValues.object("schemas", List.of(GROUP), "externalId", "g-1",
        "displayName", "Admins", "owner", JsonValues.object("value", "u-2"),
        "sponsor", JsonValues.object("value", "u-3")));
  }

  @Test
  void appliesParentOverrideBeforeSubAttributeOverride_whateverTheOrder() {
    ScimGroup mapped = GroupMapper.map(ADMINS, overrides(
        "owner.display", "Bob", "owner", JsonValues.object("value", "u-9", "display", "Zed")));

    assertPayload(mapped, JsonValues.object("schemas", List.of(GROUP), "externalId", "g-1",
        "displayName", "Admins", "owner", JsonValues.object("value", "u-9", "display", "Bob")));
  }

  @Test
  void acceptsCoreAttributeFullyQualified_asThePlainName() {
    ScimGroup mapped = GroupMapper.map(ADMINS, overrides(GROUP + ":displayName", "Everyone"));

    assertThat(mapped.displayName()).isEqualTo("Everyone");
    assertThat(mapped.schemas()).containsExactly(GROUP);
  }

  @Test
  void dropsNullsInsideOverrideValues() {
    Map<String, Object> owner = new LinkedHashMap<>();
    owner.put("value", "u-1");
    owner.put("display", null);

    assertPayload(GroupMapper.map(ADMINS, overrides("owner", owner, "missing", null)), JsonValues.object(
        "schemas", List.of(GROUP), "externalId", "g-1", "displayName", "Admins",
        "owner", JsonValues.object("value", "u-1")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"id", "schemas", "meta", "meta.version", "members", "Members",
      "urn:ietf:params:scim:schemas:core:2.0:Group:members"})
  void rejectsOverride_ofEngineOrServerOwnedAttribute(String key) {
    assertThatThrownBy(() -> overrides(key, "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("group override '" + key + "' cannot be overridden");
  }

  @Test
  void rejectsOverride_removingDisplayName() {
    assertThatThrownBy(() -> overrides("displayName", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("group override 'displayName' cannot remove displayName,"
            + " which every SCIM group requires");
  }

  @Test
  void rejectsOverride_settingDisplayNameToNonText() {
    assertThatThrownBy(() -> overrides("displayName", " "))
        .hasMessage("group override 'displayName' must be a non-blank string");
    assertThatThrownBy(() -> overrides("displayName", 42))
        .hasMessage("group override 'displayName' must be a non-blank string");
  }

  @ParameterizedTest
  @ValueSource(strings = {"members[value eq \"u-1\"]", "owner.value.id", "owner value", "",
      "urn:x", "displayName.text", "urn:ietf:params:scim:schemas:core:2.0:User:userName"})
  void rejectsOverride_withUnsupportedPath_namingTheKey(String key) {
    assertThatThrownBy(() -> overrides(key, "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(key.isEmpty() ? "group override key must not be blank" : "'" + key + "'");
  }

  @Test
  void rejectsOverrides_namingTheSameAttributeTwice() {
    assertThatThrownBy(() -> overrides("groupType", "a", "GroupType", "b"))
        .hasMessage("group override 'GroupType' names the same attribute as 'groupType'");
  }

  @Test
  void rejectsOverride_whoseValueIsNotPlainJson() {
    assertThatThrownBy(() -> overrides("groupType", new Object()))
        .hasMessageStartingWith("group override 'groupType' has a value that is not plain JSON");
  }

  @ParameterizedTest
  @ValueSource(strings = {"members", "id", "schemas", "meta", "urn:ietf:params:scim:schemas:core:2.0:Group"})
  void rejectsGroupAttribute_thatMappingMayNotProduce(String key) {
    LocalGroup group = adminsWith(Map.of(key, List.of(Map.of("value", "u-1"))));

    assertThatThrownBy(() -> GroupMapper.map(group, AttributeOverrides.none()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("group 'g-1': attribute '" + key + "' ");
  }

  @Test
  void rejectsResult_whoseDisplayNameIsNotText() {
    assertThatThrownBy(() -> GroupMapper.map(adminsWith(Map.of("displayName", 42)),
        AttributeOverrides.none()))
        .hasMessage("group 'g-1': displayName must be a non-blank string, not the number 42");
  }

  @Test
  void rejectsResult_whoseExtensionIsNotAnObject() {
    assertThatThrownBy(() -> GroupMapper.map(adminsWith(Map.of(SITE, "eu")), AttributeOverrides.none()))
        .hasMessage("group 'g-1': extension '" + SITE
            + "' must hold an object of extension attributes, not the string \"eu\"");
  }

  @Test
  void rejectsSubAttributeOverride_whenMappingProducedAScalarThere() {
    LocalGroup group = adminsWith(Map.of("owner", "u-1"));

    assertThatThrownBy(() -> GroupMapper.map(group, overrides("owner.value", "u-2")))
        .hasMessage("group 'g-1': override 'owner.value' sets a sub-attribute of 'owner',"
            + " which the mapping produced as the string \"u-1\", not an object");
  }
}
