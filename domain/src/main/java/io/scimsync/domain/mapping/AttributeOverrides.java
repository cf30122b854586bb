package io.scimsync.domain.mapping;

import io.scimsync.domain.mapping.AttributePath.Kind;
import io.scimsync.domain.model.JsonValues;
import io.scimsync.domain.model.TooDeepException;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A provider's static attribute overrides: attributes every user (or group) payload sent to that
 * provider gets added, replaced or removed, after the default mapping and the local object's own
 * attributes (a constant {@code userType}, a fixed enterprise {@code organization}, no
 * {@code emails} for a target that rejects them).
 *
 * <p>Keys are attribute paths (RFC 7644 §3.10), matched ignoring case:
 * <ul>
 *   <li>a top-level attribute: {@code title};</li>
 *   <li>a sub-attribute of a complex attribute: {@code name.honorificPrefix};</li>
 *   <li>an extension attribute, its schema URN, a colon and the attribute:
 *       {@code urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department}, or one of its
 *       sub-attributes ({@code ...:2.0:User:manager.value}). A core attribute written fully
 *       qualified ({@code urn:ietf:params:scim:schemas:core:2.0:User:title}) is the plain one.</li>
 * </ul>
 * A value (any plain JSON value, see {@link JsonValues}) replaces whatever the mapping produced at
 * that path, creating parent objects as needed; it is not merged into it. A {@code null} value
 * removes the attribute: the maps may therefore hold nulls (build them as a {@code LinkedHashMap};
 * {@code Map.of} cannot), and the accessors return them with their nulls. Paths are applied parents
 * first, so {@code name} and {@code name.givenName} together replace {@code name} and then adjust it;
 * attributes an override adds follow the mapped ones, in the order of the map given.
 *
 * <p>Not overridable: {@code id}, {@code schemas} (derived from the attributes present) and
 * {@code meta}, and for groups {@code members} (written by the engine). {@code userName} (users) and
 * {@code displayName} (groups) may be replaced by a non-blank string but not removed.
 *
 * @param user  overrides for user payloads, by attribute path; empty means none
 * @param group overrides for group payloads, by attribute path; empty means none
 */
public record AttributeOverrides(Map<String, Object> user, Map<String, Object> group) {
  private static final AttributeOverrides NONE = new AttributeOverrides(Map.of(), Map.of());

  /**
   * Validates every key and value; a failure names the offending key.
   *
   * @throws TooDeepException if a value nests deeper than
   *     {@link io.scimsync.domain.model.JsonDepth#LIMIT}; its path starts with the key
   */
  public AttributeOverrides {
    user = validated(user, Kind.USER);
    group = validated(group, Kind.GROUP);
  }

  /** No overrides: payloads are the default mapping plus the local objects' attributes. */
  public static AttributeOverrides none() {
    return NONE;
  }

  private static Map<String, Object> validated(Map<String, Object> overrides, Kind kind) {
    Objects.requireNonNull(overrides, kind.noun() + " overrides");
    Map<String, Object> copy = new LinkedHashMap<>();
    Map<String, String> seen = new HashMap<>();
    overrides.forEach((key, value) -> {
      AttributePath path = AttributePath.parse(key, kind);
      String earlier = seen.putIfAbsent(path.identity(), key);
      if (earlier != null) {
        throw AttributePath.invalid(kind, key, "names the same attribute as '" + earlier + "'");
      }
      if (path.isTopLevel(kind.requiredAttribute())
          && !(value instanceof String text && !text.isBlank())) {
        throw AttributePath.invalid(kind, key, value == null
            ? "cannot remove " + kind.requiredAttribute() + ", which every SCIM " + kind.noun()
                + " requires"
            : "must be a non-blank string");
      }
      copy.put(key, copyValue(value, kind, key));
    });
    return Collections.unmodifiableMap(copy);
  }

  private static Object copyValue(Object value, Kind kind, String key) {
    try {
      return JsonValues.copy(value, key);
    } catch (TooDeepException e) {
      throw e; // its path starts with the key already
    } catch (IllegalArgumentException | ClassCastException | NullPointerException e) {
      throw AttributePath.invalid(kind, key, "has a value that is not plain JSON: " + e.getMessage());
    }
  }
}
