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

class ScimUserTest {

  private static final String SLACK = "urn:scim:schemas:extension:slack:profile:1.0";
  private static final String ACME = "urn:example:params:scim:schemas:extension:acme:2.0:User";

  /** RFC 7643 §8.3, trimmed, with a vendor extension the engine does not model. */
  private static final String ENTERPRISE_USER_RESPONSE = """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
                    "urn:scim:schemas:extension:slack:profile:1.0"],
        "id": "2819c223-7f76-453a-919d-413861904646",
        "externalId": "701984",
        "userName": "bjensen@example.com",
        "name": {"formatted": "Ms. Barbara J Jensen, III", "familyName": "Jensen", "givenName": "Barbara"},
        "displayName": "Babs Jensen",
        "active": true,
        "emails": [{"value": "bjensen@example.com", "type": "work", "primary": true},
                   {"value": "babs@jensen.org", "type": "home"}],
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
          "employeeNumber": "701984",
          "costCenter": "4130",
          "organization": "Universal Studios",
          "division": "Theme Park",
          "department": "Tour Operations",
          "manager": {"value": "26118915-6090-4610-87e4-49d8ca9f808d",
                      "$ref": "../Users/26118915-6090-4610-87e4-49d8ca9f808d",
                      "displayName": "John Smith"}
        },
        "urn:scim:schemas:extension:slack:profile:1.0": {
          "startDate": "2024-05-01T00:00:00Z",
          "manager": {"managerId": "U123"},
          "custom": [1, 2.5, false]
        },
        "meta": {"resourceType": "User", "created": "2010-01-23T04:56:22Z", "version": "W/\\"3694e05e\\""}
      }""";

  @Test
  void toMap_rendersSchemasIdExternalIdUserName_thenCoreAttributes_thenEnterprise_thenExtensions() {
    ScimUser user = new ScimUser(List.of(ScimSchemas.USER, ScimSchemas.ENTERPRISE_USER, ACME),
        Optional.of("u-1"), Optional.of("ext-1"), "bjensen",
        obj("displayName", "Babs", "active", false),
        Optional.of(new EnterpriseUser(Optional.of("701984"), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.of("Tour Operations"), Optional.empty(), Map.of())),
        Map.of(ACME, obj("badge", 7)));

    assertJson(user.toMap(), """
        {
          "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
                      "urn:example:params:scim:schemas:extension:acme:2.0:User"],
          "id": "u-1",
          "externalId": "ext-1",
          "userName": "bjensen",
          "displayName": "Babs",
          "active": false,
          "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
            "employeeNumber": "701984", "department": "Tour Operations"},
          "urn:example:params:scim:schemas:extension:acme:2.0:User": {"badge": 7}
        }""");
  }

  @Test
  void toMap_leavesOutAnEnterpriseExtensionWithNothingInIt() {
    ScimUser user = new ScimUser(List.of(ScimSchemas.USER), Optional.empty(), Optional.empty(),
        "bjensen", Map.of(), Optional.of(EnterpriseUser.fromMap(Map.of())), Map.of());

    assertJson(user.toMap(), """
        {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "bjensen"}""");
  }

  @Test
  void fromMap_parsesTheEnterpriseExtension() {
    ScimUser user = ScimUser.fromMap(parseObject(ENTERPRISE_USER_RESPONSE)).orElseThrow();

    EnterpriseUser enterprise = user.enterprise().orElseThrow();
    assertThat(enterprise.employeeNumber()).contains("701984");
    assertThat(enterprise.costCenter()).contains("4130");
    assertThat(enterprise.organization()).contains("Universal Studios");
    assertThat(enterprise.division()).contains("Theme Park");
    assertThat(enterprise.department()).contains("Tour Operations");
    assertThat(enterprise.manager()).contains(new EnterpriseUser.Manager(
        Optional.of("26118915-6090-4610-87e4-49d8ca9f808d"),
        Optional.of("../Users/26118915-6090-4610-87e4-49d8ca9f808d"), Optional.of("John Smith")));
    assertThat(user.extensions()).containsOnlyKeys(SLACK);
    assertThat(user.coreAttributes()).containsOnlyKeys("name", "displayName", "active", "emails");
  }

  @Test
  void fromMapThenToMap_preservesUnknownExtensionAttributes_andDropsMeta() {
    Map<String, Object> rendered = ScimUser.fromMap(parseObject(ENTERPRISE_USER_RESPONSE))
        .orElseThrow().toMap();

    Map<String, Object> original = parseObject(ENTERPRISE_USER_RESPONSE);
    original.remove("meta");
    assertThat(rendered).isEqualTo(original);
    assertJson(rendered.get(SLACK), """
        {"startDate": "2024-05-01T00:00:00Z", "manager": {"managerId": "U123"}, "custom": [1, 2.5, false]}""");
    assertThat(rendered.keySet()).containsExactly("schemas", "id", "externalId", "userName", "name",
        "displayName", "active", "emails", ScimSchemas.ENTERPRISE_USER, SLACK);
  }

  @Test
  void fromMap_readsKeysIgnoringCase_andNumericIdsAsText() {
    ScimUser user = ScimUser.fromMap(parseObject("""
        {"ID": 1001, "EXTERNALID": 77, "UserName": "bjensen",
         "urn:ietf:params:scim:schemas:extension:enterprise:2.0:user": {"department": "Ops"},
         "Meta": {"version": "1"}}""")).orElseThrow();

    assertThat(user.id()).contains("1001");
    assertThat(user.externalId()).contains("77");
    assertThat(user.userName()).isEqualTo("bjensen");
    assertThat(user.enterprise().orElseThrow().department()).contains("Ops");
    assertThat(user.coreAttributes()).isEmpty();
    assertThat(user.extensions()).isEmpty();
    assertThat(user.schemas()).containsExactly(ScimSchemas.USER);
  }

  @Test
  void fromMap_dropsNullAttributes() {
    ScimUser user = ScimUser.fromMap(obj("userName", "bjensen", "title", null, ACME, null,
        "name", obj("givenName", "Barbara", "middleName", null))).orElseThrow();

    assertJson(user.toMap(), """
        {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "bjensen",
         "name": {"givenName": "Barbara"}}""");
  }

  @Test
  void fromMap_isEmpty_withoutAUsableUserName() {
    assertThat(ScimUser.fromMap(obj("id", "u1"))).isEmpty();
    assertThat(ScimUser.fromMap(obj("id", "u1", "userName", ""))).isEmpty();
    assertThat(ScimUser.fromMap(obj("id", "u1", "userName", arr("a")))).isEmpty();
  }

  @Test
  void rejectsABlankUserName() {
    assertThatThrownBy(() -> new ScimUser(List.of(ScimSchemas.USER), Optional.empty(), Optional.empty(),
        " ", Map.of(), Optional.empty(), Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("userName");
  }

  @Test
  void accessors_readDisplayNameActiveAndEmailValues() {
    ScimUser user = ScimUser.fromMap(parseObject(ENTERPRISE_USER_RESPONSE)).orElseThrow();

    assertThat(user.displayName()).contains("Babs Jensen");
    assertThat(user.active()).contains(true);
    assertThat(user.emails()).containsExactly("bjensen@example.com", "babs@jensen.org");
  }

  @Test
  void accessors_areEmpty_whenTheAttributesAreAbsentOrMalformed() {
    ScimUser bare = ScimUser.fromMap(obj("userName", "b", "active", "yes", "emails", "b@x")).orElseThrow();

    assertThat(bare.displayName()).isEmpty();
    assertThat(bare.active()).isEmpty();
    assertThat(bare.emails()).isEmpty();
  }

  @Test
  void withId_changesOnlyTheId() {
    ScimUser user = ScimUser.fromMap(parseObject(ENTERPRISE_USER_RESPONSE)).orElseThrow();

    ScimUser renamed = user.withId("new-id");

    assertThat(renamed.id()).contains("new-id");
    assertThat(renamed.withId(user.id().orElseThrow())).isEqualTo(user);
  }

  @Test
  @SuppressWarnings("unchecked")
  void copiesItsInputs_andHandsOutUnmodifiableCollections() {
    List<String> schemas = new ArrayList<>(List.of(ScimSchemas.USER));
    Map<String, Object> core = obj("emails", arr(obj("value", "a@x")));
    Map<String, Object> acme = obj("badge", 7);
    Map<String, Map<String, Object>> extensions = new java.util.LinkedHashMap<>();
    extensions.put(ACME, acme);

    ScimUser user = new ScimUser(schemas, Optional.empty(), Optional.empty(), "b", core,
        Optional.empty(), extensions);
    schemas.add(ACME);
    ((List<Object>) core.get("emails")).add(obj("value", "b@x"));
    acme.put("badge", 8);
    extensions.put("urn:late", obj());

    assertThat(user.schemas()).containsExactly(ScimSchemas.USER);
    assertThat(user.emails()).containsExactly("a@x");
    assertThat(user.extensions()).containsOnlyKeys(ACME);
    assertThat(user.extensions().get(ACME)).containsEntry("badge", 7);
    assertThatThrownBy(() -> user.schemas().add("x")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> user.coreAttributes().put("x", 1))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> ((List<Object>) user.coreAttributes().get("emails")).clear())
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> user.extensions().put("urn:x", Map.of()))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> user.extensions().get(ACME).put("x", 1))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> user.toMap().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
  }
}
