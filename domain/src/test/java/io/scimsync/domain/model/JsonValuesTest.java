package io.scimsync.domain.model;

import static io.scimsync.domain.model.TestJson.arr;
import static io.scimsync.domain.model.TestJson.assertJson;
import static io.scimsync.domain.model.TestJson.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JsonValuesTest {

  @Test
  void object_keepsArgumentOrder_andDropsNullsAndEmptyOptionals() {
    Map<String, Object> object = JsonValues.object(
        "zeta", 1, "absent", null, "alpha", Optional.of("a"), "empty", Optional.empty(), "flag", true);

    assertJson(object, """
        {"zeta": 1, "alpha": "a", "flag": true}""");
  }

  @Test
  void object_rejectsAnOddNumberOfArguments() {
    assertThatThrownBy(() -> JsonValues.object("key"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("even");
  }

  @Test
  void copyObject_dropsNullsAtEveryDepth_andKeepsKeyOrder() {
    Map<String, Object> source = obj(
        "b", null,
        "a", obj("inner", null, "kept", 1),
        "list", arr(1, null, obj("x", null), 2),
        "c", "text");

    assertJson(JsonValues.copyObject(source), """
        {"a": {"kept": 1}, "list": [1, {}, 2], "c": "text"}""");
  }

  @Test
  void copyObject_isDeep_soLaterChangesToTheSourceDoNotShowThrough() {
    List<Object> members = arr(obj("value", "u1"));
    Map<String, Object> nested = obj("members", members);
    Map<String, Object> source = obj("group", nested);

    Map<String, Object> copy = JsonValues.copyObject(source);
    members.add(obj("value", "u2"));
    nested.put("extra", true);
    source.put("late", 1);

    assertJson(copy, """
        {"group": {"members": [{"value": "u1"}]}}""");
  }

  @Test
  @SuppressWarnings("unchecked")
  void copyObject_isUnmodifiableAtEveryDepth() {
    Map<String, Object> copy = JsonValues.copyObject(obj("group", obj("members", arr(obj("value", "u1")))));
    Map<String, Object> group = (Map<String, Object>) copy.get("group");
    List<Object> members = (List<Object>) group.get("members");
    Map<String, Object> member = (Map<String, Object>) members.get(0);

    assertThatThrownBy(() -> copy.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> group.remove("members")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> members.add("u2")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> member.put("value", "u9")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void copy_unwrapsOptionals_andTurnsOtherIterablesIntoLists() {
    assertThat(JsonValues.copy(Optional.of("x"))).isEqualTo("x");
    assertThat(JsonValues.copy(Optional.empty())).isNull();
    assertJson(JsonValues.copyObject(obj("o", Optional.of(List.of(1, 2)), "gone", Optional.empty())), """
        {"o": [1, 2]}""");
    assertThat(JsonValues.copy(new java.util.TreeSet<>(List.of("b", "a")))).isEqualTo(List.of("a", "b"));
  }

  @Test
  void copy_rejectsValuesThatAreNotPlainJson_namingTheirType() {
    assertThatThrownBy(() -> JsonValues.copyObject(obj("timeout", Duration.ofSeconds(3))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.time.Duration");
  }

  static Stream<Arguments> lenientStrings() {
    return Stream.of(
        Arguments.of("abc", Optional.of("abc")),
        Arguments.of("", Optional.empty()),
        Arguments.of("   ", Optional.empty()),
        Arguments.of(42, Optional.of("42")),
        Arguments.of(42L, Optional.of("42")),
        Arguments.of(42.0, Optional.of("42")),
        Arguments.of(4.5, Optional.of("4.5")),
        Arguments.of(new BigInteger("123456789012345678901234567890"),
            Optional.of("123456789012345678901234567890")),
        Arguments.of(new BigDecimal("17"), Optional.of("17")),
        Arguments.of(true, Optional.empty()),
        Arguments.of(null, Optional.empty()),
        Arguments.of(List.of("a"), Optional.empty()),
        Arguments.of(Map.of("value", "a"), Optional.empty()));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("lenientStrings")
  void string_readsStringsAndNumbers_asNonBlankText(Object input, Optional<String> expected) {
    assertThat(JsonValues.string(input)).isEqualTo(expected);
  }

  @Test
  void string_keepsEveryDigitOfALargeWholeDouble_insteadOfClampingToLongMax() {
    // (long) 1.0E20 saturates at Long.MAX_VALUE: two different large ids would read as the same id
    assertThat(JsonValues.string(1.0E20)).contains("100000000000000000000");
    assertThat(JsonValues.string(2.0E20)).isNotEqualTo(JsonValues.string(1.0E20));
  }

  @Test
  void objectAt_returnsTheValueOnlyWhenItIsAnObject() {
    Map<String, Object> source = obj("meta", obj("version", "W/\"1\""), "name", "x");

    assertThat(JsonValues.objectAt(source, "meta")).contains(Map.of("version", "W/\"1\""));
    assertThat(JsonValues.objectAt(source, "name")).isEmpty();
    assertThat(JsonValues.objectAt(source, "missing")).isEmpty();
  }

  @Test
  void getIgnoreCase_prefersTheExactKey_thenAnyCaseVariant() {
    Map<String, Object> source = obj("displayName", "exact", "DISPLAYNAME", "upper", "UserName", "bjensen");

    assertThat(JsonValues.getIgnoreCase(source, "displayName")).isEqualTo("exact");
    assertThat(JsonValues.getIgnoreCase(source, "username")).isEqualTo("bjensen");
    assertThat(JsonValues.getIgnoreCase(source, "id")).isNull();
  }
}
