package io.scimsync.domain.target;

import io.scimsync.domain.model.JsonValues;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The optional SCIM features a target announces in its ServiceProviderConfig (RFC 7643 §5).
 *
 * <p>{@code origin} says whether a document was read at all, and {@code assumedFields} names every
 * field that took its default because the document lacked it or had it malformed. authentik throws
 * away the whole document when one section is missing and cannot tell a fallback from a real
 * answer (W9, W10); here each field stands on its own.
 */
public record TargetCapabilities(boolean patchSupported, boolean bulkSupported,
                                 int bulkMaxOperations, int bulkMaxPayloadSize,
                                 boolean filterSupported, int filterMaxResults,
                                 boolean changePasswordSupported, boolean sortSupported,
                                 boolean etagSupported, List<String> authenticationSchemes,
                                 Origin origin, Set<String> assumedFields) {
  /** Where the capabilities came from. */
  public enum Origin {
    /** Parsed from the target's ServiceProviderConfig document. */
    DISCOVERED,
    /** No document: the profile has none, or fetching it failed; every field is a default. */
    ASSUMED
  }

  public static final List<String> FIELDS = List.of(
      "patch.supported", "bulk.supported", "bulk.maxOperations", "bulk.maxPayloadSize",
      "filter.supported", "filter.maxResults", "changePassword.supported", "sort.supported",
      "etag.supported", "authenticationSchemes");

  public TargetCapabilities {
    authenticationSchemes = List.copyOf(authenticationSchemes);
    assumedFields = Set.copyOf(assumedFields);
  }

  /** Nothing optional supported, everything flagged as assumed: what a target without a document gets. */
  public static TargetCapabilities assumed() {
    return new TargetCapabilities(false, false, 0, 0, false, 0, false, false, false, List.of(),
        Origin.ASSUMED, Set.copyOf(FIELDS));
  }

  /** True when {@code field} (one of {@link #FIELDS}) was read from the target, not defaulted. */
  public boolean discovered(String field) {
    return origin == Origin.DISCOVERED && !assumedFields.contains(field);
  }

  /**
   * Parses a ServiceProviderConfig document field by field: a missing or malformed section
   * defaults only its own fields. Keys are matched ignoring case; booleans and integers are also
   * accepted as strings, because servers send them so.
   */
  public static TargetCapabilities fromServiceProviderConfig(Map<String, ?> document) {
    Set<String> assumed = new LinkedHashSet<>();
    Map<String, ?> patch = section(document, "patch");
    Map<String, ?> bulk = section(document, "bulk");
    Map<String, ?> filter = section(document, "filter");
    Map<String, ?> changePassword = section(document, "changePassword");
    Map<String, ?> sort = section(document, "sort");
    Map<String, ?> etag = section(document, "etag");
    List<String> schemes = new ArrayList<>();
    if (JsonValues.getIgnoreCase(document, "authenticationSchemes") instanceof List<?> list) {
      for (Object item : list) {
        if (item instanceof Map<?, ?> scheme) {
          JsonValues.string(JsonValues.getIgnoreCase(asMap(scheme), "type"))
              .or(() -> JsonValues.string(JsonValues.getIgnoreCase(asMap(scheme), "name")))
              .ifPresent(schemes::add);
        }
      }
    } else {
      assumed.add("authenticationSchemes");
    }
    return new TargetCapabilities(
        bool(patch, "supported", "patch.supported", assumed),
        bool(bulk, "supported", "bulk.supported", assumed),
        integer(bulk, "maxOperations", "bulk.maxOperations", assumed),
        integer(bulk, "maxPayloadSize", "bulk.maxPayloadSize", assumed),
        bool(filter, "supported", "filter.supported", assumed),
        integer(filter, "maxResults", "filter.maxResults", assumed),
        bool(changePassword, "supported", "changePassword.supported", assumed),
        bool(sort, "supported", "sort.supported", assumed),
        bool(etag, "supported", "etag.supported", assumed),
        schemes, Origin.DISCOVERED, assumed);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, ?> asMap(Map<?, ?> map) {
    return (Map<String, ?>) map;
  }

  private static Map<String, ?> section(Map<String, ?> document, String name) {
    return JsonValues.getIgnoreCase(document, name) instanceof Map<?, ?> map ? asMap(map) : Map.of();
  }

  private static boolean bool(Map<String, ?> section, String key, String field, Set<String> assumed) {
    Object value = JsonValues.getIgnoreCase(section, key);
    if (value instanceof Boolean b) {
      return b;
    }
    if (value instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
      return Boolean.parseBoolean(s);
    }
    assumed.add(field);
    return false;
  }

  private static int integer(Map<String, ?> section, String key, String field, Set<String> assumed) {
    Object value = JsonValues.getIgnoreCase(section, key);
    if (value instanceof Number n) {
      return Math.max(0, n.intValue());
    }
    if (value instanceof String s) {
      try {
        return Math.max(0, Integer.parseInt(s.trim()));
      } catch (NumberFormatException e) {
        // falls through to the default
      }
    }
    assumed.add(field);
    return 0;
  }
}
