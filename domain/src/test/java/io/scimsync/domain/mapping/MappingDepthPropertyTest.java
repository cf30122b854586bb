package io.scimsync.domain.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scimsync.domain.directory.LocalGroup;
import io.scimsync.domain.directory.LocalUser;
import io.scimsync.domain.model.DeepJson;
import io.scimsync.domain.model.JsonValues;
import io.scimsync.domain.model.ScimGroup;
import io.scimsync.domain.model.ScimUser;
import io.scimsync.domain.model.TestJson;
import io.scimsync.domain.model.TooDeepException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The mappers' recursive steps (deep merge of a local object's attributes, overrides, pruning)
 * over random attributes up to 64 levels deep: the payload carries each attribute as given, nulls
 * and emptied objects dropped, key order kept; an override puts its value whole. Past the limit
 * the override's value is refused before anything recurses. Seeded.
 */
class MappingDepthPropertyTest {
  private static final int CASES = 200;

  @Test
  void userAndGroupPayloadsCarryTheAttributesAsGiven_upTo64Levels() {
    Random random = new Random(32);
    for (int c = 0; c < CASES; c++) {
      Map<String, Object> attributes = DeepJson.randomObject(random, 1 + c % 64, c % 2 == 0);
      Map<String, Object> expected = pruned(JsonValues.copyObject(attributes));

      ScimUser user = UserMapper.map(new LocalUser("u1", "ada", Optional.empty(), Optional.empty(),
          Optional.empty(), Optional.empty(), true, attributes), AttributeOverrides.none());
      ScimGroup group = GroupMapper.map(new LocalGroup("g1", "Eng", Set.of(), attributes),
          AttributeOverrides.none());

      expected.forEach((key, value) -> {
        assertThat(TestJson.render(user.coreAttributes().get(key))).isEqualTo(TestJson.render(value));
        assertThat(TestJson.render(group.otherAttributes().get(key))).isEqualTo(TestJson.render(value));
      });
      assertThat(user.coreAttributes().keySet()).containsAll(expected.keySet());
    }
  }

  @Test
  void anOverridePutsItsValueWhole_upTo64Levels_andIsRefusedPastTheLimit() {
    Random random = new Random(33);
    for (int c = 0; c < 50; c++) {
      Map<String, Object> value = DeepJson.randomObject(random, 1 + c % 64, false);
      Map<String, Object> overrides = new LinkedHashMap<>();
      overrides.put("title", value);

      ScimUser user = UserMapper.map(LocalUser.of("u1", "ada"),
          new AttributeOverrides(overrides, Map.of()));

      assertThat(user.coreAttributes().get("title")).isEqualTo(pruned(JsonValues.copyObject(value)));
    }
    assertThatThrownBy(() -> new AttributeOverrides(Map.of("title", DeepJson.objects(129)), Map.of()))
        .isInstanceOf(TooDeepException.class)
        .hasMessageStartingWith("nested too deep (more than 128 levels) at title.a.a");
  }

  /** The oracle: objects pruned of members that are empty objects once pruned themselves. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> pruned(Map<String, Object> object) {
    Map<String, Object> out = new LinkedHashMap<>();
    object.forEach((key, value) -> {
      Object kept = value instanceof Map<?, ?> map ? pruned((Map<String, Object>) map) : value;
      if (!(kept instanceof Map<?, ?> m && m.isEmpty())) {
        out.put(key, kept);
      }
    });
    return out;
  }
}
