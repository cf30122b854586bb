package io.scimsync.testkit.record;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Removes secrets from what the recorder stores, so no credential a client sent can be read back
 * from a test report or a JSON dump. Each method is idempotent: redacting twice changes nothing.
 *
 * <ul>
 *   <li>Headers: {@code Authorization}, {@code Proxy-Authorization}, {@code X-Api-Key}, and any
 *       header whose name contains {@code token} or {@code secret} (case-insensitive) become
 *       {@code [REDACTED]}, keeping a known authentication scheme ({@code Bearer [REDACTED]});
 *       {@code Cookie} and {@code Set-Cookie} keep the cookie names only.
 *   <li>JSON bodies: the values of {@code password}, {@code client_secret}, {@code access_token}
 *       and {@code refresh_token} at any depth, and the {@code value} of a SCIM PATCH operation
 *       whose {@code path} names one of them, become {@code "[REDACTED]"}; the rest of the text is
 *       kept byte for byte.
 *   <li>Other bodies (forms, text, broken JSON): {@code key=value} and {@code "key": value} pairs
 *       with those keys are redacted in place.
 * </ul>
 */
public final class Redaction {

  /** What replaces a secret. */
  public static final String REDACTED = "[REDACTED]";

  private static final Set<String> SECRET_HEADERS =
      Set.of("authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key");

  // Only well-known schemes are kept: the first word of an unknown value might be part of a secret.
  private static final Set<String> AUTH_SCHEMES = Set.of(
      "basic", "bearer", "digest", "dpop", "gnap", "hoba", "mutual", "negotiate", "ntlm", "oauth",
      "privatetoken", "scram-sha-1", "scram-sha-256", "vapid", "concealed", "token", "ssws",
      "aws4-hmac-sha256", "apikey");

  private static final String[] SECRET_KEYS =
      {"password", "client_secret", "access_token", "refresh_token"};

  private static final Pattern FORM_FIELD = Pattern.compile(
      "(?i)(?<![A-Za-z0-9_])(password|client_secret|access_token|refresh_token)=[^&\\s]*");
  // for JSON that does not parse (truncated, broken): a string, possibly unterminated, or a bare word
  private static final Pattern JSONISH_FIELD = Pattern.compile(
      "(?i)(\"(?:password|client_secret|access_token|refresh_token)\"\\s*:\\s*)"
          + "(?:\"(?:[^\"\\\\]|\\\\.)*\"?|[^,}\\]\\s]*)");

  private static final JsonFactory JSON = new JsonFactory();

  private Redaction() {}

  /** Whether the values of header {@code name} are secrets. */
  public static boolean isSecretHeader(String name) {
    return SECRET_HEADERS.contains(name.toLowerCase(Locale.ROOT))
        || containsIgnoreCase(name, "token")
        || containsIgnoreCase(name, "secret");
  }

  /** {@code value} of header {@code name}, redacted if the header carries a secret. */
  public static String header(String name, String value) {
    if (value == null || value.isEmpty() || !isSecretHeader(name)) {
      return value;
    }
    if (name.equalsIgnoreCase("cookie")) {
      return cookies(value, false);
    }
    if (name.equalsIgnoreCase("set-cookie")) {
      return cookies(value, true);
    }
    String trimmed = value.strip();
    int space = indexOfWhitespace(trimmed);
    if (space > 0 && AUTH_SCHEMES.contains(trimmed.substring(0, space).toLowerCase(Locale.ROOT))) {
      return trimmed.substring(0, space) + " " + REDACTED;
    }
    return REDACTED;
  }

  /** Whether a query parameter named {@code name} carries a secret ({@code ?access_token=...}). */
  public static boolean isSecretParameter(String name) {
    return containsIgnoreCase(name, "password")
        || containsIgnoreCase(name, "secret")
        || containsIgnoreCase(name, "token")
        || name.equalsIgnoreCase("api_key")
        || name.equalsIgnoreCase("apikey");
  }

  /**
   * {@code body} with secret values redacted (see the class comment); {@code null} and bodies
   * without any secret key name are returned as they are, without being parsed.
   */
  public static String body(String body) {
    // cheap check first: most requests of a benchmark carry no secret and must not be parsed;
    // "\\u" because a JSON name may be spelled with escapes ("pass\u0077ord")
    if (body == null || body.isEmpty() || !(mentionsSecretKey(body) || body.contains("\\u"))) {
      return body;
    }
    if (looksLikeJson(body)) {
      try {
        return redactJson(body);
      } catch (IOException | RuntimeException e) {
        // not JSON after all (or truncated): fall through to the textual redaction
      }
    }
    String redacted = FORM_FIELD.matcher(body).replaceAll("$1=" + REDACTED);
    return JSONISH_FIELD.matcher(redacted).replaceAll("$1\"" + REDACTED + "\"");
  }

  /**
   * Whether a JSON member or PATCH path named {@code name} holds a secret: its last attribute (after
   * the last {@code :} or {@code .}, so schema-qualified names count) is one of the secret keys.
   */
  static boolean isSecretKey(String name) {
    int cut = Math.max(name.lastIndexOf(':'), name.lastIndexOf('.'));
    String attribute = cut >= 0 ? name.substring(cut + 1) : name;
    for (String key : SECRET_KEYS) {
      if (attribute.equalsIgnoreCase(key)) {
        return true;
      }
    }
    return false;
  }

  private static final class Frame {
    boolean secretPath;
    long valueStart = -1;
    long valueEnd = -1;
    Frame valueOwner;
  }

  // Streams the body and notes the character spans of secret values, then splices "[REDACTED]" in:
  // the stored body stays as the client wrote it, and no tree is built. Frames track the "path"
  // and "value" members of each object, which may come in either order, for PATCH operations such as
  // {"op":"replace","path":"password","value":"..."} (RFC 7644 §3.5.2).
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
        if (name != null && isSecretKey(name)) {
          if (token.isStructStart()) {
            parser.skipChildren();
          } else {
            parser.getText(); // a string is read lazily: finish it so the end offset is right
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
            && isSecretKey(text)) {
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

  private static boolean looksLikeJson(String body) {
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (!Character.isWhitespace(c)) {
        return c == '{' || c == '[';
      }
    }
    return false;
  }

  private static boolean mentionsSecretKey(String body) {
    // one pass, comparing only where the first letter fits; SCIM names are case-insensitive
    for (int i = 0; i < body.length(); i++) {
      char c = Character.toLowerCase(body.charAt(i));
      if (c == 'p' || c == 'c' || c == 'a' || c == 'r') {
        for (String key : SECRET_KEYS) {
          if (key.charAt(0) == c && body.regionMatches(true, i, key, 0, key.length())) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static String cookies(String value, boolean setCookie) {
    // Set-Cookie: the first pair is the cookie, the rest are attributes (Path, HttpOnly), dropped
    String[] pairs = value.split(";");
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < (setCookie ? 1 : pairs.length); i++) {
      String pair = pairs[i].strip();
      int eq = pair.indexOf('=');
      if (out.length() > 0) {
        out.append("; ");
      }
      out.append(eq > 0 ? pair.substring(0, eq + 1) + REDACTED : REDACTED);
    }
    return out.toString();
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
