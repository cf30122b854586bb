package io.scimsync.domain.engine;

import io.scimsync.domain.model.JsonValues;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One SCIM request as data. {@code path} is relative to the target's base URL, starts with '/',
 * and is already percent-encoded (ids are encoded by {@link #resourcePath}); {@code query} values
 * are raw text that the transport encodes. {@code body} is a plain JSON object, or empty; nested
 * deeper than {@link io.scimsync.domain.model.JsonDepth#LIMIT} it is refused with a
 * {@link io.scimsync.domain.model.TooDeepException} (path from {@code body}). A transport that
 * cannot encode a body fails the request's stage with {@link UnencodableRequestException}.
 */
public record ScimRequest(Method method, String path, Map<String, String> query,
                          Optional<Map<String, Object>> body) {
  public enum Method {
    GET, POST, PUT, PATCH, DELETE;

    /** Whether the request changes the target; dry run withholds exactly these. */
    public boolean mutating() {
      return this != GET;
    }
  }

  public ScimRequest {
    Objects.requireNonNull(method, "method");
    if (path == null || !path.startsWith("/")) {
      throw new IllegalArgumentException("path must start with '/': " + path);
    }
    query = Collections.unmodifiableMap(new LinkedHashMap<>(query));
    body = body.map(b -> JsonValues.copyObject(b, "body"));
  }

  public static ScimRequest get(String path) {
    return new ScimRequest(Method.GET, path, Map.of(), Optional.empty());
  }

  public static ScimRequest get(String path, Map<String, String> query) {
    return new ScimRequest(Method.GET, path, query, Optional.empty());
  }

  public static ScimRequest post(String path, Map<String, Object> body) {
    return new ScimRequest(Method.POST, path, Map.of(), Optional.of(body));
  }

  public static ScimRequest put(String path, Map<String, Object> body) {
    return new ScimRequest(Method.PUT, path, Map.of(), Optional.of(body));
  }

  public static ScimRequest patch(String path, Map<String, Object> body) {
    return new ScimRequest(Method.PATCH, path, Map.of(), Optional.of(body));
  }

  public static ScimRequest delete(String path) {
    return new ScimRequest(Method.DELETE, path, Map.of(), Optional.empty());
  }

  /** {@code /Groups/{id}} with the id percent-encoded as one path segment (RFC 3986 §3.3). */
  public static String resourcePath(String collection, String id) {
    if (!usableId(id)) {
      throw new IllegalArgumentException("not a usable resource id: '" + id + "'");
    }
    return collection + "/" + percentEncode(id);
  }

  /**
   * Percent-encodes every byte of the UTF-8 text except RFC 3986 unreserved characters, so the
   * result is safe as one path segment and as a query name or value (space becomes {@code %20}).
   */
  public static String percentEncode(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '.' || c == '_' || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }

  /**
   * Whether a server-assigned id can address its resource: not blank, and not "." or "..",
   * which URL normalisation would resolve to the collection or the base URL (RFC 3986 §5.2.4),
   * turning a DELETE of one resource into a request on another path.
   */
  public static boolean usableId(String id) {
    return id != null && !id.isBlank() && !id.equals(".") && !id.equals("..");
  }

  /** "PATCH /Groups/abc", for messages and logs; never carries a body or credentials. */
  public String describe() {
    return method + " " + path;
  }
}
