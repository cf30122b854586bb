package io.scimsync.domain.change;

import static org.assertj.core.api.Assertions.assertThat;

import io.scimsync.domain.model.JsonValues;
import io.scimsync.domain.model.ScimSchemas;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ProjectionTest {
  private static final Map<String, Object> WORK = JsonValues.object(
      "value", "alice@work.example", "type", "work", "primary", true);
  private static final Map<String, Object> HOME = JsonValues.object(
      "value", "alice@home.example", "type", "home");

  @Test
  void projectsEqual_whenMultiValuedItemsAreReordered() {
    Map<String, Object> one = JsonValues.object("userName", "alice", "emails", List.of(WORK, HOME),
        "roles", List.of("b", "a"));
    Map<String, Object> other = JsonValues.object("userName", "alice", "emails", List.of(HOME, WORK),
        "roles", List.of("a", "b"));

    assertThat(Projection.of(one)).isEqualTo(Projection.of(other));
  }

  @Test
  void projectsEqual_whenValueLessComplexItemsAreReordered() {
    Map<String, Object> office = JsonValues.object("type", "work", "locality", "Bern");
    Map<String, Object> flat = JsonValues.object("type", "home", "locality", "Basel");

    assertThat(Projection.of(JsonValues.object("addresses", List.of(office, flat))))
        .isEqualTo(Projection.of(JsonValues.object("addresses", List.of(flat, office))));
  }

  @Test
  void projectsDifferent_whenItemKeyedByValueChangesType() {
    Map<String, Object> before = JsonValues.object("emails", List.of(WORK, HOME));
    Map<String, Object> after = JsonValues.object("emails", List.of(WORK,
        JsonValues.object("value", "alice@home.example", "type", "other")));

    assertThat(Projection.of(before)).isNotEqualTo(Projection.of(after));
  }

  @Test
  void sortsItemsByValueAndKeysByName() {
    Map<String, Object> payload = JsonValues.object(
        "userName", "alice", "emails", List.of(WORK, HOME), "active", true);

    Map<String, Object> projection = Projection.of(payload);

    assertThat(new ArrayList<>(projection.keySet())).containsExactly("active", "emails", "userName");
    assertThat(projection.get("emails")).isEqualTo(List.of(HOME, WORK));
    Map<?, ?> firstEmail = (Map<?, ?>) ((List<?>) projection.get("emails")).get(0);
    assertThat(firstEmail.keySet().stream().map(Object::toString).toList())
        .containsExactly("type", "value");
  }

  @Test
  void keepsLastItem_whenValueRepeats() {
    Map<String, Object> first = JsonValues.object("value", "a", "type", "work");
    Map<String, Object> second = JsonValues.object("value", "a", "type", "home");

    assertThat(Projection.of(JsonValues.object("emails", List.of(first, second))))
        .isEqualTo(Map.of("emails", List.of(second)));
  }

  static Stream<Arguments> integralNumbers() {
    return Stream.of(
        Arguments.of(1, 1L), Arguments.of(1L, 1.0), Arguments.of(1, 1.0),
        Arguments.of(1.0f, 1), Arguments.of(new BigDecimal("1.0"), 1L),
        Arguments.of((short) 1, (byte) 1));
  }

  @ParameterizedTest
  @MethodSource("integralNumbers")
  void projectsIntegralNumbersEqual_whateverTheirJavaType(Number one, Number other) {
    Map<String, Object> projected = Projection.of(Map.of("level", one, "scores", List.of(one)));

    assertThat(projected).isEqualTo(Projection.of(Map.of("level", other, "scores", List.of(other))));
    assertThat(projected.get("level")).isEqualTo(1L);
  }

  @Test
  void keepsFractionsAsDoubles_soTheyDifferFromTheirIntegralPart() {
    assertThat(Projection.of(Map.of("level", 1.5))).isEqualTo(Map.of("level", 1.5));
    assertThat(Projection.of(Map.of("level", 1.5))).isNotEqualTo(Projection.of(Map.of("level", 1)));
  }

  @Test
  void leavesOutServerOwnedAttributes_inAnyCase() {
    Map<String, Object> payload = JsonValues.object(
        "schemas", List.of(ScimSchemas.USER), "ID", "42", "meta", Map.of("version", "W/\"1\""),
        "userName", "alice");

    assertThat(Projection.of(payload)).isEqualTo(Map.of("userName", "alice"));
  }

  @Test
  void leavesOutExcludedAttributes() {
    Map<String, Object> payload = JsonValues.object(
        "displayName", "Admins", "members", List.of(Map.of("value", "u1")));

    assertThat(Projection.of(payload, Set.of("members"))).isEqualTo(Map.of("displayName", "Admins"));
  }

  @Test
  void dropsNullsEmptyListsAndEmptyObjects_asUnassigned() {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("userName", "alice");
    payload.put("nickName", null);
    payload.put("roles", List.of());
    payload.put("name", new LinkedHashMap<>(Map.of("familyName", Map.of())));
    List<Object> withNull = new ArrayList<>();
    withNull.add(null);
    payload.put("entitlements", withNull);

    assertThat(Projection.of(payload)).isEqualTo(Map.of("userName", "alice"));
  }

  @Test
  void isStable_whenProjectedAgain_soStoredStateReadsBackUnchanged() {
    Map<String, Object> payload = JsonValues.object(
        "userName", "alice", "emails", List.of(WORK, HOME), "level", 1.0,
        ScimSchemas.ENTERPRISE_USER, JsonValues.object("department", "R&D", "costCenter", "7"));
    Map<String, Object> projected = Projection.of(payload);

    assertThat(Projection.of(JsonValues.copyObject(projected))).isEqualTo(projected);
  }

  /*
   * Regression: the text that keys value-less items once did not escape quotes, so two
   * different addresses can get the same key and collapse into one; the added address below is
   * then invisible to change detection.
   */
  @Test
  void keepsDistinctValueLessItems_evenWhenTextContainsQuotes() {
    Map<String, Object> plain = JsonValues.object("formatted", "x", "locality", "y");
    Map<String, Object> quoted = JsonValues.object("formatted", "x\",locality=\"y");

    assertThat(Projection.of(JsonValues.object("addresses", List.of(quoted, plain))))
        .isNotEqualTo(Projection.of(JsonValues.object("addresses", List.of(plain))));
  }
}
