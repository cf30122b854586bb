package io.scimsync.app.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scimsync.app.InvalidFieldException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonBodiesTest {
  private static Map<String, Object> parse(String singleQuoted) {
    return JsonBodies.parseObject(singleQuoted.replace('\'', '"')
        .getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void parsesIntegersAsLong_decimalsAsDouble_andKeepsKeyOrder() {
    Map<String, Object> json = parse("{'z': 1, 'a': 2.5, 'm': 1e2, 'big': 123456789012345678901,"
        + " 'list': [true, null, 'x'], 'obj': {'k': -3}}");

    assertThat(json.keySet()).containsExactly("z", "a", "m", "big", "list", "obj");
    assertThat(json.get("z")).isEqualTo(1L);
    assertThat(json.get("a")).isEqualTo(2.5d);
    assertThat(json.get("m")).isEqualTo(100.0d);
    assertThat(json.get("big")).isEqualTo(new BigInteger("123456789012345678901"));
    assertThat(json.get("list")).isEqualTo(java.util.Arrays.asList(true, null, "x"));
    assertThat(json.get("obj")).isEqualTo(Map.of("k", -3L));
  }

  @Test
  void keepsNullValues_forReadersToTreatAsAbsent() {
    Map<String, Object> json = parse("{'displayName': null}");
    assertThat(json).containsKey("displayName");
    assertThat(json.get("displayName")).isNull();
  }

  @Test
  void rejectsDuplicateKeys_atAnyDepth() {
    assertThatThrownBy(() -> parse("{'a': {'b': 1, 'b': 2}}"))
        .isInstanceOfSatisfying(InvalidFieldException.class, e -> {
          assertThat(e.field()).isEqualTo("body");
          assertThat(e.problem()).startsWith("request body is not a JSON object: ")
              .contains("'b'");
        });
  }

  @Test
  void rejectsNumbersBeyondDouble_namingTheField() {
    assertThatThrownBy(() -> parse("{'attributes': {'huge': 1e999}}"))
        .isInstanceOfSatisfying(InvalidFieldException.class, e ->
            assertThat(e.field()).isEqualTo("attributes.huge"));
  }

  @Test
  void rejectsNul_inValuesAndKeys_namingTheField() {
    assertThatThrownBy(() -> parse("{'members': ['ok', 'n\\u0000l']}"))
        .isInstanceOfSatisfying(InvalidFieldException.class, e ->
            assertThat(e.field()).isEqualTo("members[1]"));
    assertThatThrownBy(() -> parse("{'k\\u0000': 1}"))
        .isInstanceOfSatisfying(InvalidFieldException.class, e ->
            assertThat(e.field()).isEqualTo("body"));
  }

  @Test
  void refusesABodyNestingPastTheParsersLimit_namingTheTopLevelFieldAndThePath() {
    String deep = "{'attributes': {'list': [" + "{'a':".repeat(100) + "1" + "}".repeat(100) + "]}}";

    assertThatThrownBy(() -> parse(deep))
        .isInstanceOfSatisfying(InvalidFieldException.class, e -> {
          assertThat(e.field()).isEqualTo("attributes");
          assertThat(e.problem()).startsWith("nested too deep (more than 32 levels) at "
              + "attributes.list[0].a.a.a");
        });
  }

  @Test
  void refusesADeepArrayBody_asTheBody() {
    String deep = "[".repeat(10_000) + "]".repeat(10_000);

    assertThatThrownBy(() -> parse(deep))
        .isInstanceOfSatisfying(InvalidFieldException.class, e -> {
          assertThat(e.field()).isEqualTo("body");
          assertThat(e.problem()).startsWith("nested too deep (more than 32 levels) at body[0][0]");
        });
  }

  @Test
  void parseErrors_doNotQuoteTheBodysText() {
    String body = "{\"auth\": {\"token\": \"s3cr3t-value\", }}";
    assertThatThrownBy(() -> JsonBodies.parseObject(body.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(InvalidFieldException.class, e ->
            assertThat(e.problem()).doesNotContain("s3cr3t-value").contains("line 1"));
  }
}
