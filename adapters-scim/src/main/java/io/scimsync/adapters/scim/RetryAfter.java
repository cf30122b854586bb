package io.scimsync.adapters.scim;

import java.text.ParsePosition;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.SignStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code Retry-After} header (RFC 9110 §10.2.3): either delta-seconds or an HTTP-date
 * (§5.6.7), turned into a wait from a given instant.
 */
public final class RetryAfter {
  // RFC 9111 §1.2.2: a delta-seconds too large to represent is taken as 2^31 seconds (68 years),
  // which every caller treats as "not within my retry budget" anyway.
  private static final long MAX_SECONDS = 2_147_483_648L;

  // obsolete RFC 850 form: "Sunday, 06-Nov-94 08:49:37 GMT"; the two-digit year is resolved in
  // rfc850Year, because RFC 9110 pins it relative to now, not to a fixed century
  private static final DateTimeFormatter RFC_850 = new DateTimeFormatterBuilder()
      .parseCaseInsensitive()
      .appendPattern("EEEE, dd-MMM-")
      .appendValue(ChronoField.YEAR_OF_ERA, 2)
      .appendPattern(" HH:mm:ss 'GMT'")
      .toFormatter(Locale.US);

  // obsolete asctime form: "Sun Nov  6 08:49:37 1994" (day padded with a space)
  private static final DateTimeFormatter ASCTIME = new DateTimeFormatterBuilder()
      .parseCaseInsensitive()
      .appendPattern("EEE MMM ")
      .padNext(2, ' ')
      .appendValue(ChronoField.DAY_OF_MONTH, 1, 2, SignStyle.NOT_NEGATIVE)
      .appendPattern(" HH:mm:ss yyyy")
      .toFormatter(Locale.US)
      .withZone(ZoneOffset.UTC);

  private RetryAfter() {}

  /**
   * How long to wait, from {@code now}, according to header value {@code value}.
   *
   * @return the wait, zero for a date in the past; empty when the value is absent or neither
   *     delta-seconds nor an HTTP-date (a wrong weekday counts as not a date)
   */
  public static Optional<Duration> parse(String value, Instant now) {
    Objects.requireNonNull(now, "now");
    if (value == null) {
      return Optional.empty();
    }
    String v = value.strip();
    if (v.isEmpty()) {
      return Optional.empty();
    }
    if (allDigits(v)) {
      return Optional.of(Duration.ofSeconds(seconds(v)));
    }
    return date(v, now).map(at -> at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
  }

  private static boolean allDigits(String v) {
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static long seconds(String digits) {
    String significant = digits.replaceFirst("^0+(?=.)", "");
    if (significant.length() > 10) {
      return MAX_SECONDS;
    }
    return Math.min(Long.parseLong(significant), MAX_SECONDS);
  }

  private static Optional<Instant> date(String v, Instant now) {
    try {
      // IMF-fixdate, "Sun, 06 Nov 1994 08:49:37 GMT", the form senders must use
      return Optional.of(ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
    } catch (DateTimeException e) {
      // try the obsolete forms next
    }
    try {
      return Optional.of(rfc850(v, now));
    } catch (DateTimeException e) {
      // try asctime next
    }
    try {
      return Optional.of(ZonedDateTime.parse(v, ASCTIME).toInstant());
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }

  private static Instant rfc850(String v, Instant now) {
    // parsed unresolved: resolving a two-digit year would place it in year 94 and then reject the
    // weekday as wrong for that date
    ParsePosition position = new ParsePosition(0);
    TemporalAccessor parsed = RFC_850.parseUnresolved(v, position);
    if (parsed == null || position.getErrorIndex() >= 0 || position.getIndex() != v.length()) {
      throw new DateTimeException("not an RFC 850 date: " + v);
    }
    int twoDigits = field(parsed, ChronoField.YEAR_OF_ERA);
    // RFC 9110 §5.6.7: a year that would be more than 50 years in the future is the most recent
    // past year with the same last two digits
    int thisYear = now.atZone(ZoneOffset.UTC).getYear();
    int year = thisYear - Math.floorMod(thisYear, 100) + twoDigits;
    if (year > thisYear + 50) {
      year -= 100;
    } else if (year <= thisYear - 50) {
      year += 100;
    }
    ZonedDateTime at = ZonedDateTime.of(year, field(parsed, ChronoField.MONTH_OF_YEAR),
        field(parsed, ChronoField.DAY_OF_MONTH), field(parsed, ChronoField.HOUR_OF_DAY),
        field(parsed, ChronoField.MINUTE_OF_HOUR), field(parsed, ChronoField.SECOND_OF_MINUTE), 0,
        ZoneOffset.UTC);
    if (at.getDayOfWeek().getValue() != field(parsed, ChronoField.DAY_OF_WEEK)) {
      throw new DateTimeException("weekday does not match the date: " + v);
    }
    return at.toInstant();
  }

  private static int field(TemporalAccessor parsed, ChronoField field) {
    return Math.toIntExact(parsed.getLong(field));
  }
}
