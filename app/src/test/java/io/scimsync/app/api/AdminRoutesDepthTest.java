package io.scimsync.app.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Directory objects whose {@code attributes} nest deeper than 32 levels are refused with 400
 * naming the field, and nothing is stored: 33 levels by the precise check, 10,000 by the parser
 * before anything recursive sees them. They used to be stored (201), and syncing them overflowed
 * the stack of the engine's change detection, which Pekko answers by exiting the JVM.
 */
class AdminRoutesDepthTest extends AdminApiTestBase {

  /** {@code levels} objects inside each other: {"a": {"a": ... {} ...}}. */
  static String objects(int levels) {
    return "{\"a\":".repeat(levels - 1) + "{}" + "}".repeat(levels - 1);
  }

  static String userWith(int attributeLevels) {
    return j("{'userName': 'deep', 'attributes': ") + objects(attributeLevels) + "}";
  }

  static String groupWith(int attributeLevels) {
    return j("{'name': 'Deep', 'attributes': ") + objects(attributeLevels) + "}";
  }

  @Test
  void acceptsAttributesNesting32Levels() {
    assertThat(put("/api/v1/users/u1", userWith(32)).statusCode()).isEqualTo(201);
    assertThat(put("/api/v1/groups/g1", groupWith(32)).statusCode()).isEqualTo(201);
  }

  @ParameterizedTest(name = "{0} levels")
  @ValueSource(ints = {33, 10_000})
  void refusesDeeperUserAttributes_namingTheField_andStoresNothing(int levels) {
    String error = assertBadRequest(put("/api/v1/users/u1", userWith(levels)), "attributes");

    assertThat(error).startsWith("nested too deep (more than 32 levels) at attributes.a.a.a");
    assertThat(backend.store.findUser("u1")).isEmpty();
  }

  @ParameterizedTest(name = "{0} levels")
  @ValueSource(ints = {33, 10_000})
  void refusesDeeperGroupAttributes_namingTheField_andStoresNothing(int levels) {
    String error = assertBadRequest(put("/api/v1/groups/g1", groupWith(levels)), "attributes");

    assertThat(error).startsWith("nested too deep (more than 32 levels) at attributes.a.a.a");
    assertThat(backend.store.findGroup("g1")).isEmpty();
  }

  @Test
  void aRefusedUpdate_leavesTheStoredObjectAsItWas() {
    assertThat(put("/api/v1/users/u1", j("{'userName': 'deep', 'attributes': {'title': 'x'}}"))
        .statusCode()).isEqualTo(201);

    assertBadRequest(put("/api/v1/users/u1", userWith(10_000)), "attributes");

    assertThat(backend.store.findUser("u1")).hasValueSatisfying(u ->
        assertThat(u.attributes()).containsEntry("title", "x"));
  }

  @Test
  void aDeepValueInAnotherField_isNamedToo() {
    HttpResponse<String> response = put("/api/v1/users/u1",
        j("{'userName': 'deep', 'displayName': ") + objects(10_000) + "}");

    assertThat(assertBadRequest(response, "displayName"))
        .startsWith("nested too deep (more than 32 levels) at displayName.a.a");
  }
}
