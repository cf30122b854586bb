package io.scimsync.domain.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class ScimFilterTest {

  // Expected values are spelled out character by character: a filter is only as good as its
  // exact bytes, and authentik pasted names between quotes unescaped (W1).
  static Stream<Arguments> names() {
    return Stream.of(
        Arguments.of("plain", "eng", "\"eng\""),
        Arguments.of("quote and backslash", "Ingeniería \"Core\" \\ Ops",
            "\"Ingeniería \\\"Core\\\" \\\\ Ops\""),
        Arguments.of("filter injection attempt", "x\" or displayName pr or \"",
            "\"x\\\" or displayName pr or \\\"\""),
        Arguments.of("single quote stays", "O'Brien", "\"O'Brien\""),
        Arguments.of("Japanese stays as text", "営業部", "\"営業部\""),
        Arguments.of("emoji (surrogate pair) stays as text", "Launch 🚀 team",
            "\"Launch 🚀 team\""),
        Arguments.of("named control escapes", "a\nb\rc\td\be\ff", "\"a\\nb\\rc\\td\\be\\ff\""),
        Arguments.of("other controls as \\u", "a\u0000b\u0001c\u001fd",
            "\"a\\u0000b\\u0001c\\u001fd\""),
        Arguments.of("DEL needs no escape in JSON", "a\u007fb", "\"a\u007fb\""),
        Arguments.of("empty", "", "\"\""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("names")
  void quotesValueAsJsonString_W1(String description, String value, String quoted) {
    assertThat(ScimFilter.quote(value)).isEqualTo(quoted);
  }

  @Test
  void buildsEqFilter_withEscapedValue_W1() {
    assertThat(ScimFilter.eq("displayName", "Ingeniería \"Core\" \\ Ops"))
        .isEqualTo("displayName eq \"Ingeniería \\\"Core\\\" \\\\ Ops\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"userName", "emails.value", "members.value", "name.givenName",
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber"})
  void acceptsAttributePaths(String path) {
    assertThat(ScimFilter.eq(path, "x")).isEqualTo(path + " eq \"x\"");
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "display name", "displayName or userName", "1abc", "name[x]",
      "displayName\""})
  void rejectsAnythingButAnAttributePath(String path) {
    assertThatThrownBy(() -> ScimFilter.eq(path, "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  static Stream<Arguments> ids() {
    return Stream.of(
        Arguments.of("uuid untouched", "2819c223-7f76-453a-919d-413861904646",
            "/Groups/2819c223-7f76-453a-919d-413861904646"),
        Arguments.of("unreserved untouched", "AZaz09-._~", "/Groups/AZaz09-._~"),
        Arguments.of("slash and space", "a/b c", "/Groups/a%2Fb%20c"),
        Arguments.of("percent, query and fragment", "100%?#", "/Groups/100%25%3F%23"),
        Arguments.of("Latin-1 as UTF-8", "Ingeniería", "/Groups/Ingenier%C3%ADa"),
        Arguments.of("Japanese as UTF-8", "営業部", "/Groups/%E5%96%B6%E6%A5%AD%E9%83%A8"),
        Arguments.of("emoji as four bytes", "🚀", "/Groups/%F0%9F%9A%80"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ids")
  void percentEncodesIdAsOnePathSegment(String description, String id, String path) {
    assertThat(ScimRequest.resourcePath("/Groups", id)).isEqualTo(path);
  }
}
