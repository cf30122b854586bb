package io.scimsync.domain.model;

import static io.scimsync.domain.model.TestJson.arr;
import static io.scimsync.domain.model.TestJson.assertJson;
import static io.scimsync.domain.model.TestJson.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class PatchOperationTest {

  @ParameterizedTest
  @CsvSource({"ADD, add", "REMOVE, remove", "REPLACE, replace"})
  void rendersOpNamesInLowerCase_asRfc7644WritesThem(PatchOperation.Op op, String wire) {
    assertThat(op.wire()).isEqualTo(wire);
  }

  @Test
  void toMap_ofAMemberAdd_rendersOpPathValue() {
    PatchOperation add = PatchOperation.add("members",
        List.of(Member.of("u1").toMap(), Member.of("u2", Optional.of("user")).toMap()));

    assertJson(add.toMap(), """
        {"op": "add", "path": "members", "value": [{"value": "u1"}, {"value": "u2", "type": "user"}]}""");
  }

  @Test
  void toMap_ofARemoveByFilterPath_hasNoValue() {
    assertJson(PatchOperation.remove("members[value eq \"u1\"]").toMap(), """
        {"op": "remove", "path": "members[value eq \\"u1\\"]"}""");
  }

  @Test
  void toMap_ofARemoveWithAValueArray_keepsTheValue() {
    assertJson(PatchOperation.remove("members", List.of(Map.of("value", "u1"))).toMap(), """
        {"op": "remove", "path": "members", "value": [{"value": "u1"}]}""");
  }

  @Test
  void toMap_ofAPathlessReplace_hasNoPath() {
    assertJson(PatchOperation.replace(null, obj("displayName", "eng", "externalId", "e1")).toMap(), """
        {"op": "replace", "value": {"displayName": "eng", "externalId": "e1"}}""");
  }

  @Test
  void rejectsARemoveWithoutPath_rfc7644noTarget() {
    assertThatThrownBy(() -> new PatchOperation(PatchOperation.Op.REMOVE, Optional.empty(),
        Optional.of(List.of("u1"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("path");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  "})
  void treatsABlankPathAsNoPath(String blank) {
    assertThatThrownBy(() -> PatchOperation.remove(blank))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("path");
    assertThat(PatchOperation.replace(blank, Map.of("active", false)).path()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(value = PatchOperation.Op.class, names = {"ADD", "REPLACE"})
  void rejectsAPathlessOperationWhoseValueIsNotAnObject_Twingate(PatchOperation.Op op) {
    for (Object value : List.of("eng", 42, true, List.of(Map.of("value", "u1")))) {
      assertThatThrownBy(() -> new PatchOperation(op, Optional.empty(), Optional.of(value)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("path-less " + op.wire())
          .hasMessageContaining("object");
    }
  }

  @ParameterizedTest
  @EnumSource(value = PatchOperation.Op.class, names = {"ADD", "REPLACE"})
  void acceptsANonObjectValue_whenThereIsAPath(PatchOperation.Op op) {
    PatchOperation operation = new PatchOperation(op, Optional.of("displayName"), Optional.of("eng"));

    assertThat(operation.value()).contains("eng");
  }

  @ParameterizedTest
  @EnumSource(value = PatchOperation.Op.class, names = {"ADD", "REPLACE"})
  void rejectsAnAddOrReplaceWithoutValue(PatchOperation.Op op) {
    assertThatThrownBy(() -> new PatchOperation(op, Optional.of("displayName"), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(op.wire() + " needs a value");
  }

  @Test
  @SuppressWarnings("unchecked")
  void copiesItsValueDeeply_andHandsItOutUnmodifiable() {
    List<Object> members = arr(obj("value", "u1"));
    PatchOperation add = PatchOperation.add("members", members);
    members.add(obj("value", "u2"));
    ((Map<String, Object>) members.get(0)).put("value", "changed");

    assertJson(add.toMap(), """
        {"op": "add", "path": "members", "value": [{"value": "u1"}]}""");
    List<Object> value = (List<Object>) add.value().orElseThrow();
    assertThatThrownBy(() -> value.add("x")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> ((Map<String, Object>) value.get(0)).put("x", 1))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void rejectsValuesThatAreNotPlainJson() {
    assertThatThrownBy(() -> PatchOperation.replace("active", new Object()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
