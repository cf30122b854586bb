package io.scimsync.domain.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.RecordComponent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class VendorProfileTest {

  private static final VendorProfile BASE = VendorProfiles.DEFAULT;

  static Stream<Arguments> overridesFromConfigurationText() {
    return Stream.of(
        override("serviceProviderConfigPath", "/scim/v2/ServiceProviderConfig",
            VendorProfile::serviceProviderConfigPath, Optional.of("/scim/v2/ServiceProviderConfig")),
        override("groupAttributes", "patch_per_attribute", VendorProfile::groupAttributes,
            AttributeWrite.PATCH_PER_ATTRIBUTE),
        override("groupAttributes", "patch-replace", VendorProfile::groupAttributes,
            AttributeWrite.PATCH_REPLACE),
        override("userAttributes", "put", VendorProfile::userAttributes, AttributeWrite.PUT),
        override("members", "Patch", VendorProfile::members, MemberWrite.PATCH),
        override("memberAdd", "pathless-object", VendorProfile::memberAdd, MemberAdd.PATHLESS_OBJECT),
        override("memberRemoval", "VALUE_ARRAY", VendorProfile::memberRemoval, MemberRemoval.VALUE_ARRAY),
        override("memberType", "user", VendorProfile::memberType, Optional.of("user")),
        override("maxMembersPerRequest", "100", VendorProfile::maxMembersPerRequest, 100),
        override("maxOperationsPerPatch", " 10 ", VendorProfile::maxOperationsPerPatch, 10),
        override("groupPutSupported", "false", VendorProfile::groupPutSupported, false),
        override("patchSupported", "TRUE", VendorProfile::patchSupported, Optional.of(true)),
        override("filterSupported", "false", VendorProfile::filterSupported, Optional.of(false)),
        override("echoesMembersOnGet", "False", VendorProfile::echoesMembersOnGet, false),
        override("paging", "cursor", VendorProfile::paging, Paging.CURSOR),
        override("maxPageSize", "50", VendorProfile::maxPageSize, 50),
        override("maxWritesPerSecond", "2.5", VendorProfile::maxWritesPerSecond, 2.5));
  }

  private static Arguments override(String field, String text, Function<VendorProfile, Object> accessor,
                                    Object expected) {
    return Arguments.of(field, text, accessor, expected);
  }

  @ParameterizedTest(name = "{0} = \"{1}\"")
  @MethodSource("overridesFromConfigurationText")
  void withOverrides_convertsTheTextOfOneField_andKeepsEveryOtherField(
      String field, String text, Function<VendorProfile, Object> accessor, Object expected)
      throws Exception {
    VendorProfile overridden = BASE.withOverrides(Map.of(field, text));

    assertThat(accessor.apply(overridden)).isEqualTo(expected);
    for (RecordComponent component : VendorProfile.class.getRecordComponents()) {
      if (!component.getName().equals(field)) {
        assertThat(component.getAccessor().invoke(overridden)).as(component.getName())
            .isEqualTo(component.getAccessor().invoke(BASE));
      }
    }
  }

  @Test
  void fields_coverEveryOverridableRecordComponent() {
    assertThat(overridesFromConfigurationText().map(a -> (String) a.get()[0]).distinct())
        .containsExactlyInAnyOrderElementsOf(VendorProfile.FIELDS);
    assertThat(Stream.of(VendorProfile.class.getRecordComponents()).map(RecordComponent::getName)
        .filter(name -> !name.equals("name"))).containsExactlyElementsOf(VendorProfile.FIELDS);
  }

  @Test
  void withOverrides_acceptsTypedValues() {
    Map<String, Object> overrides = new HashMap<>();
    overrides.put("maxMembersPerRequest", 100);
    overrides.put("groupPutSupported", false);
    overrides.put("groupAttributes", AttributeWrite.PATCH_PER_ATTRIBUTE);
    overrides.put("maxWritesPerSecond", 5);
    overrides.put("patchSupported", true);

    VendorProfile overridden = BASE.withOverrides(overrides);

    assertThat(overridden.maxMembersPerRequest()).isEqualTo(100);
    assertThat(overridden.groupPutSupported()).isFalse();
    assertThat(overridden.groupAttributes()).isEqualTo(AttributeWrite.PATCH_PER_ATTRIBUTE);
    assertThat(overridden.maxWritesPerSecond()).isEqualTo(5.0);
    assertThat(overridden.patchSupported()).contains(true);
  }

  @Test
  void withOverrides_appliesSeveralFieldsTogether() {
    // checked as a whole: PUT group attributes are only valid once groupPutSupported is true again
    VendorProfile overridden = VendorProfiles.AWS.withOverrides(Map.of(
        "groupPutSupported", "true", "groupAttributes", "PUT"));

    assertThat(overridden.groupAttributes()).isEqualTo(AttributeWrite.PUT);
    assertThat(overridden.groupPutSupported()).isTrue();
  }

  @Test
  void withOverrides_clearsOptionalSupportFlags_withAnEmptyString() {
    VendorProfile cleared = VendorProfiles.AWS.withOverrides(
        Map.of("patchSupported", "", "filterSupported", ""));

    assertThat(cleared.patchSupported()).isEmpty();
    assertThat(cleared.filterSupported()).isEmpty();
  }

  @Test
  void withOverrides_clearsOptionalTexts_withAnEmptyOrBlankString() {
    assertThat(VendorProfiles.WEBEX.withOverrides(Map.of("memberType", "")).memberType()).isEmpty();
    assertThat(BASE.withOverrides(Map.of("serviceProviderConfigPath", "  ")).serviceProviderConfigPath())
        .isEmpty();
  }

  @Test
  void withOverrides_clearsAnOptional_withNull() {
    Map<String, Object> overrides = new HashMap<>();
    overrides.put("memberType", null);

    assertThat(VendorProfiles.WEBEX.withOverrides(overrides).memberType()).isEmpty();
  }

  @Test
  void withOverrides_rejectsAnUnknownField_namingItAndListingTheKnownFields() {
    assertThatThrownBy(() -> BASE.withOverrides(Map.of("maxMembers", "10")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'maxMembers'")
        .hasMessageContaining(String.join(", ", VendorProfile.FIELDS));
  }

  @Test
  void withOverrides_doesNotAcceptTheNameAsAField() {
    assertThatThrownBy(() -> BASE.withOverrides(Map.of("name", "mine")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'name'");
  }

  @ParameterizedTest(name = "{0} = \"{1}\"")
  @CsvSource({
      "maxMembersPerRequest, many",
      "maxMembersPerRequest, -1",
      "maxMembersPerRequest, 2.5",
      "maxPageSize, ''",
      "groupPutSupported, yes",
      "echoesMembersOnGet, ''",
      "patchSupported, maybe",
      "filterSupported, 1",
      "paging, offset",
      "groupAttributes, POST",
      "maxWritesPerSecond, fast",
      "maxWritesPerSecond, -1",
      "maxWritesPerSecond, NaN"})
  void withOverrides_rejectsABadValue_namingTheFieldAndTheValue(String field, String value) {
    assertThatThrownBy(() -> BASE.withOverrides(Map.of(field, value)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + field + "'")
        .hasMessageContaining("'" + value + "'");
  }

  @Test
  void withOverrides_listsTheAllowedValues_ofAnEnumField() {
    assertThatThrownBy(() -> BASE.withOverrides(Map.of("paging", "offset")))
        .hasMessageContaining("INDEX").hasMessageContaining("CURSOR");
  }

  @Test
  void withOverrides_rejectsNumbersThatDoNotFitAnIntegerField_insteadOfTruncatingThem() {
    // "2.5" as text is rejected; the same value as a number must not silently become 2, and a
    // long must not wrap around (5_000_000_000 would become 705032704)
    assertThatThrownBy(() -> BASE.withOverrides(Map.of("maxMembersPerRequest", 2.5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'maxMembersPerRequest'").hasMessageContaining("2.5");
    assertThatThrownBy(() -> BASE.withOverrides(Map.of("maxPageSize", 5_000_000_000L)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'maxPageSize'").hasMessageContaining("5000000000");
  }

  @Test
  void withOverrides_reportsAnInvalidCombination_namingTheProfileAndTheOverrides() {
    assertThatThrownBy(() -> VendorProfiles.AWS.withOverrides(Map.of("groupAttributes", "PUT")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("aws")
        .hasMessageContaining("groupAttributes")
        .hasMessageContaining("PUT on groups is unsupported");
  }

  @Test
  void withOverrides_rejectsAConfigPathWithoutLeadingSlash() {
    assertThatThrownBy(() -> BASE.withOverrides(Map.of("serviceProviderConfigPath", "ServiceProviderConfig")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("serviceProviderConfigPath")
        .hasMessageContaining("'ServiceProviderConfig'");
  }

  @Test
  void withOverrides_leavesTheOriginalProfileUnchanged_andReturnsAnEqualProfileForNoOverrides() {
    VendorProfile before = VendorProfiles.AWS;

    before.withOverrides(Map.of("maxMembersPerRequest", "10"));

    assertThat(VendorProfiles.AWS.maxMembersPerRequest()).isEqualTo(100);
    assertThat(before.withOverrides(Map.of())).isEqualTo(before);
  }

  @Test
  void named_changesOnlyTheName() {
    VendorProfile mine = VendorProfiles.AWS.named("aws-eu");

    assertThat(mine.name()).isEqualTo("aws-eu");
    assertThat(mine.named("aws")).isEqualTo(VendorProfiles.AWS);
  }

  @Test
  void rejectsABlankName_andNegativeLimits() {
    assertThatThrownBy(() -> BASE.named(" ")).isInstanceOf(IllegalArgumentException.class);
    for (String field : List.of("maxMembersPerRequest", "maxOperationsPerPatch", "maxPageSize")) {
      assertThatThrownBy(() -> BASE.withOverrides(Map.of(field, -1)))
          .as(field).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
