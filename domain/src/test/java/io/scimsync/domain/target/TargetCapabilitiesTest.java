package io.scimsync.domain.target;

import static io.scimsync.domain.model.TestJson.obj;
import static io.scimsync.domain.model.TestJson.parseObject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scimsync.domain.target.TargetCapabilities.Origin;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TargetCapabilitiesTest {

  /** As AWS IAM Identity Center answers GET /ServiceProviderConfig. */
  static final String AWS_SPC = """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
        "documentationUri": "https://docs.aws.amazon.com/singlesignon/latest/developerguide/what-is-scim.html",
        "authenticationSchemes": [{
          "type": "oauthbearertoken",
          "name": "OAuth Bearer Token",
          "description": "Authentication scheme using the OAuth Bearer Token Standard",
          "specUri": "https://www.rfc-editor.org/info/rfc6750",
          "primary": true
        }],
        "patch": {"supported": true},
        "bulk": {"supported": false, "maxOperations": 1, "maxPayloadSize": 1048576},
        "filter": {"supported": true, "maxResults": 50},
        "changePassword": {"supported": false},
        "sort": {"supported": false},
        "etag": {"supported": false}
      }""";

  /** As Salesforce answers GET /ServiceProviderConfigs: a SCIM 1.1 shape with 2.0 fields. */
  static final String SALESFORCE_SPC = """
      {
        "schemas": ["urn:scim:schemas:core:1.0"],
        "documentationUrl": "https://developer.salesforce.com/docs/atlas.en-us.identityImplGuide.meta/identityImplGuide/identity_scim_overview.htm",
        "patch": {"supported": true},
        "bulk": {"supported": false, "maxOperations": 0, "maxPayloadSize": 0},
        "filter": {"supported": true, "maxResults": 200},
        "changePassword": {"supported": true},
        "sort": {"supported": false},
        "etag": {"supported": false},
        "authenticationSchemes": [{
          "type": "oauth2",
          "name": "OAuth v2.0",
          "description": "OAuth2 Access Token Authentication Scheme.",
          "specUrl": "http://tools.ietf.org/html/rfc6749",
          "primary": true
        }],
        "xmlDataFormat": {"supported": false}
      }""";

  @Test
  void parsesAnAwsLikeDocument_fieldByField() {
    TargetCapabilities capabilities = TargetCapabilities.fromServiceProviderConfig(parseObject(AWS_SPC));

    assertThat(capabilities).isEqualTo(new TargetCapabilities(true, false, 1, 1048576, true, 50,
        false, false, false, List.of("oauthbearertoken"), Origin.DISCOVERED, Set.of()));
  }

  @Test
  void parsesASalesforceLikeDocument_fieldByField() {
    TargetCapabilities capabilities =
        TargetCapabilities.fromServiceProviderConfig(parseObject(SALESFORCE_SPC));

    assertThat(capabilities).isEqualTo(new TargetCapabilities(true, false, 0, 0, true, 200,
        true, false, false, List.of("oauth2"), Origin.DISCOVERED, Set.of()));
  }

  @Test
  void defaultsOnlyTheMissingField_whenBulkMaxOperationsIsAbsent_W10() {
    // authentik rejects this whole document and switches every capability off
    TargetCapabilities capabilities = TargetCapabilities.fromServiceProviderConfig(parseObject("""
        {
          "patch": {"supported": true},
          "bulk": {"supported": false, "maxPayloadSize": 1048576},
          "filter": {"supported": true, "maxResults": 100},
          "changePassword": {"supported": false},
          "sort": {"supported": true},
          "etag": {"supported": true},
          "authenticationSchemes": []
        }"""));

    assertThat(capabilities.assumedFields()).containsExactly("bulk.maxOperations");
    assertThat(capabilities.bulkMaxOperations()).isZero();
    assertThat(capabilities.patchSupported()).isTrue();
    assertThat(capabilities.bulkMaxPayloadSize()).isEqualTo(1048576);
    assertThat(capabilities.filterSupported()).isTrue();
    assertThat(capabilities.filterMaxResults()).isEqualTo(100);
    assertThat(capabilities.sortSupported()).isTrue();
    assertThat(capabilities.etagSupported()).isTrue();
    assertThat(capabilities.origin()).isEqualTo(Origin.DISCOVERED);
    assertThat(capabilities.discovered("patch.supported")).isTrue();
    assertThat(capabilities.discovered("bulk.maxOperations")).isFalse();
  }

  @Test
  void defaultsTheFieldsOfAMissingSection_only() {
    TargetCapabilities capabilities = TargetCapabilities.fromServiceProviderConfig(parseObject("""
        {"patch": {"supported": true}, "filter": {"supported": true, "maxResults": 10},
         "changePassword": {"supported": false}, "sort": {"supported": false},
         "etag": {"supported": false}, "authenticationSchemes": []}"""));

    assertThat(capabilities.assumedFields())
        .containsExactlyInAnyOrder("bulk.supported", "bulk.maxOperations", "bulk.maxPayloadSize");
    assertThat(capabilities.patchSupported()).isTrue();
    assertThat(capabilities.filterMaxResults()).isEqualTo(10);
  }

  @Test
  void acceptsBooleansAndIntegersSentAsStrings() {
    TargetCapabilities capabilities = TargetCapabilities.fromServiceProviderConfig(parseObject("""
        {"patch": {"supported": "true"}, "bulk": {"supported": "TRUE", "maxOperations": "5",
         "maxPayloadSize": " 2048 "}, "filter": {"supported": "false", "maxResults": "200"},
         "changePassword": {"supported": "False"}, "sort": {"supported": "true"},
         "etag": {"supported": "true"}, "authenticationSchemes": []}"""));

    assertThat(capabilities).isEqualTo(new TargetCapabilities(true, true, 5, 2048, false, 200,
        false, true, true, List.of(), Origin.DISCOVERED, Set.of()));
  }

  @Test
  void readsSectionsAndFieldsIgnoringCase() {
    TargetCapabilities capabilities = TargetCapabilities.fromServiceProviderConfig(parseObject("""
        {"Patch": {"Supported": true}, "BULK": {"supported": true, "MaxOperations": 10,
         "maxpayloadsize": 100}, "Filter": {"SUPPORTED": true, "maxResults": 5}}"""));

    assertThat(capabilities.patchSupported()).isTrue();
    assertThat(capabilities.bulkSupported()).isTrue();
    assertThat(capabilities.bulkMaxOperations()).isEqualTo(10);
    assertThat(capabilities.bulkMaxPayloadSize()).isEqualTo(100);
    assertThat(capabilities.filterSupported()).isTrue();
    assertThat(capabilities.filterMaxResults()).isEqualTo(5);
  }

  @Test
  void defaultsMalformedValues_andNamesThemAsAssumed() {
    TargetCapabilities capabilities = TargetCapabilities.fromServiceProviderConfig(parseObject("""
        {"patch": {"supported": "yes"}, "bulk": {"supported": false, "maxOperations": "lots",
         "maxPayloadSize": [1]}, "filter": "supported", "changePassword": {"supported": 1},
         "sort": {"supported": false}, "etag": {"supported": null},
         "authenticationSchemes": {"type": "oauthbearertoken"}}"""));

    assertThat(capabilities.assumedFields()).containsExactlyInAnyOrder("patch.supported",
        "bulk.maxOperations", "bulk.maxPayloadSize", "filter.supported", "filter.maxResults",
        "changePassword.supported", "etag.supported", "authenticationSchemes");
    assertThat(capabilities.patchSupported()).isFalse();
    assertThat(capabilities.filterSupported()).isFalse();
    assertThat(capabilities.discovered("sort.supported")).isTrue();
    assertThat(capabilities.discovered("bulk.supported")).isTrue();
  }

  @Test
  void clampsNegativeCountsToZero() {
    TargetCapabilities capabilities = TargetCapabilities.fromServiceProviderConfig(parseObject("""
        {"bulk": {"supported": false, "maxOperations": -1, "maxPayloadSize": "-5"}}"""));

    assertThat(capabilities.bulkMaxOperations()).isZero();
    assertThat(capabilities.bulkMaxPayloadSize()).isZero();
    assertThat(capabilities.discovered("bulk.maxOperations")).isTrue();
  }

  @Test
  void readsAuthenticationSchemeTypes_fallingBackToTheirNames() {
    TargetCapabilities capabilities = TargetCapabilities.fromServiceProviderConfig(parseObject("""
        {"authenticationSchemes": [
          {"type": "oauthbearertoken", "name": "OAuth Bearer Token"},
          {"name": "HTTP Basic"},
          {"description": "neither"},
          "httpbasic"
        ]}"""));

    assertThat(capabilities.authenticationSchemes()).containsExactly("oauthbearertoken", "HTTP Basic");
    assertThat(capabilities.discovered("authenticationSchemes")).isTrue();
  }

  @Test
  void anEmptyDocument_assumesEveryField_butIsStillDiscovered() {
    TargetCapabilities capabilities = TargetCapabilities.fromServiceProviderConfig(Map.of());

    assertThat(capabilities.origin()).isEqualTo(Origin.DISCOVERED);
    assertThat(capabilities.assumedFields()).containsExactlyInAnyOrderElementsOf(TargetCapabilities.FIELDS);
    assertThat(TargetCapabilities.FIELDS).allSatisfy(field ->
        assertThat(capabilities.discovered(field)).as(field).isFalse());
    assertThat(capabilities.patchSupported()).isFalse();
    assertThat(capabilities.filterSupported()).isFalse();
    assertThat(capabilities.authenticationSchemes()).isEmpty();
  }

  @Test
  void assumed_isExplicitlyFlaggedAsAssumed_soAFallbackIsNeverMistakenForAnAnswer_W9() {
    TargetCapabilities assumed = TargetCapabilities.assumed();

    assertThat(assumed.origin()).isEqualTo(Origin.ASSUMED);
    assertThat(assumed.assumedFields()).containsExactlyInAnyOrderElementsOf(TargetCapabilities.FIELDS);
    assertThat(TargetCapabilities.FIELDS).allSatisfy(field ->
        assertThat(assumed.discovered(field)).as(field).isFalse());
    assertThat(assumed).isEqualTo(new TargetCapabilities(false, false, 0, 0, false, 0, false, false,
        false, List.of(), Origin.ASSUMED, Set.copyOf(TargetCapabilities.FIELDS)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"patch.supported", "bulk.maxOperations", "authenticationSchemes"})
  void discovered_isFalseForEveryField_whenTheOriginIsAssumed_evenIfNotListed(String field) {
    TargetCapabilities capabilities = new TargetCapabilities(true, false, 0, 0, true, 0, false, false,
        false, List.of(), Origin.ASSUMED, Set.of());

    assertThat(capabilities.discovered(field)).isFalse();
  }

  @Test
  void copiesItsCollections_andHandsThemOutUnmodifiable() {
    List<String> schemes = new ArrayList<>(List.of("oauth2"));
    Set<String> assumed = new java.util.HashSet<>(Set.of("sort.supported"));
    TargetCapabilities capabilities = new TargetCapabilities(true, false, 0, 0, true, 0, false, false,
        false, schemes, Origin.DISCOVERED, assumed);
    schemes.add("httpbasic");
    assumed.add("patch.supported");

    assertThat(capabilities.authenticationSchemes()).containsExactly("oauth2");
    assertThat(capabilities.assumedFields()).containsExactly("sort.supported");
    assertThatThrownBy(() -> capabilities.authenticationSchemes().add("x"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> capabilities.assumedFields().add("x"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void doesNotKeepAReferenceToTheDocument() {
    Map<String, Object> patch = obj("supported", true);
    Map<String, Object> document = obj("patch", patch);
    TargetCapabilities capabilities = TargetCapabilities.fromServiceProviderConfig(document);
    patch.put("supported", false);

    assertThat(capabilities.patchSupported()).isTrue();
  }
}
