package io.scimsync.domain.change;

import static org.assertj.core.api.Assertions.assertThat;

import io.scimsync.domain.model.JsonValues;
import io.scimsync.domain.model.ScimSchemas;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AttributeChangesTest {
  private static final String ENTERPRISE = ScimSchemas.ENTERPRISE_USER;

  private static AttributeChanges changes(Map<String, Object> previous, Map<String, Object> desired) {
    return AttributeChanges.between(Projection.of(previous), Projection.of(desired));
  }

  private static Map<String, Object> role(String value) {
    return JsonValues.object("value", value, "type", "cirole");
  }

  @Test
  void isEmpty_whenNothingChanged() {
    Map<String, Object> payload = JsonValues.object("userName", "alice", "active", true,
        "name", JsonValues.object("givenName", "Alice"), "roles", List.of(role("a")));

    AttributeChanges changes = changes(payload, payload);

    assertThat(changes.isEmpty()).isTrue();
    assertThat(changes).isEqualTo(AttributeChanges.none());
  }

  @Test
  void isEmpty_whenOnlyItemOrderKeyOrderOrNumberTypeDiffer() {
    Map<String, Object> previous = JsonValues.object("roles", List.of(role("a"), role("b")),
        "name", JsonValues.object("givenName", "Alice", "familyName", "Smith"), "level", 1);
    Map<String, Object> desired = JsonValues.object("level", 1.0,
        "name", JsonValues.object("familyName", "Smith", "givenName", "Alice"),
        "roles", List.of(role("b"), role("a")));

    assertThat(changes(previous, desired).isEmpty()).isTrue();
  }

  @Test
  void detectsRemovedTopLevelAttribute_W11() {
    Map<String, Object> previous = JsonValues.object("userName", "alice", "title", "CTO");
    Map<String, Object> desired = JsonValues.object("userName", "alice");

    assertThat(changes(previous, desired))
        .isEqualTo(new AttributeChanges(Map.of(), List.of("title")));
  }

  @Test
  void replacesWithReducedList_whenRoleIsRemoved_W11_authentik25681() {
    Map<String, Object> previous = JsonValues.object("roles", List.of(role("a"), role("b")));
    Map<String, Object> desired = JsonValues.object("roles", List.of(role("a")));

    AttributeChanges changes = changes(previous, desired);

    assertThat(changes.changed()).isEqualTo(Map.of("roles", List.of(role("a"))));
    assertThat(changes.removedPaths()).isEmpty();
  }

  @Test
  void removesAttribute_whenLastListItemIsRemoved() {
    Map<String, Object> previous = JsonValues.object("userName", "alice", "roles", List.of(role("a")));
    Map<String, Object> desired = JsonValues.object("userName", "alice", "roles", List.of());

    assertThat(changes(previous, desired))
        .isEqualTo(new AttributeChanges(Map.of(), List.of("roles")));
  }

  @Test
  void detectsChange_whenEmailTypeChanges() {
    Map<String, Object> previous = JsonValues.object("emails",
        List.of(JsonValues.object("value", "a@example.com", "type", "work")));
    Map<String, Object> desired = JsonValues.object("emails",
        List.of(JsonValues.object("value", "a@example.com", "type", "home")));

    assertThat(changes(previous, desired).changed()).isEqualTo(Map.of("emails",
        List.of(JsonValues.object("type", "home", "value", "a@example.com"))));
  }

  @Test
  void carriesWholeDesiredValue_whenAddedOrChanged() {
    Map<String, Object> previous = JsonValues.object("userName", "alice", "title", "Dev");
    Map<String, Object> desired = JsonValues.object("userName", "alice", "title", "CTO",
        "nickName", "Al");

    assertThat(changes(previous, desired))
        .isEqualTo(new AttributeChanges(Map.of("nickName", "Al", "title", "CTO"), List.of()));
  }

  @Test
  void removesSubAttributes_whenDroppedFromComplexAndEnterpriseAttributes() {
    Map<String, Object> previous = JsonValues.object(
        "name", JsonValues.object("givenName", "Alice", "middleName", "B", "familyName", "Smith"),
        ENTERPRISE, JsonValues.object("department", "R&D", "organization", "ACME"));
    Map<String, Object> desired = JsonValues.object(
        "name", JsonValues.object("givenName", "Alice", "familyName", "Smith"),
        ENTERPRISE, JsonValues.object("organization", "ACME"));

    AttributeChanges changes = changes(previous, desired);

    assertThat(changes.removedPaths())
        .containsExactly("name.middleName", ENTERPRISE + ":department");
    // the unchanged organization is not rewritten: extension attributes stand on their own
    assertThat(changes.changed()).isEqualTo(Map.of(
        "name", Map.of("familyName", "Smith", "givenName", "Alice")));
  }

  @Test
  void removesEachExtensionAttribute_whenWholeExtensionIsGone() {
    Map<String, Object> previous = JsonValues.object("userName", "alice",
        ENTERPRISE, JsonValues.object("department", "R&D", "costCenter", "7"));
    Map<String, Object> desired = JsonValues.object("userName", "alice");

    assertThat(changes(previous, desired)).isEqualTo(new AttributeChanges(Map.of(),
        List.of(ENTERPRISE + ":costCenter", ENTERPRISE + ":department")));
  }

  /*
   * Regression: sub-attribute removal once looked one level deep only. A complex
   * attribute inside an extension that loses a sub-attribute yields no remove path, and a replace
   * of a complex attribute leaves unspecified sub-attributes unchanged (RFC 7644 §3.5.2.3), so the
   * stale value stays on the server: W11 again, one level down.
   */
  @Test
  void removesNestedSubAttribute_whenDroppedFromComplexExtensionAttribute() {
    String custom = "urn:example:params:scim:schemas:extension:site:2.0:User";
    Map<String, Object> previous = JsonValues.object(
        custom, JsonValues.object("desk", JsonValues.object("building", "B1", "room", "12")));
    Map<String, Object> desired = JsonValues.object(
        custom, JsonValues.object("desk", JsonValues.object("building", "B1")));

    assertThat(changes(previous, desired).removedPaths()).containsExactly(custom + ":desk.room");
  }
}
