package io.scimsync.domain.model;

import static io.scimsync.domain.model.TestJson.arr;
import static io.scimsync.domain.model.TestJson.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JsonDepthTest {

  @Test
  void countsObjectsAndListsLikeJackson_soALimitOfNAcceptsExactlyNLevels() {
    // {"a": [{"b": 1}]} is 3 levels: an object, a list, an object
    Map<String, Object> three = obj("a", arr(obj("b", 1)));

    assertThatCode(() -> JsonDepth.require(three, 3, "x")).doesNotThrowAnyException();
    assertThatThrownBy(() -> JsonDepth.require(three, 2, "x"))
        .isInstanceOf(TooDeepException.class)
        .hasMessage("nested too deep (more than 2 levels) at x.a[0]");
  }

  @Test
  void scalarsAndNullAreNoLevel_andEmptyContainersOne() {
    assertThatCode(() -> JsonDepth.require("text", 0, "x")).doesNotThrowAnyException();
    assertThatCode(() -> JsonDepth.require(null, 0, "x")).doesNotThrowAnyException();
    assertThatThrownBy(() -> JsonDepth.require(Map.of(), 0, "x"))
        .isInstanceOf(TooDeepException.class)
        .hasMessage("nested too deep (more than 0 levels) at x");
    assertThatCode(() -> JsonDepth.require(List.of(), 1, "x")).doesNotThrowAnyException();
  }

  @Test
  void optionalsAddNoLevel() {
    Map<String, Object> two = obj("a", Optional.of(obj("b", Optional.of(1))));

    assertThatCode(() -> JsonDepth.require(two, 2, "x")).doesNotThrowAnyException();
  }

  @Test
  void namesThePathOfTheFirstValueBeyondTheLimit_withListIndexes() {
    Map<String, Object> value = obj("shallow", obj("x", 1),
        "emails", arr("a", obj("type", "work"), obj("deep", obj("deeper", 1))));

    assertThatThrownBy(() -> JsonDepth.require(value, 3, "attributes"))
        .isInstanceOf(TooDeepException.class)
        .satisfies(e -> {
          TooDeepException tooDeep = (TooDeepException) e;
          assertThat(tooDeep.limit()).isEqualTo(3);
          assertThat(tooDeep.path()).isEqualTo("attributes.emails[2].deep");
        });
  }

  @Test
  void shortensLongPathsInTheMiddle() {
    Map<String, Object> value = DeepJson.objects("averyveryverylongattributename", 200);

    assertThatThrownBy(() -> JsonDepth.require(value, "attributes"))
        .isInstanceOf(TooDeepException.class)
        .satisfies(e -> assertThat(((TooDeepException) e).path())
            .hasSizeLessThanOrEqualTo(240)
            .startsWith("attributes.averyvery")
            .contains(" ... ")
            .endsWith(".averyveryverylongattributename"));
  }

  @Test
  void refusesAValueThatContainsItself_insteadOfWalkingForever() {
    Map<String, Object> loop = new LinkedHashMap<>();
    loop.put("self", loop);

    assertThatThrownBy(() -> JsonDepth.require(loop, "x"))
        .isInstanceOf(TooDeepException.class)
        .hasMessageStartingWith("nested too deep (more than 128 levels) at x.self.self");
  }

  @Test
  void checks100000LevelsWithoutOverflowingTheStack() {
    assertThatThrownBy(() -> JsonDepth.require(DeepJson.mixed(100_000), "x"))
        .isInstanceOf(TooDeepException.class)
        .hasMessageStartingWith("nested too deep (more than 128 levels) at x.a[0].a[0]");
    assertThatCode(() -> JsonDepth.require(DeepJson.lists(128), "x")).doesNotThrowAnyException();
  }

  @Test
  void refusesANegativeLimit() {
    assertThatThrownBy(() -> JsonDepth.require(Map.of(), -1, "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("limit must not be negative, got -1");
  }
}
