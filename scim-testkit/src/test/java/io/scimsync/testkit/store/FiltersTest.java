package io.scimsync.testkit.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FiltersTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "userName eq alice                        | userName eq \"alice\"",
      "userName eq \"alice\"                    | userName eq \"alice\"",
      "userName EQ Test_User_00aa-bb11          | userName EQ \"Test_User_00aa-bb11\"",
      "externalId eq 12345                      | externalId eq 12345",
      "active eq True                           | active eq true",
      "(a eq x or b ne y) and c pr              | (a eq \"x\" or b ne \"y\") and c pr",
      "emails[type eq work]                     | emails[type eq \"work\"]",
      "title eq \"a eq b\" and x eq c\\d        | title eq \"a eq b\" and x eq \"c\\\\d\"",
  })
  void quoteBareValues_quotesOnlyBareComparisonValues(String given, String expected) {
    assertThat(Filters.quoteBareValues(given)).isEqualTo(expected);
  }
}
