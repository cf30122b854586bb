package io.scimsync.adapters.scim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class RetryAfterTest {
  // a Wednesday
  private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "120|120",
      "0|0",
      "' 7 '|7",
      "007|7",
  })
  void readsDeltaSeconds(String header, long seconds) {
    assertThat(RetryAfter.parse(header, NOW)).contains(Duration.ofSeconds(seconds));
  }

  @Test
  void capsHugeDeltaSeconds_atTwoToThe31Seconds() {
    assertThat(RetryAfter.parse("99999999999999999999999", NOW))
        .contains(Duration.ofSeconds(2_147_483_648L));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      // IMF-fixdate, the form RFC 9110 requires of senders
      "Wed, 01 Jan 2025 00:00:30 GMT|30",
      // obsolete RFC 850 form, two-digit year
      "Wednesday, 01-Jan-25 00:01:00 GMT|60",
      // obsolete asctime form, day padded with a space
      "Wed Jan  1 00:00:45 2025|45",
      "Fri Jan 10 00:00:00 2025|777600",
  })
  void readsHttpDates_relativeToNow(String header, long seconds) {
    assertThat(RetryAfter.parse(header, NOW)).contains(Duration.ofSeconds(seconds));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "Tue, 31 Dec 2024 23:59:00 GMT",
      "Sun, 06 Nov 1994 08:49:37 GMT",
      // RFC 9110 §5.6.7: a two-digit year more than 50 years ahead is in the past century
      "Sunday, 06-Nov-94 08:49:37 GMT",
      "Sun Nov  6 08:49:37 1994",
  })
  void givesZero_forDatesInThePast(String header) {
    assertThat(RetryAfter.parse(header, NOW)).contains(Duration.ZERO);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {
      "  ", "soon", "-5", "1.5", "5s", "0x10",
      // weekday does not match the date
      "Thu, 01 Jan 2025 00:00:30 GMT",
      "Thursday, 01-Jan-25 00:00:30 GMT",
      "Wed, 32 Jan 2025 00:00:30 GMT",
      "2025-01-01T00:00:30Z",
  })
  void givesEmpty_forAnythingElse(String header) {
    assertThat(RetryAfter.parse(header, NOW)).isEmpty();
  }
}
