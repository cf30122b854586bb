package io.scimsync.testkit.store;

import static io.scimsync.testkit.store.StoreFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResourceStoreSelectTest {
  private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
  private final ObjectNode user = json("{'schemas':['urn:ietf:params:scim:schemas:core:2.0:User'],"
      + "'id':'u-000001','userName':'alice','name':{'givenName':'Alice','familyName':'Smith'},"
      + "'emails':[{'value':'a@example.com','type':'work'},{'value':'a@home.org','type':'home'}],"
      + "'" + ENTERPRISE + "':{'employeeNumber':'7','department':'R&D'},"
      + "'meta':{'resourceType':'User','version':'v1'}}");

  private ObjectNode select(List<String> attributes, List<String> excluded) {
    return ResourceStore.select(user, attributes, excluded);
  }

  @Test
  void attributes_returnOnlyThoseNamed_plusIdSchemasAndMeta_rfc7644_3_9() {
    ObjectNode selected = select(List.of("userName"), List.of());

    assertThat(selected).isEqualTo(json("{'schemas':['urn:ietf:params:scim:schemas:core:2.0:User'],"
        + "'id':'u-000001','userName':'alice','meta':{'resourceType':'User','version':'v1'}}"));
  }

  @Test
  void attributes_selectSubAttributes_ignoringCase() {
    ObjectNode selected = select(List.of("NAME.givenname", "emails.value"), List.of());

    assertThat(selected.path("name")).isEqualTo(json("{'givenName':'Alice'}"));
    assertThat(selected.path("emails")).isEqualTo(
        json("{'e':[{'value':'a@example.com'},{'value':'a@home.org'}]}").get("e"));
    assertThat(selected.has("userName")).isFalse();
  }

  @Test
  void attributes_acceptSchemaQualifiedNames_forCoreAndExtensions() {
    ObjectNode selected = select(List.of("urn:ietf:params:scim:schemas:core:2.0:User:userName",
        ENTERPRISE + ":employeeNumber"), List.of());

    assertThat(selected.path("userName").asText()).isEqualTo("alice");
    assertThat(selected.path(ENTERPRISE)).isEqualTo(json("{'employeeNumber':'7'}"));
  }

  @Test
  void attributes_selectAWholeExtension_byItsUrn() {
    assertThat(select(List.of(ENTERPRISE), List.of()).path(ENTERPRISE).size()).isEqualTo(2);
  }

  @Test
  void unknownAttributes_selectNothing_withoutError() {
    ObjectNode selected = select(List.of("nickName", "urn:example:ext:1.0:foo"), List.of());

    assertThat(selected.fieldNames()).toIterable().containsExactly("schemas", "id", "meta");
  }

  @Test
  void excludedAttributes_dropThoseNamed_butNeverIdSchemasOrMeta() {
    ObjectNode selected = select(List.of(), List.of("emails", "name.familyName", "id", "META"));

    assertThat(selected.has("emails")).isFalse();
    assertThat(selected.path("name")).isEqualTo(json("{'givenName':'Alice'}"));
    assertThat(selected.has("id")).isTrue();
    assertThat(selected.has("meta")).isTrue();
    assertThat(user.has("emails")).as("the input is not changed").isTrue();
  }

  @Test
  void excludedMembers_keepsGroupReadsSmall() {
    ObjectNode group = json("{'id':'g-1','displayName':'eng','members':[{'value':'u-1'}]}");

    ObjectNode selected = ResourceStore.select(group, List.of(), List.of("members"));

    assertThat(selected).isEqualTo(json("{'id':'g-1','displayName':'eng'}"));
  }
}
