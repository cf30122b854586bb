package io.scimsync.domain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Copies of random JSON up to 64 levels deep (what the transport reads) against an independent
 * recursive oracle: a copy equals its input without nulls, keeps key order, and is immutable at
 * every level; one level beyond {@link JsonDepth#LIMIT} is refused. Seeded: every run checks the
 * same cases.
 */
class JsonValuesPropertyTest {
  private static final int CASES = 300;

  @Test
  void copyEqualsTheInputWithoutNulls_inTheSameKeyOrder_upTo64Levels() {
    Random random = new Random(64);
    for (int c = 0; c < CASES; c++) {
      int depth = 1 + c % 64;
      Map<String, Object> input = DeepJson.randomObject(random, depth, c % 2 == 0);

      Map<String, Object> copy = JsonValues.copyObject(input);

      assertThat(copy).isEqualTo(withoutNulls(input));
      assertThat(TestJson.render(copy)).isEqualTo(TestJson.render(withoutNulls(input)));
      assertThat(JsonValues.copy(copy)).isEqualTo(copy);
      assertImmutable(copy);
    }
  }

  @Test
  void copyAcceptsExactlyTheLimit_andRefusesOneLevelMore() {
    Random random = new Random(128);
    for (int c = 0; c < 20; c++) {
      Map<String, Object> atLimit = DeepJson.randomObject(random, JsonDepth.LIMIT, false);
      Map<String, Object> beyond = DeepJson.randomObject(random, JsonDepth.LIMIT + 1, false);

      assertThat(JsonValues.copyObject(atLimit)).isEqualTo(atLimit);
      assertThatThrownBy(() -> JsonValues.copyObject(beyond))
          .isInstanceOf(TooDeepException.class)
          .hasMessageStartingWith("nested too deep (more than 128 levels) at $.");
    }
  }

  /** The oracle: the input with null members and items removed, recursively. */
  @SuppressWarnings("unchecked")
  private static Object withoutNulls(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      ((Map<String, Object>) map).forEach((k, v) -> {
        if (v != null) {
          out.put(k, withoutNulls(v));
        }
      });
      return out;
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      list.stream().filter(java.util.Objects::nonNull).forEach(v -> out.add(withoutNulls(v)));
      return out;
    }
    return value;
  }

  private static void assertImmutable(Object value) {
    if (value instanceof Map<?, ?> map) {
      @SuppressWarnings("unchecked")
      Map<String, Object> object = (Map<String, Object>) map;
      assertThatThrownBy(() -> object.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
      map.values().forEach(JsonValuesPropertyTest::assertImmutable);
    } else if (value instanceof List<?> list) {
      @SuppressWarnings("unchecked")
      List<Object> items = (List<Object>) list;
      assertThatThrownBy(() -> items.add(1)).isInstanceOf(UnsupportedOperationException.class);
      list.forEach(JsonValuesPropertyTest::assertImmutable);
    }
  }
}
