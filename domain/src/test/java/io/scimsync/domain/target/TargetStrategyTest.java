package io.scimsync.domain.target;

import static io.scimsync.domain.model.TestJson.parseObject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scimsync.domain.target.TargetStrategy.Support;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TargetStrategyTest {

  /** (a) A ServiceProviderConfig saying PATCH and filter are supported. */
  private static final TargetCapabilities SUPPORTED = TargetCapabilities.fromServiceProviderConfig(
      parseObject("""
          {"patch": {"supported": true}, "bulk": {"supported": false, "maxOperations": 1,
           "maxPayloadSize": 1048576}, "filter": {"supported": true, "maxResults": 100},
           "changePassword": {"supported": false}, "sort": {"supported": false},
           "etag": {"supported": false}, "authenticationSchemes": []}"""));

  /** (b) A ServiceProviderConfig saying PATCH and filter are not supported. */
  private static final TargetCapabilities UNSUPPORTED = TargetCapabilities.fromServiceProviderConfig(
      parseObject("""
          {"patch": {"supported": false}, "bulk": {"supported": false, "maxOperations": 0,
           "maxPayloadSize": 0}, "filter": {"supported": false, "maxResults": 0},
           "changePassword": {"supported": false}, "sort": {"supported": false},
           "etag": {"supported": false}, "authenticationSchemes": []}"""));

  private static TargetCapabilities capabilities(String name) {
    switch (name) {
      case "supported":
        return SUPPORTED;
      case "unsupported":
        return UNSUPPORTED;
      case "assumed":
        return TargetCapabilities.assumed();
      default:
        throw new IllegalArgumentException(name);
    }
  }

  private static VendorProfile profile(String name) {
    return VendorProfiles.byName(name).orElseThrow();
  }

  @ParameterizedTest(name = "{0} + {1} -> groups {2}, users {3}, members {4}, patch {5}, filter {6}")
  @CsvSource({
      // profile,  capabilities, groupAttributes,     userAttributes, members, patch,   filter, mayFallBackToPatch
      "default,    supported,    PATCH_REPLACE,       PATCH_REPLACE,  PATCH,   YES,     true,   true",
      "default,    unsupported,  PUT,                 PUT,            PUT,     NO,      false,  false",
      "default,    assumed,      PUT,                 PUT,            PUT,     UNKNOWN, true,   true",
      "aws,        supported,    PATCH_PER_ATTRIBUTE, PUT,            PATCH,   YES,     true,   true",
      "aws,        unsupported,  PATCH_PER_ATTRIBUTE, PUT,            PATCH,   YES,     true,   true",
      "aws,        assumed,      PATCH_PER_ATTRIBUTE, PUT,            PATCH,   YES,     true,   true",
      "webex,      supported,    PATCH_REPLACE,       PATCH_REPLACE,  PATCH,   YES,     true,   true",
      "webex,      unsupported,  PUT,                 PUT,            PUT,     NO,      false,  false",
      "webex,      assumed,      PUT,                 PUT,            PUT,     UNKNOWN, true,   true",
      "slack,      supported,    PATCH_REPLACE,       PATCH_REPLACE,  PATCH,   YES,     true,   true",
      "slack,      unsupported,  PUT,                 PUT,            PUT,     NO,      true,   false",
      "slack,      assumed,      PUT,                 PUT,            PUT,     UNKNOWN, true,   true",
      "salesforce, supported,    PATCH_REPLACE,       PATCH_REPLACE,  PATCH,   YES,     true,   true",
      "salesforce, unsupported,  PUT,                 PUT,            PUT,     NO,      false,  false",
      "salesforce, assumed,      PUT,                 PUT,            PUT,     UNKNOWN, true,   true",
      "vcenter,    supported,    PUT,                 PUT,            PUT,     NO,      false,  false",
      "vcenter,    unsupported,  PUT,                 PUT,            PUT,     NO,      false,  false",
      "vcenter,    assumed,      PUT,                 PUT,            PUT,     NO,      false,  false",
      "gitlab,     supported,    PATCH_REPLACE,       PATCH_REPLACE,  PATCH,   YES,     true,   true",
      "gitlab,     unsupported,  PATCH_REPLACE,       PATCH_REPLACE,  PATCH,   YES,     true,   true",
      "gitlab,     assumed,      PATCH_REPLACE,       PATCH_REPLACE,  PATCH,   YES,     true,   true"})
  void of_resolvesTheProfileAgainstTheCapabilities(String profileName, String capabilitiesName,
                                                   AttributeWrite groupAttributes,
                                                   AttributeWrite userAttributes, MemberWrite members,
                                                   Support patch, boolean filter,
                                                   boolean mayFallBackToPatch) {
    TargetCapabilities capabilities = capabilities(capabilitiesName);
    VendorProfile profile = profile(profileName);

    TargetStrategy strategy = TargetStrategy.of(capabilities, profile);

    assertThat(strategy.groupAttributes()).as("groupAttributes").isEqualTo(groupAttributes);
    assertThat(strategy.userAttributes()).as("userAttributes").isEqualTo(userAttributes);
    assertThat(strategy.members()).as("members").isEqualTo(members);
    assertThat(strategy.patch()).as("patch").isEqualTo(patch);
    assertThat(strategy.filter()).as("filter").isEqualTo(filter);
    assertThat(strategy.mayFallBackToPatch()).as("mayFallBackToPatch").isEqualTo(mayFallBackToPatch);
    assertThat(strategy.profile()).isSameAs(profile);
    assertThat(strategy.capabilities()).isSameAs(capabilities);
  }

  @ParameterizedTest(name = "{0}: {1} members, {2} operations per request")
  @CsvSource({
      "default,    2147483647, 2147483647",
      "aws,        100,        2147483647",
      "webex,      2147483647, 2147483647",
      "slack,      2147483647, 2147483647",
      "salesforce, 2147483647, 2147483647",
      "vcenter,    2147483647, 2147483647",
      "gitlab,     2147483647, 2147483647"})
  void limits_comeFromTheProfile_zeroMeaningUnlimited(String profileName, int maxMembers,
                                                      int maxOperations) {
    for (String capabilitiesName : new String[] {"supported", "unsupported", "assumed"}) {
      TargetStrategy strategy = TargetStrategy.of(capabilities(capabilitiesName), profile(profileName));

      assertThat(strategy.maxMembersPerRequest()).as(capabilitiesName).isEqualTo(maxMembers);
      assertThat(strategy.maxOperationsPerPatch()).as(capabilitiesName).isEqualTo(maxOperations);
    }
  }

  @Test
  void maxOperationsPerPatch_ignoresBulkMaxOperations_whichLimitsBulkNotPatch_W4() {
    assertThat(SUPPORTED.bulkMaxOperations()).isEqualTo(1);

    assertThat(TargetStrategy.of(SUPPORTED, VendorProfiles.DEFAULT).maxOperationsPerPatch())
        .isEqualTo(Integer.MAX_VALUE);
    assertThat(TargetStrategy.of(SUPPORTED, VendorProfiles.DEFAULT
        .withOverrides(Map.of("maxOperationsPerPatch", "10", "maxMembersPerRequest", "25"))))
        .satisfies(s -> {
          assertThat(s.maxOperationsPerPatch()).isEqualTo(10);
          assertThat(s.maxMembersPerRequest()).isEqualTo(25);
        });
  }

  @Test
  void patchIsUnknown_whenTheDocumentWasReadButLacksPatchSupported() {
    TargetCapabilities withoutPatch = TargetCapabilities.fromServiceProviderConfig(parseObject("""
        {"filter": {"supported": false}}"""));

    TargetStrategy strategy = TargetStrategy.of(withoutPatch, VendorProfiles.DEFAULT);

    assertThat(strategy.patch()).isEqualTo(Support.UNKNOWN);
    assertThat(strategy.groupAttributes()).isEqualTo(AttributeWrite.PUT);
    assertThat(strategy.mayFallBackToPatch()).isTrue();
    assertThat(strategy.filter()).isFalse();
  }

  @Test
  void filterIsTried_whenTheDocumentWasReadButLacksFilterSupported() {
    TargetCapabilities withoutFilter = TargetCapabilities.fromServiceProviderConfig(parseObject("""
        {"patch": {"supported": true}}"""));

    assertThat(TargetStrategy.of(withoutFilter, VendorProfiles.DEFAULT).filter()).isTrue();
  }

  @Test
  void aProfileSupportFlag_winsOverTheDocument() {
    VendorProfile noPatch = VendorProfiles.DEFAULT.withOverrides(
        Map.of("patchSupported", "false", "filterSupported", "false"));

    TargetStrategy strategy = TargetStrategy.of(SUPPORTED, noPatch);

    assertThat(strategy.patch()).isEqualTo(Support.NO);
    assertThat(strategy.filter()).isFalse();
    assertThat(strategy.groupAttributes()).isEqualTo(AttributeWrite.PUT);
    assertThat(strategy.members()).isEqualTo(MemberWrite.PUT);
  }

  @Test
  void anExplicitProfileStrategy_winsOverAuto() {
    VendorProfile putMembers = VendorProfiles.DEFAULT.withOverrides(
        Map.of("members", "PUT", "userAttributes", "PATCH_PER_ATTRIBUTE"));

    TargetStrategy strategy = TargetStrategy.of(SUPPORTED, putMembers);

    assertThat(strategy.members()).isEqualTo(MemberWrite.PUT);
    assertThat(strategy.userAttributes()).isEqualTo(AttributeWrite.PATCH_PER_ATTRIBUTE);
    assertThat(strategy.groupAttributes()).isEqualTo(AttributeWrite.PATCH_REPLACE);
  }

  @Test
  void groupsArePatched_whenGroupPutIsUnsupported_evenIfPatchSupportIsUnknown() {
    VendorProfile noGroupPut = VendorProfiles.DEFAULT.withOverrides(Map.of("groupPutSupported", "false"));

    TargetStrategy strategy = TargetStrategy.of(TargetCapabilities.assumed(), noGroupPut);

    assertThat(strategy.patch()).isEqualTo(Support.UNKNOWN);
    assertThat(strategy.groupAttributes()).isEqualTo(AttributeWrite.PATCH_REPLACE);
    assertThat(strategy.members()).isEqualTo(MemberWrite.PATCH);
    assertThat(strategy.userAttributes()).isEqualTo(AttributeWrite.PUT);
  }

  @Test
  void rejectsAStrategyThatIsStillAuto() {
    assertThatThrownBy(() -> new TargetStrategy(VendorProfiles.DEFAULT, SUPPORTED, AttributeWrite.AUTO,
        AttributeWrite.PUT, MemberWrite.PUT, Support.YES, true))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("AUTO");
    assertThatThrownBy(() -> new TargetStrategy(VendorProfiles.DEFAULT, SUPPORTED, AttributeWrite.PUT,
        AttributeWrite.PUT, MemberWrite.AUTO, Support.YES, true))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("AUTO");
  }
}
