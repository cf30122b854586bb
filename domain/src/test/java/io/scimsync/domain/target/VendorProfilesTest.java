package io.scimsync.domain.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The built-in profiles state what the catalogue says (authentik behaviour reference §1.7-1.8,
 * scim-clients-and-targets.md §2), and nothing else.
 */
class VendorProfilesTest {

  @Test
  void default_followsTheServiceProviderConfig_andAssumesNoQuirk() {
    VendorProfile profile = VendorProfiles.DEFAULT;

    assertThat(profile.name()).isEqualTo("default");
    assertThat(profile.serviceProviderConfigPath()).contains("/ServiceProviderConfig");
    assertThat(profile.groupAttributes()).isEqualTo(AttributeWrite.AUTO);
    assertThat(profile.userAttributes()).isEqualTo(AttributeWrite.AUTO);
    assertThat(profile.members()).isEqualTo(MemberWrite.AUTO);
    assertThat(profile.memberAdd()).isEqualTo(MemberAdd.PATH_MEMBERS);
    assertThat(profile.memberRemoval()).isEqualTo(MemberRemoval.FILTER_PATH);
    assertThat(profile.memberType()).isEmpty();
    assertThat(profile.maxMembersPerRequest()).isZero();
    assertThat(profile.maxOperationsPerPatch()).isZero();
    assertThat(profile.groupPutSupported()).isTrue();
    assertThat(profile.patchSupported()).isEmpty();
    assertThat(profile.filterSupported()).isEmpty();
    assertThat(profile.echoesMembersOnGet()).isTrue();
    assertThat(profile.paging()).isEqualTo(Paging.INDEX);
    assertThat(profile.maxPageSize()).isZero();
    assertThat(profile.maxWritesPerSecond()).isZero();
  }

  @Test
  void aws_hasNoGroupPut_limitsMembersTo100PerRequest_doesNotEchoMembers_andPagesByCursor() {
    VendorProfile aws = VendorProfiles.AWS;

    assertThat(aws.groupPutSupported()).isFalse();
    assertThat(aws.groupAttributes()).isEqualTo(AttributeWrite.PATCH_PER_ATTRIBUTE);
    assertThat(aws.userAttributes()).isEqualTo(AttributeWrite.PUT);
    assertThat(aws.members()).isEqualTo(MemberWrite.PATCH);
    assertThat(aws.maxMembersPerRequest()).isEqualTo(100);
    assertThat(aws.echoesMembersOnGet()).isFalse();
    assertThat(aws.paging()).isEqualTo(Paging.CURSOR);
    assertThat(aws.maxPageSize()).isEqualTo(100);
    assertThat(aws.patchSupported()).contains(true);
    assertThat(aws.filterSupported()).contains(true);
    assertThat(aws.serviceProviderConfigPath()).contains("/ServiceProviderConfig");
  }

  @Test
  void webex_sendsMemberTypeUser() {
    assertThat(VendorProfiles.WEBEX.memberType()).contains("user");
  }

  @Test
  void slack_forcesFilterOn_andWritesAtMost10PerSecond() {
    assertThat(VendorProfiles.SLACK.filterSupported()).contains(true);
    assertThat(VendorProfiles.SLACK.maxWritesPerSecond()).isEqualTo(10.0);
  }

  @Test
  void salesforce_readsItsConfigFromTheNonStandardPath_andAddsMembersPathless() {
    assertThat(VendorProfiles.SALESFORCE.serviceProviderConfigPath()).contains("/ServiceProviderConfigs");
    assertThat(VendorProfiles.SALESFORCE.memberAdd()).isEqualTo(MemberAdd.PATHLESS_OBJECT);
  }

  @Test
  void vcenter_hasNoConfigPath_noPatch_noFilter_andWritesWithPut() {
    VendorProfile vcenter = VendorProfiles.VCENTER;

    assertThat(vcenter.serviceProviderConfigPath()).isEmpty();
    assertThat(vcenter.patchSupported()).contains(false);
    assertThat(vcenter.filterSupported()).contains(false);
    assertThat(vcenter.groupAttributes()).isEqualTo(AttributeWrite.PUT);
    assertThat(vcenter.userAttributes()).isEqualTo(AttributeWrite.PUT);
    assertThat(vcenter.members()).isEqualTo(MemberWrite.PUT);
    assertThat(vcenter.echoesMembersOnGet()).isFalse();
  }

  @Test
  void gitlab_hasNoConfigPath() {
    assertThat(VendorProfiles.GITLAB.serviceProviderConfigPath()).isEmpty();
  }

  static Stream<Arguments> differencesFromDefault() {
    return Stream.of(
        Arguments.of(VendorProfiles.DEFAULT, List.of()),
        Arguments.of(VendorProfiles.AWS, List.of("groupAttributes", "userAttributes", "members",
            "maxMembersPerRequest", "groupPutSupported", "patchSupported", "filterSupported",
            "echoesMembersOnGet", "paging", "maxPageSize")),
        Arguments.of(VendorProfiles.WEBEX, List.of("memberType")),
        Arguments.of(VendorProfiles.SLACK, List.of("filterSupported", "maxWritesPerSecond")),
        Arguments.of(VendorProfiles.SALESFORCE, List.of("serviceProviderConfigPath", "memberAdd")),
        Arguments.of(VendorProfiles.VCENTER, List.of("serviceProviderConfigPath", "groupAttributes",
            "userAttributes", "members", "patchSupported", "filterSupported", "echoesMembersOnGet")),
        Arguments.of(VendorProfiles.GITLAB, List.of("serviceProviderConfigPath", "userAttributes",
            "patchSupported", "filterSupported")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("differencesFromDefault")
  void differsFromDefault_onlyWhereTheVendorDocumentsADifference(VendorProfile profile,
                                                                 List<String> expected) throws Exception {
    List<String> differing = new ArrayList<>();
    for (RecordComponent component : VendorProfile.class.getRecordComponents()) {
      Object own = component.getAccessor().invoke(profile);
      Object base = component.getAccessor().invoke(VendorProfiles.DEFAULT);
      if (!component.getName().equals("name") && !own.equals(base)) {
        differing.add(component.getName());
      }
    }

    assertThat(differing).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void names_listEveryBuiltInProfile_inDocumentationOrder() {
    assertThat(VendorProfiles.NAMES)
        .containsExactly("default", "aws", "webex", "slack", "salesforce", "vcenter", "gitlab");
    assertThat(VendorProfiles.NAMES).allSatisfy(name ->
        assertThat(VendorProfiles.byName(name).map(VendorProfile::name)).contains(name));
  }

  @ParameterizedTest
  @ValueSource(strings = {"aws", "AWS", "Aws", " aws "})
  void byName_ignoresCaseAndSurroundingSpace(String name) {
    assertThat(VendorProfiles.byName(name)).containsSame(VendorProfiles.AWS);
  }

  @ParameterizedTest
  @ValueSource(strings = {"sfdc", "SFDC", "salesforce", "SalesForce"})
  void byName_knowsSfdc_asAuthentiksNameForSalesforce(String name) {
    assertThat(VendorProfiles.byName(name)).containsSame(VendorProfiles.SALESFORCE);
  }

  @Test
  void byName_isEmptyForAnUnknownName() {
    assertThat(VendorProfiles.byName("okta")).isEmpty();
  }

  @Test
  void resolve_failsForAnUnknownName_listingTheKnownNames() {
    assertThatThrownBy(() -> VendorProfiles.resolve("okta", Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'okta'")
        .hasMessageContaining("default, aws, webex, slack, salesforce, vcenter, gitlab");
  }

  @Test
  void resolve_returnsTheBuiltInProfile_whenThereAreNoOverrides() {
    assertThat(VendorProfiles.resolve("Webex", Map.of())).isSameAs(VendorProfiles.WEBEX);
  }

  @Test
  void resolve_appliesOverrides_keepingTheProfileName() {
    VendorProfile profile = VendorProfiles.resolve("aws", Map.of("maxMembersPerRequest", "50"));

    assertThat(profile.name()).isEqualTo("aws");
    assertThat(profile.maxMembersPerRequest()).isEqualTo(50);
    assertThat(profile.withOverrides(Map.of("maxMembersPerRequest", 100))).isEqualTo(VendorProfiles.AWS);
  }

  @Test
  void resolve_reportsABadOverride_namingTheField() {
    assertThatThrownBy(() -> VendorProfiles.resolve("slack", Map.of("maxWritesPerSecond", "fast")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxWritesPerSecond")
        .hasMessageContaining("fast");
  }

  @Test
  void builtInProfiles_keepAbsentOptionalsAbsent() {
    assertThat(VendorProfiles.GITLAB.memberType()).isEqualTo(Optional.empty());
    assertThat(VendorProfiles.WEBEX.patchSupported()).isEqualTo(Optional.empty());
  }
}
