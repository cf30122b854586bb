package io.scimsync.testkit.store;

import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.filters.FilterType;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses list filters with UnboundID's RFC 7644 §3.4.2.2 parser, after the store's switches:
 * bare values quoted when lenient, operators limited when {@code eqAndFiltersOnly}.
 */
final class Filters {
  private static final Set<String> COMPARISONS =
      Set.of("eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le");
  private static final Set<String> KEYWORDS = Set.of("and", "or", "not", "pr");
  private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][+-]?\\d+)?");

  private Filters() {}

  /** The parsed filter, or 400 {@code invalidFilter} with the parser's reason. */
  static Filter parse(String text, StoreOptions options) {
    String source = options.lenientFilterValues() ? quoteBareValues(text) : text;
    Filter filter;
    try {
      filter = Filter.fromString(source);
    } catch (BadRequestException e) {
      throw ScimException.invalidFilter(
          "invalid filter '" + text + "': " + Json.firstLine(e.getMessage()));
    }
    if (options.eqAndFiltersOnly()) {
      requireEqAnd(filter);
    }
    return filter;
  }

  /** AWS accepts {@code eq} joined by {@code and} only; the error names the first other operator. */
  private static void requireEqAnd(Filter filter) {
    FilterType type = filter.getFilterType();
    if (type == FilterType.AND) {
      filter.getCombinedFilters().forEach(Filters::requireEqAnd);
    } else if (type != FilterType.EQUAL) {
      String operator = type == FilterType.COMPLEX_VALUE ? "[] (value filter)" : type.getStringValue();
      throw ScimException.invalidFilter("filter operator '" + operator
          + "' is not supported: this server accepts only 'eq' joined by 'and', in '" + filter + "'");
    }
  }

  /**
   * Quotes the bare word after a comparison operator ({@code userName eq alice} becomes
   * {@code userName eq "alice"}), as lenient servers accept what Entra's documentation shows.
   * JSON literals stay as they are ({@code true}, {@code false}, {@code null}, numbers: UnboundID
   * compares {@code externalId eq 12345} with the string "12345" as equal), and {@code True} is
   * read as {@code true}. A bare word ends at whitespace, a parenthesis or a bracket, so a bare
   * value with spaces cannot be recovered; nor can it be by any real lenient server.
   */
  static String quoteBareValues(String text) {
    StringBuilder out = new StringBuilder(text.length() + 8);
    String previous = null;
    String beforePrevious = null;
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '"') {
        int end = endOfString(text, i);
        out.append(text, i, end);
        beforePrevious = previous;
        previous = "\"";
        i = end;
      } else if (Character.isWhitespace(c)) {
        out.append(c);
        i++;
      } else if (isPunctuation(c)) {
        out.append(c);
        beforePrevious = previous;
        previous = String.valueOf(c);
        i++;
      } else {
        int end = i;
        while (end < text.length() && !Character.isWhitespace(text.charAt(end))
            && !isPunctuation(text.charAt(end)) && text.charAt(end) != '"') {
          end++;
        }
        String word = text.substring(i, end);
        boolean isValue = previous != null && COMPARISONS.contains(previous.toLowerCase(Locale.ROOT))
            && beforePrevious != null && isAttribute(beforePrevious);
        out.append(isValue ? literal(word) : word);
        beforePrevious = previous;
        previous = word;
        i = end;
      }
    }
    return out.toString();
  }

  private static String literal(String word) {
    String lower = word.toLowerCase(Locale.ROOT);
    if (lower.equals("true") || lower.equals("false") || lower.equals("null")) {
      return lower;
    }
    if (NUMBER.matcher(word).matches()) {
      return word;
    }
    return '"' + word.replace("\\", "\\\\") + '"';
  }

  private static boolean isAttribute(String token) {
    String lower = token.toLowerCase(Locale.ROOT);
    return !token.equals("\"") && !(token.length() == 1 && isPunctuation(token.charAt(0)))
        && !COMPARISONS.contains(lower) && !KEYWORDS.contains(lower);
  }

  private static boolean isPunctuation(char c) {
    return c == '(' || c == ')' || c == '[' || c == ']';
  }

  /** Index after the closing quote of the string starting at {@code start}, honouring escapes. */
  private static int endOfString(String text, int start) {
    int i = start + 1;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '\\') {
        i += 2;
      } else if (c == '"') {
        return i + 1;
      } else {
        i++;
      }
    }
    return text.length(); // unterminated: the parser will say so
  }
}
