package io.scimsync.domain.change;

import static org.assertj.core.api.Assertions.assertThat;

import io.scimsync.domain.model.JsonValues;
import io.scimsync.domain.model.PatchOperation;
import io.scimsync.domain.model.ScimSchemas;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AttributePatchesTest {
  private static final String ENTERPRISE = ScimSchemas.ENTERPRISE_USER;

  /** Changed title and department, a removed middle name and a removed nick name. */
  private static final AttributeChanges CHANGES = AttributeChanges.between(
      Projection.of(JsonValues.object("userName", "alice", "title", "Dev", "nickName", "Al",
          "name", JsonValues.object("givenName", "Alice", "middleName", "B"),
          ENTERPRISE, JsonValues.object("department", "R&D", "costCenter", "7"))),
      Projection.of(JsonValues.object("userName", "alice", "title", "CTO",
          "name", JsonValues.object("givenName", "Alice"),
          ENTERPRISE, JsonValues.object("department", "Sales", "costCenter", "7"))));

  private static List<Map<String, Object>> wire(List<PatchOperation> ops) {
    return ops.stream().map(PatchOperation::toMap).toList();
  }

  @Test
  void replaceTogether_sendsOnePathlessReplace_thenRemoves() {
    assertThat(wire(AttributePatches.replaceTogether(CHANGES))).containsExactly(
        JsonValues.object("op", "replace", "value", JsonValues.object(
            "name", JsonValues.object("givenName", "Alice"),
            "title", "CTO",
            ENTERPRISE, JsonValues.object("department", "Sales"))),
        JsonValues.object("op", "remove", "path", "name.middleName"),
        JsonValues.object("op", "remove", "path", "nickName"));
  }

  @Test
  void replaceEach_addressesEveryAttributeAndExtensionAttributeByPath_thenRemoves() {
    assertThat(wire(AttributePatches.replaceEach(CHANGES))).containsExactly(
        JsonValues.object("op", "replace", "path", "name",
            "value", JsonValues.object("givenName", "Alice")),
        JsonValues.object("op", "replace", "path", "title", "value", "CTO"),
        JsonValues.object("op", "replace", "path", ENTERPRISE + ":department", "value", "Sales"),
        JsonValues.object("op", "remove", "path", "name.middleName"),
        JsonValues.object("op", "remove", "path", "nickName"));
  }

  @Test
  void replaceEach_replacesWholeReducedList_whenRoleIsRemoved_authentik25681() {
    Map<String, Object> a = JsonValues.object("value", "a", "type", "cirole");
    Map<String, Object> b = JsonValues.object("value", "b", "type", "cirole");
    AttributeChanges changes = AttributeChanges.between(
        Projection.of(Map.of("roles", List.of(a, b))), Projection.of(Map.of("roles", List.of(a))));

    assertThat(wire(AttributePatches.replaceEach(changes))).containsExactly(
        JsonValues.object("op", "replace", "path", "roles",
            "value", List.of(JsonValues.object("type", "cirole", "value", "a"))));
    assertThat(wire(AttributePatches.replaceTogether(changes))).containsExactly(
        JsonValues.object("op", "replace",
            "value", Map.of("roles", List.of(JsonValues.object("type", "cirole", "value", "a")))));
  }

  @Test
  void sendsOnlyRemoves_whenNothingWasAddedOrChanged() {
    AttributeChanges changes = new AttributeChanges(Map.of(), List.of("title"));

    List<Map<String, Object>> expected = List.of(JsonValues.object("op", "remove", "path", "title"));
    assertThat(wire(AttributePatches.replaceTogether(changes))).isEqualTo(expected);
    assertThat(wire(AttributePatches.replaceEach(changes))).isEqualTo(expected);
  }

  @Test
  void sendsNothing_whenNothingChanged() {
    assertThat(AttributePatches.replaceTogether(AttributeChanges.none())).isEmpty();
    assertThat(AttributePatches.replaceEach(AttributeChanges.none())).isEmpty();
  }
}
