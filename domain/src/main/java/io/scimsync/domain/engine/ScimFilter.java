package io.scimsync.domain.engine;

/**
 * Builds SCIM filter expressions (RFC 7644 §3.4.2.2) with comparison values written as JSON
 * strings: quoted, with {@code "}, {@code \} and control characters escaped. authentik pasted raw
 * names between quotes, so a name with a quote produced an invalid or different filter (W1).
 * Non-ASCII text stays as it is; the transport percent-encodes the whole query parameter.
 */
public final class ScimFilter {
  private ScimFilter() {}

  /** {@code attributePath eq "value"}. */
  public static String eq(String attributePath, String value) {
    if (attributePath == null || !attributePath.matches("[A-Za-z][A-Za-z0-9_$.:\\-]*")) {
      throw new IllegalArgumentException("not an attribute path: " + attributePath);
    }
    return attributePath + " eq " + quote(value);
  }

  /** {@code value} as a JSON string literal (RFC 8259 §7). */
  public static String quote(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
