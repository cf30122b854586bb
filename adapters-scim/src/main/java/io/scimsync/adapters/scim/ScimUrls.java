package io.scimsync.adapters.scim;

import java.net.URI;
import io.scimsync.domain.engine.ScimRequest;
import java.util.Map;

/**
 * Joins a provider's base URL with a SCIM request's path and query. The base may end with one
 * slash or none ({@code https://host/scim/v2} and {@code https://host/scim/v2/} both work); the
 * path is already percent-encoded by the domain; query values are encoded here (RFC 3986, space
 * as {@code %20}, because SCIM filters are full of spaces and some servers read {@code +} as a plus).
 */
final class ScimUrls {
  private ScimUrls() {}

  /** The base URL, validated: http or https, a host, no query or fragment; one trailing slash dropped. */
  static String base(URI baseUrl) {
    String scheme = baseUrl.getScheme();
    if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
      throw new IllegalArgumentException("baseUrl must be an http or https URL, got '"
          + Redaction.url(baseUrl.toString()) + "'");
    }
    if (baseUrl.getHost() == null || baseUrl.getHost().isBlank()) {
      throw new IllegalArgumentException("baseUrl has no host: '" + Redaction.url(baseUrl.toString()) + "'");
    }
    if (baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null) {
      throw new IllegalArgumentException("baseUrl must not have a query or fragment: '"
          + Redaction.url(baseUrl.toString()) + "'");
    }
    if (baseUrl.getRawUserInfo() != null) {
      throw new IllegalArgumentException("baseUrl must not carry credentials; configure auth instead");
    }
    String text = baseUrl.toString();
    return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
  }

  static String join(String base, String path, Map<String, String> query) {
    StringBuilder url = new StringBuilder(base.length() + path.length() + 32).append(base).append(path);
    char separator = '?';
    for (Map.Entry<String, String> parameter : query.entrySet()) {
      url.append(separator).append(encode(parameter.getKey())).append('=')
          .append(encode(parameter.getValue()));
      separator = '&';
    }
    return url.toString();
  }

  static String encode(String text) {
    return ScimRequest.percentEncode(text);
  }
}
