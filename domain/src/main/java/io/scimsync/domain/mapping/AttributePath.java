package io.scimsync.domain.mapping;

import io.scimsync.domain.model.ScimSchemas;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A parsed override key: the chain of object keys from the payload root to the attribute.
 * {@code title} is {@code [title]}, {@code name.givenName} is {@code [name, givenName]},
 * {@code urn:...:enterprise:2.0:User:department} is {@code [urn:...:enterprise:2.0:User, department]}.
 */
record AttributePath(String key, List<String> segments) {
  /** RFC 7643 §2.1 ATTRNAME; {@code $ref} is the one reserved sub-attribute name it allows besides. */
  private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");
  private static final String CORE_URN_PREFIX = "urn:ietf:params:scim:schemas:core:";
  private static final String SYNTAX =
      "use attribute, attribute.subAttribute or schemaUrn:attribute (no filters)";

  AttributePath {
    segments = List.copyOf(segments);
  }

  /** Which resource a payload is for: its core schema and the attributes it treats specially. */
  enum Kind {
    USER("user", ScimSchemas.USER, "userName",
        Map.of("id", "is assigned by the server", "schemas", "is derived from the attributes present",
            "meta", "is maintained by the server"),
        // RFC 7643 §4.1: every core User attribute except name is simple or multi-valued, so a
        // sub-attribute path under one of them cannot be written as an object
        Set.of("username", "externalid", "displayname", "nickname", "profileurl", "title", "usertype",
            "preferredlanguage", "locale", "timezone", "active", "password", "emails",
            "phonenumbers", "ims", "photos", "addresses", "groups", "entitlements", "roles",
            "x509certificates")),
    GROUP("group", ScimSchemas.GROUP, "displayName",
        Map.of("id", "is assigned by the server", "schemas", "is derived from the attributes present",
            "meta", "is maintained by the server",
            "members", "is written by the engine from the group's memberships"),
        Set.of("displayname", "externalid"));

    private final String noun;
    private final String coreUrn;
    private final String requiredAttribute;
    private final Map<String, String> reserved;
    private final Set<String> notComplex;

    Kind(String noun, String coreUrn, String requiredAttribute, Map<String, String> reserved,
         Set<String> notComplex) {
      this.noun = noun;
      this.coreUrn = coreUrn;
      this.requiredAttribute = requiredAttribute;
      this.reserved = reserved;
      this.notComplex = notComplex;
    }

    String noun() {
      return noun;
    }

    String coreUrn() {
      return coreUrn;
    }

    /** The attribute a payload of this kind cannot do without (RFC 7643 §4.1 userName, §4.2 displayName). */
    String requiredAttribute() {
      return requiredAttribute;
    }

    /** Why {@code attribute} may not be mapped, or null when it may. */
    String reservedReason(String attribute) {
      return reserved.get(attribute.toLowerCase(Locale.ROOT));
    }

    /** Why a top-level key of mapped attributes is unusable, or null when it is usable. */
    String unusableTopLevelKey(String key) {
      if (ScimSchemas.isSchemaUrn(key)) {
        return key.regionMatches(true, 0, CORE_URN_PREFIX, 0, CORE_URN_PREFIX.length())
            ? "is a core schema, not an extension: use its attribute names directly"
            : null;
      }
      return reservedReason(key);
    }

    boolean isComplexCandidate(String attribute) {
      return !notComplex.contains(attribute.toLowerCase(Locale.ROOT));
    }
  }

  int depth() {
    return segments.size();
  }

  /** The segments in lower case, to find keys that name the same attribute (RFC 7643 §2.1). */
  String identity() {
    return String.join("\u0000", segments).toLowerCase(Locale.ROOT);
  }

  boolean isTopLevel(String attribute) {
    return segments.size() == 1 && segments.get(0).equalsIgnoreCase(attribute);
  }

  /** Parses and validates {@code key}; every failure names the key. */
  static AttributePath parse(String key, Kind kind) {
    if (key == null || key.isBlank()) {
      throw new IllegalArgumentException(kind.noun() + " override key must not be blank");
    }
    List<String> segments = new ArrayList<>();
    String attribute = key;
    if (ScimSchemas.isSchemaUrn(key)) {
      // a known URN alone would otherwise parse as "urn:...:2.0" + attribute "User"
      if (Stream.of(ScimSchemas.ENTERPRISE_USER, ScimSchemas.USER, ScimSchemas.GROUP)
          .anyMatch(key::equalsIgnoreCase)) {
        throw invalid(kind, key, "names a schema itself; name one of its attributes, e.g. "
            + ScimSchemas.ENTERPRISE_USER + ":department");
      }
      int colon = key.lastIndexOf(':');
      String urn = key.substring(0, colon);
      attribute = key.substring(colon + 1);
      if (urn.length() <= 4 || attribute.isEmpty() || urn.chars().anyMatch(Character::isWhitespace)) {
        throw invalid(kind, key, "is not a schema URN followed by ':' and an attribute name; " + SYNTAX);
      }
      if (urn.regionMatches(true, 0, CORE_URN_PREFIX, 0, CORE_URN_PREFIX.length())) {
        // RFC 7644 §3.10 allows core attributes fully qualified; they are the plain names
        if (!urn.equalsIgnoreCase(kind.coreUrn())) {
          throw invalid(kind, key, "uses a core schema other than " + kind.coreUrn());
        }
      } else {
        segments.add(urn);
      }
    }
    String[] parts = attribute.split("\\.", -1);
    if (parts.length > 2) {
      throw invalid(kind, key, "nests deeper than attribute.subAttribute; " + SYNTAX);
    }
    for (int i = 0; i < parts.length; i++) {
      boolean sub = i > 0 || !segments.isEmpty();
      if (!ATTRIBUTE_NAME.matcher(parts[i]).matches() && !(sub && parts[i].equals("$ref"))) {
        throw invalid(kind, key, "is not a supported attribute path; " + SYNTAX);
      }
    }
    if (segments.isEmpty()) {
      String reason = kind.reservedReason(parts[0]);
      if (reason != null) {
        throw invalid(kind, key, "cannot be overridden: '" + parts[0] + "' " + reason);
      }
      if (parts.length == 2 && !kind.isComplexCandidate(parts[0])) {
        throw invalid(kind, key, "addresses a sub-attribute of '" + parts[0]
            + "', which is not a single complex attribute");
      }
    }
    segments.addAll(List.of(parts));
    return new AttributePath(key, segments);
  }

  static IllegalArgumentException invalid(Kind kind, String key, String problem) {
    return new IllegalArgumentException(kind.noun() + " override '" + key + "' " + problem);
  }
}
