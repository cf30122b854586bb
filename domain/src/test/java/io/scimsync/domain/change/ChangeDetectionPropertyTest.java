package io.scimsync.domain.change;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scimsync.domain.model.DeepJson;
import io.scimsync.domain.model.JsonDepth;
import io.scimsync.domain.model.JsonValues;
import io.scimsync.domain.model.ScimSchemas;
import io.scimsync.domain.model.TooDeepException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Projection and change detection over random JSON up to 64 levels deep: what the walkers did
 * before they were depth-guarded, pinned as properties (projection ignores key order and the order
 * of multi-valued items, is idempotent, and equal inputs project equal; changes between equal
 * projections are none, between different ones some, and name the desired values and the removed
 * attributes), and one level beyond {@link JsonDepth#LIMIT} refused. Seeded.
 */
class ChangeDetectionPropertyTest {
  private static final int CASES = 300;

  @Test
  void projectionIgnoresOrder_isIdempotent_andEqualInputsProjectEqual_upTo64Levels() {
    Random random = new Random(7);
    for (int c = 0; c < CASES; c++) {
      Map<String, Object> input = DeepJson.randomObject(random, 1 + c % 64, c % 3 == 0);

      Map<String, Object> projected = Projection.of(input);

      assertThat(Projection.of(asObject(shuffled(input, random)))).isEqualTo(projected);
      assertThat(Projection.of(JsonValues.copyObject(input))).isEqualTo(projected);
      assertThat(Projection.of(projected)).isEqualTo(projected);
      assertThat(Projection.restrict(projected, List.of(projected))).isEqualTo(projected);
    }
  }

  @Test
  void changesAreNone_exactlyWhenProjectionsAreEqual_andNameDesiredValuesAndRemovals() {
    Random random = new Random(11);
    for (int c = 0; c < CASES; c++) {
      Map<String, Object> before = Projection.of(DeepJson.randomObject(random, 1 + c % 64, false));
      Map<String, Object> after = Projection.of(mutated(before, random));

      AttributeChanges same = AttributeChanges.between(before, before);
      AttributeChanges changes = AttributeChanges.between(before, after);

      assertThat(same.isEmpty()).isTrue();
      assertThat(changes.isEmpty()).isEqualTo(before.equals(after));
      changes.changed().forEach((key, value) -> {
        if (!ScimSchemas.isSchemaUrn(key)) {
          assertThat(value).isEqualTo(after.get(key));
        }
      });
      before.keySet().stream().filter(key -> !after.containsKey(key))
          .forEach(key -> assertThat(changes.removedPaths()).contains(key));
      for (String removed : changes.removedPaths()) {
        assertThat(before).containsKey(removed.split("\\.")[0]);
      }
    }
  }

  @Test
  void walkersAcceptExactlyTheLimit_andRefuseOneLevelMore() {
    Random random = new Random(128);
    for (int c = 0; c < 20; c++) {
      Map<String, Object> atLimit = DeepJson.randomObject(random, JsonDepth.LIMIT, false);
      Map<String, Object> beyond = DeepJson.randomObject(random, JsonDepth.LIMIT + 1, false);

      Map<String, Object> projected = Projection.of(atLimit);
      assertThat(AttributeChanges.between(projected, projected).isEmpty()).isTrue();
      assertThatThrownBy(() -> Projection.of(beyond)).isInstanceOf(TooDeepException.class);
      assertThatThrownBy(() -> AttributeChanges.between(beyond, projected))
          .isInstanceOf(TooDeepException.class);
      assertThatThrownBy(() -> Projection.restrict(projected, List.of(beyond)))
          .isInstanceOf(TooDeepException.class);
    }
  }

  /**
   * The same value with object members in another order, and list items in another order where
   * that cannot change the projection (items keyed alike: the last one wins).
   */
  @SuppressWarnings("unchecked")
  private static Object shuffled(Object value, Random random) {
    if (value instanceof Map<?, ?> map) {
      List<String> keys = new ArrayList<>((Set<String>) map.keySet());
      Collections.shuffle(keys, random);
      Map<String, Object> out = new LinkedHashMap<>();
      keys.forEach(k -> out.put(k, shuffled(map.get(k), random)));
      return out;
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      list.forEach(item -> out.add(shuffled(item, random)));
      if (distinctlyKeyed(list)) {
        Collections.shuffle(out, random);
      }
      return out;
    }
    return value;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asObject(Object value) {
    return (Map<String, Object>) value;
  }

  private static boolean distinctlyKeyed(List<?> items) {
    Set<Object> keys = new HashSet<>();
    for (Object item : items) {
      Object normalised = Projection.of(JsonValues.object("i", item)).get("i");
      if (normalised == null) {
        continue;
      }
      Object key = normalised instanceof Map<?, ?> m && m.get("value") != null
          ? List.of("v", m.get("value")) : List.of("c", normalised);
      if (!keys.add(key)) {
        return false;
      }
    }
    return true;
  }

  /** {@code value} with one member somewhere replaced, removed or added. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> mutated(Map<String, Object> value, Random random) {
    Map<String, Object> out = new LinkedHashMap<>(value);
    List<String> keys = new ArrayList<>(out.keySet());
    String key = keys.isEmpty() ? "fresh" : keys.get(random.nextInt(keys.size()));
    Object member = out.get(key);
    switch (random.nextInt(4)) {
      case 0 -> out.remove(key);
      case 1 -> out.put(key, "changed" + random.nextInt(3));
      case 2 -> out.put("k" + random.nextInt(3), random.nextInt(3));
      default -> {
        if (member instanceof Map<?, ?> nested) {
          out.put(key, mutated((Map<String, Object>) nested, random));
        } else {
          out.put(key, Objects.equals(member, true) ? false : true);
        }
      }
    }
    return out;
  }
}
