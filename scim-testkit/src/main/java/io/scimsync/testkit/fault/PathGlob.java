package io.scimsync.testkit.fault;

import java.util.Objects;

/**
 * The path globs of fault rules and recorder queries: {@code *} matches within one path segment
 * ({@code /Groups/*} matches {@code /Groups/42} but neither {@code /Groups} nor {@code /Groups/42/x}),
 * {@code **} matches across segments, a trailing {@code /**} also matches the bare prefix
 * ({@code /Groups/**} matches {@code /Groups}), and a lone {@code *} or {@code /**} matches every path.
 * Everything else is literal and case-sensitive; a query string in the path is ignored.
 */
public final class PathGlob {

  private PathGlob() {}

  /**
   * Checks that {@code glob} is a usable pattern.
   *
   * @throws IllegalArgumentException naming the problem
   */
  public static void validate(String glob) {
    if (glob == null || glob.isBlank()) {
      throw new IllegalArgumentException("path pattern must not be blank");
    }
    if (!glob.equals("*") && !glob.startsWith("/")) {
      throw new IllegalArgumentException(
          "path pattern '" + glob + "' must start with '/' (or be '*' for any path)");
    }
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (Character.isWhitespace(c) || c == '?' || c == '#') {
        throw new IllegalArgumentException(
            "path pattern '" + glob + "' must not contain whitespace, '?' or '#'");
      }
    }
    if (glob.contains("***")) {
      throw new IllegalArgumentException("path pattern '" + glob + "' has '***'; use '*' or '**'");
    }
  }

  /** Whether {@code path} (query string, if any, ignored) matches {@code glob}. */
  public static boolean matches(String glob, String path) {
    Objects.requireNonNull(glob, "glob");
    Objects.requireNonNull(path, "path");
    int query = path.indexOf('?');
    String p = query >= 0 ? path.substring(0, query) : path;
    if (glob.equals("*")) {
      return true;
    }
    if (glob.endsWith("/**") && p.equals(glob.substring(0, glob.length() - 3))) {
      return true;
    }
    return match(glob, 0, p, 0);
  }

  // Backtracking matcher: patterns are a few characters long, so the worst case does not matter and
  // it avoids compiling a regex per rule (records cannot cache one).
  private static boolean match(String glob, int gi, String path, int pi) {
    while (gi < glob.length()) {
      char c = glob.charAt(gi);
      if (c == '*') {
        boolean anySegments = gi + 1 < glob.length() && glob.charAt(gi + 1) == '*';
        int rest = gi + (anySegments ? 2 : 1);
        for (int k = pi; ; k++) {
          if (match(glob, rest, path, k)) {
            return true;
          }
          if (k == path.length() || (!anySegments && path.charAt(k) == '/')) {
            return false;
          }
        }
      }
      if (pi >= path.length() || path.charAt(pi) != c) {
        return false;
      }
      gi++;
      pi++;
    }
    return pi == path.length();
  }
}
