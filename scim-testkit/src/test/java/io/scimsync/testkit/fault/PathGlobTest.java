package io.scimsync.testkit.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class PathGlobTest {

  @ParameterizedTest(name = "{0} matches {1}: {2}")
  @CsvSource({
      "/Users,            /Users,                 true",
      "/Users,            /Users/1,               false",
      "/Users,            /users,                 false",
      "/Groups/*,         /Groups/42,             true",
      "/Groups/*,         /Groups/,               true",
      "/Groups/*,         /Groups,                false",
      "/Groups/*,         /Groups/42/members,     false",
      "/Groups/*,         /Users/42,              false",
      "/Groups/**,        /Groups,                true",
      "/Groups/**,        /Groups/42,             true",
      "/Groups/**,        /Groups/42/members,     true",
      "/Groups/**,        /GroupsX,               false",
      "/**,               /,                      true",
      "/**,               /Users,                 true",
      "/**,               /scim/v2/Groups/42,     true",
      "*,                 /anything/at/all,       true",
      "/*/Groups/*,       /v2/Groups/42,          true",
      "/*/Groups/*,       /scim/v2/Groups/42,     false",
      "/**/Groups/*,      /scim/v2/Groups/42,     true",
      "/Users/*.json,     /Users/42.json,         true",
      "/Users/*.json,     /Users/42.xml,          false",
      "/Groups/*,         /Groups/42?attributes=members, true",
  })
  void matchesPathsByGlob(String glob, String path, boolean expected) {
    assertThat(PathGlob.matches(glob, path)).isEqualTo(expected);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {" ", "Users", "/Users?x=1", "/Users#top", "/Us ers", "/***"})
  void rejectsUnusablePatterns(String glob) {
    assertThatThrownBy(() -> PathGlob.validate(glob))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("path pattern");
  }
}
