package io.scimsync.domain.model;

import static io.scimsync.domain.model.TestJson.assertJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PatchRequestTest {

  @Test
  void toMap_alwaysCarriesThePatchOpSchema_first_W12() {
    PatchRequest request = PatchRequest.of(PatchOperation.replace(null, Map.of("displayName", "eng")));

    assertJson(request.toMap(), """
        {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
         "Operations": [{"op": "replace", "value": {"displayName": "eng"}}]}""");
  }

  @Test
  void toMap_keepsOperationOrder() {
    PatchRequest request = PatchRequest.of(
        PatchOperation.replace("displayName", "eng"),
        PatchOperation.add("members", List.of(Map.of("value", "u1"))),
        PatchOperation.remove("members[value eq \"u2\"]"));

    assertJson(request.toMap(), """
        {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
         "Operations": [
           {"op": "replace", "path": "displayName", "value": "eng"},
           {"op": "add", "path": "members", "value": [{"value": "u1"}]},
           {"op": "remove", "path": "members[value eq \\"u2\\"]"}
         ]}""");
  }

  @Test
  void schemas_isThePatchOpUrn() {
    assertThat(PatchRequest.of(PatchOperation.remove("title")).schemas())
        .containsExactly(ScimSchemas.PATCH_OP);
  }

  @Test
  void rejectsARequestWithoutOperations() {
    assertThatThrownBy(() -> new PatchRequest(List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one");
  }

  @Test
  void copiesItsOperations_andHandsThemOutUnmodifiable() {
    List<PatchOperation> operations = new ArrayList<>(List.of(PatchOperation.remove("title")));
    PatchRequest request = new PatchRequest(operations);
    operations.add(PatchOperation.remove("nickName"));

    assertThat(request.operations()).hasSize(1);
    assertThatThrownBy(() -> request.operations().add(PatchOperation.remove("x")))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> request.toMap().put("x", 1))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
