package io.scimsync.adapters.scim;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the request journal, the dry-run record and the logs show of a request: the same text with
 * credentials replaced by {@value #REDACTED}. Each method is idempotent.
 *
 * <p>A secret name is, ignoring case and {@code _}/{@code -}: {@code password},
 * {@code client_secret}, {@code access_token}, {@code refresh_token}, {@code id_token},
 * {@code token}, {@code secret}, {@code api_key}; for a schema-qualified JSON name
 * ({@code urn:...:User:password}) the last attribute counts.
 */
public final class Redaction {

  /** What replaces a secret. */
  public static final String REDACTED = "[REDACTED]";

  private static final Set<String> SECRET_NAMES = Set.of(
      "password", "clientsecret", "accesstoken", "refreshtoken", "idtoken", "token", "secret",
      "apikey");

  private static final String[] HEADER_NAME_PARTS = {"token", "secret", "key", "cookie"};

  // Only well-known schemes are kept: the first word of an unknown value may be part of the secret.
  private static final Set<String> AUTH_SCHEMES = Set.of(
      "basic", "bearer", "digest", "dpop", "negotiate", "ntlm", "oauth", "token", "ssws",
      "apikey", "aws4-hmac-sha256", "scram-sha-1", "scram-sha-256", "hoba", "mutual", "vapid");

  // Every secret name contains one of these (case-insensitive); a body with none is not parsed.
  private static final String[] NAME_HINTS = {"password", "secret", "token", "apikey", "api_key",
      "api-key"};

  private static final String NAME_ALTERNATIVES = "password|client[_-]?secret|access[_-]?token"
      + "|refresh[_-]?token|id[_-]?token|token|secret|api[_-]?key";
  private static final Pattern FORM_FIELD = Pattern.compile(
      "(?i)(?<![A-Za-z0-9_.-])((?:" + NAME_ALTERNATIVES + ")=)[^&\\s]*");
  // for JSON that does not parse (truncated, broken): a string, possibly unterminated, or a word
  private static final Pattern JSONISH_FIELD = Pattern.compile(
      "(?i)(\"(?:[^\"\\\\]*[:.])?(?:" + NAME_ALTERNATIVES + ")\"\\s*:\\s*)"
          + "(?:\"(?:[^\"\\\\]|\\\\.)*\"?|[^,}\\]\\s]*)");

  private static final JsonFactory JSON = new JsonFactory();

  private Redaction() {}

  /**
   * Whether a JSON member, form field or query parameter named {@code name} holds a secret (see
   * the class comment).
   */
  public static boolean isSecretName(String name) {
    if (name == null) {
      return false;
    }
    int cut = Math.max(name.lastIndexOf(':'), name.lastIndexOf('.'));
    String attribute = cut >= 0 ? name.substring(cut + 1) : name;
    StringBuilder normalized = new StringBuilder(attribute.length());
    for (int i = 0; i < attribute.length(); i++) {
      char c = attribute.charAt(i);
      if (c != '_' && c != '-') {
        normalized.append(Character.toLowerCase(c));
      }
    }
    return SECRET_NAMES.contains(normalized.toString());
  }

  /** Whether the values of header {@code name} are secrets. */
  public static boolean isSecretHeader(String name) {
    if (name.equalsIgnoreCase("authorization") || name.equalsIgnoreCase("proxy-authorization")) {
      return true;
    }
    for (String part : HEADER_NAME_PARTS) {
      if (containsIgnoreCase(name, part)) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code value} of header {@code name} as it may be shown: {@code Authorization} and
   * {@code Proxy-Authorization} keep a known scheme ({@code Bearer [REDACTED]}); any header whose
   * name contains token, secret, key or cookie becomes {@value #REDACTED}; others are unchanged.
   */
  public static String header(String name, String value) {
    if (value == null || value.isEmpty() || !isSecretHeader(name)) {
      return value;
    }
    String trimmed = value.strip();
    int space = indexOfWhitespace(trimmed);
    if (space > 0 && AUTH_SCHEMES.contains(trimmed.substring(0, space).toLowerCase(Locale.ROOT))) {
      return trimmed.substring(0, space) + " " + REDACTED;
    }
    return REDACTED;
  }

  /**
   * {@code body} as it may be shown. JSON: the value of every secret member at any depth, and the
   * {@code value} of a SCIM PATCH operation whose {@code path} names a secret
   * ({@code {"op":"replace","path":"password","value":"..."}}, RFC 7644 §3.5.2), become
   * {@code "[REDACTED]"}, the rest of the text kept as it was. Other text (forms, truncated or
   * broken JSON): {@code name=value} and {@code "name": value} pairs are redacted in place. A body
   * that mentions no secret name is returned as it is, without being parsed.
   */
  public static String body(String body) {
    // "\\u": a JSON name may be spelled with escapes ("pass\u0077ord") and dodge the cheap check
    if (body == null || body.isEmpty() || !(mentionsSecretName(body) || body.contains("\\u"))) {
      return body;
    }
    if (looksLikeJson(body)) {
      try {
        return redactJson(body);
      } catch (IOException | RuntimeException e) {
        // not JSON after all, or truncated by the journal's size limit: redact as text
      }
    }
    String redacted = FORM_FIELD.matcher(body).replaceAll("$1" + REDACTED);
    return JSONISH_FIELD.matcher(redacted).replaceAll("$1\"" + REDACTED + "\"");
  }

  /**
   * {@code url} as it may be shown: userinfo ({@code https://user:pass@host}) removed, the values
   * of query parameters with secret names ({@code ?access_token=...}) redacted.
   */
  public static String url(String url) {
    if (url == null || url.isEmpty()) {
      return url;
    }
    String withoutUserInfo = stripUserInfo(url);
    int query = withoutUserInfo.indexOf('?');
    if (query < 0) {
      return withoutUserInfo;
    }
    int fragment = withoutUserInfo.indexOf('#', query);
    int end = fragment < 0 ? withoutUserInfo.length() : fragment;
    StringBuilder out = new StringBuilder(withoutUserInfo.length())
        .append(withoutUserInfo, 0, query + 1);
    String[] pairs = withoutUserInfo.substring(query + 1, end).split("&", -1);
    for (int i = 0; i < pairs.length; i++) {
      if (i > 0) {
        out.append('&');
      }
      String pair = pairs[i];
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      if (eq >= 0 && isSecretName(decode(name))) {
        out.append(name).append('=').append(REDACTED);
      } else {
        out.append(pair);
      }
    }
    return out.append(withoutUserInfo, end, withoutUserInfo.length()).toString();
  }

  private static String stripUserInfo(String url) {
    int scheme = url.indexOf("://");
    int authorityStart;
    if (scheme > 0 && url.substring(0, scheme).chars().allMatch(Redaction::isSchemeChar)) {
      authorityStart = scheme + 3;
    } else if (url.startsWith("//")) {
      authorityStart = 2;
    } else {
      return url;
    }
    int authorityEnd = authorityStart;
    while (authorityEnd < url.length() && "/?#".indexOf(url.charAt(authorityEnd)) < 0) {
      authorityEnd++;
    }
    int at = url.lastIndexOf('@', authorityEnd - 1);
    if (at < authorityStart) {
      return url;
    }
    return url.substring(0, authorityStart) + url.substring(at + 1);
  }

  private static boolean isSchemeChar(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || c == '+' || c == '-' || c == '.';
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s; // a malformed escape: judge the name as written
    }
  }

  private static final class Frame {
    boolean secretPath;
    long valueStart = -1;
    long valueEnd = -1;
    Frame valueOwner;
  }

  // Streams the body and notes the character spans of secret values, then splices "[REDACTED]"
  // in: the text stays as sent, and no tree is built. Frames track the "path" and "value" members
  // of each object, which may come in either order, for PATCH operations.
  private static String redactJson(String body) throws IOException {
    List<long[]> spans = new ArrayList<>();
    Deque<Frame> frames = new ArrayDeque<>();
    try (JsonParser parser = JSON.createParser(body)) {
      String field = null;
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        if (token == JsonToken.FIELD_NAME) {
          field = parser.currentName();
          continue;
        }
        String name = field;
        field = null;
        if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
          Frame closed = frames.pop();
          if (closed.valueOwner != null) {
            closed.valueOwner.valueEnd = parser.currentLocation().getCharOffset();
          }
          if (closed.secretPath && closed.valueStart >= 0 && closed.valueEnd >= 0) {
            spans.add(new long[] {closed.valueStart, closed.valueEnd});
          }
          continue;
        }
        long start = parser.currentTokenLocation().getCharOffset();
        Frame parent = frames.peek();
        if (name != null && isSecretName(name)) {
          if (token.isStructStart()) {
            parser.skipChildren();
          } else {
            parser.getText(); // strings are read lazily: finish it so the end offset is right
          }
          spans.add(new long[] {start, parser.currentLocation().getCharOffset()});
          continue;
        }
        boolean patchValue = parent != null && name != null && name.equalsIgnoreCase("value");
        if (token.isStructStart()) {
          Frame frame = new Frame();
          if (patchValue) {
            parent.valueStart = start;
            frame.valueOwner = parent;
          }
          frames.push(frame);
          continue;
        }
        String text = parser.getText();
        if (patchValue) {
          parent.valueStart = start;
          parent.valueEnd = parser.currentLocation().getCharOffset();
        }
        if (parent != null && "path".equalsIgnoreCase(name) && token == JsonToken.VALUE_STRING
            && isSecretName(pathAttribute(text))) {
          parent.secretPath = true;
        }
      }
    }
    if (spans.isEmpty()) {
      return body;
    }
    // outer spans first, so a PATCH value that contains a redacted member is replaced whole
    spans.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(b[1], a[1]));
    StringBuilder out = new StringBuilder(body.length());
    int copied = 0;
    for (long[] span : spans) {
      if (span[0] < copied) {
        continue;
      }
      out.append(body, copied, (int) span[0]).append('"').append(REDACTED).append('"');
      copied = (int) span[1];
    }
    return out.append(body, copied, body.length()).toString();
  }

  // a PATCH path may carry a value filter or sub-attribute: "password", "emails[type eq
  // \"work\"].value"; the attribute before any filter decides
  private static String pathAttribute(String path) {
    int bracket = path.indexOf('[');
    return bracket >= 0 ? path.substring(0, bracket) : path;
  }

  private static boolean looksLikeJson(String body) {
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (!Character.isWhitespace(c)) {
        return c == '{' || c == '[';
      }
    }
    return false;
  }

  private static boolean mentionsSecretName(String body) {
    // one pass, comparing only where the first letter fits
    for (int i = 0; i < body.length(); i++) {
      char c = Character.toLowerCase(body.charAt(i));
      if (c == 'p' || c == 's' || c == 't' || c == 'a') {
        for (String hint : NAME_HINTS) {
          if (hint.charAt(0) == c && body.regionMatches(true, i, hint, 0, hint.length())) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static int indexOfWhitespace(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isWhitespace(s.charAt(i))) {
        return i;
      }
    }
    return -1;
  }

  private static boolean containsIgnoreCase(String s, String part) {
    for (int i = 0; i + part.length() <= s.length(); i++) {
      if (s.regionMatches(true, i, part, 0, part.length())) {
        return true;
      }
    }
    return false;
  }
}
